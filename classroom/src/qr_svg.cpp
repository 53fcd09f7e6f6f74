// The QR code of the join address as SVG, from Debian's libqrencode.
#include "salesim/classroom/qr_svg.hpp"

#include <qrencode.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <system_error>

namespace salesim::classroom {

namespace {

/// Modules of white around the code, as the QR standard asks, so a reader finds its edges.
constexpr int k_quiet_zone = 4;

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_svg(std::string_view text) {
    // QRcode_encodeString8bit reads up to the first NUL: a NUL inside would silently cut the text.
    if (text.empty() || text.find('\0') != std::string_view::npos) {
        throw std::system_error(EINVAL, std::generic_category(), "qr_svg");
    }
    const std::string input(text);
    errno = 0;
    const std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M));
    if (!code) {
        throw std::system_error(errno != 0 ? errno : EINVAL, std::generic_category(), "qr_svg");
    }

    const int width = code->width;
    const std::string size = std::to_string(width + 2 * k_quiet_zone);
    std::string svg;
    svg.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(width) * 4 + 400);
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size +
           "\" shape-rendering=\"crispEdges\">\n";
    svg += "<rect x=\"0\" y=\"0\" width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>\n";
    // One subpath per horizontal run of dark modules keeps the path a few kilobytes.
    svg += "<path d=\"";
    for (int y = 0; y < width; ++y) {
        const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
        int x = 0;
        while (x < width) {
            if ((row[x] & 1U) == 0) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < width && (row[x] & 1U) != 0) ++x;
            const std::string run = std::to_string(x - start);
            svg += "M" + std::to_string(start + k_quiet_zone) + " " + std::to_string(y + k_quiet_zone) + "h" +
                   run + "v1h-" + run + "z";
        }
    }
    svg += "\" fill=\"#000\"/>\n</svg>\n";
    return svg;
}

}  // namespace salesim::classroom
