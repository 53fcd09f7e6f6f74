// The QR code of the join address: a well-formed SVG whose modules are exactly libqrencode's, with
// the quiet zone, and that a reader decodes back to the address (with zbarimg, when installed).
#include "salesim/classroom/qr_svg.hpp"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using salesim::classroom::qr_svg;

namespace {

const std::string k_address = "http://192.168.1.20:8765";

/// The dark modules an SVG of qr_svg draws, read back from its one path (`Mx yhNv1h-Nz` runs).
struct Modules {
    int size = 0;  // the viewBox's side, quiet zone included
    std::vector<std::vector<bool>> dark;
};

Modules read_svg(const std::string& svg) {
    Modules m;
    std::smatch box;
    if (!std::regex_search(svg, box, std::regex(R"re(viewBox="0 0 (\d+) (\d+)")re")) || box[1] != box[2]) {
        throw std::runtime_error("no square viewBox");
    }
    m.size = std::stoi(box[1]);
    m.dark.assign(static_cast<std::size_t>(m.size),
                  std::vector<bool>(static_cast<std::size_t>(m.size), false));
    std::smatch path;
    if (!std::regex_search(svg, path, std::regex(R"re(<path d="([^"]*)")re")))
        throw std::runtime_error("no path");
    const std::string d = path[1];
    const std::regex run(R"re(M(\d+) (\d+)h(\d+)v1h-(\d+)z)re");
    std::size_t covered = 0;
    for (std::sregex_iterator it(d.begin(), d.end(), run), end; it != end; ++it) {
        const int x = std::stoi((*it)[1]);
        const int y = std::stoi((*it)[2]);
        const int n = std::stoi((*it)[3]);
        if ((*it)[3] != (*it)[4] || n < 1 || y >= m.size || x + n > m.size)
            throw std::runtime_error("bad run");
        for (int i = 0; i < n; ++i) {
            m.dark[static_cast<std::size_t>(y)][static_cast<std::size_t>(x + i)] = true;
        }
        covered += static_cast<std::size_t>(it->length());
    }
    if (covered != d.size()) throw std::runtime_error("the path holds something other than runs");
    return m;
}

std::string run_command(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    pclose(pipe);
    return out;
}

}  // namespace

TEST(ClassroomQr, IsAStandaloneSvgWithOnePathAndCrispEdges) {
    const std::string svg = qr_svg(k_address);
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" ", 0), 0u) << svg.substr(0, 80);
    EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    std::size_t paths = 0;
    for (std::size_t at = svg.find("<path"); at != std::string::npos; at = svg.find("<path", at + 1)) ++paths;
    EXPECT_EQ(paths, 1u);
    // Every element is closed: <svg>...</svg> around a self-closing rect and path, nothing else.
    const std::string rest =
        std::regex_replace(svg, std::regex(R"re(<(rect|path) [^<>]*/>|<svg [^<>]*>|</svg>)re"), "");
    EXPECT_EQ(rest.find_first_not_of("\n"), std::string::npos) << rest;
    EXPECT_NE(svg.find("fill=\"#fff\""), std::string::npos);
    EXPECT_NE(svg.find("fill=\"#000\""), std::string::npos);
}

TEST(ClassroomQr, ModulesAreLibqrencodesWithAQuietZoneOfFour) {
    const std::string svg = qr_svg(k_address);
    const Modules m = read_svg(svg);

    QRcode* code = QRcode_encodeString8bit(k_address.c_str(), 0, QR_ECLEVEL_M);
    ASSERT_NE(code, nullptr);
    const int width = code->width;
    std::vector<std::vector<bool>> expected(static_cast<std::size_t>(width),
                                            std::vector<bool>(static_cast<std::size_t>(width)));
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            expected[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] =
                (code->data[y * width + x] & 1U) != 0;
        }
    }
    QRcode_free(code);

    // 24 bytes at level M need version 2: 25 modules a side, 33 with the quiet zone.
    EXPECT_EQ(width, 25);
    ASSERT_EQ(m.size, width + 8);
    for (int y = 0; y < m.size; ++y) {
        for (int x = 0; x < m.size; ++x) {
            const bool inside = x >= 4 && y >= 4 && x < 4 + width && y < 4 + width;
            const bool want =
                inside && expected[static_cast<std::size_t>(y - 4)][static_cast<std::size_t>(x - 4)];
            ASSERT_EQ(m.dark[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)], want)
                << "module " << x << "," << y;
        }
    }
    // The three finder patterns a reader looks for: a dark ring, a light ring, a dark 3x3 core.
    for (const auto& [fx, fy] : {std::pair{4, 4}, std::pair{4 + width - 7, 4}, std::pair{4, 4 + width - 7}}) {
        for (int dy = 0; dy < 7; ++dy) {
            for (int dx = 0; dx < 7; ++dx) {
                const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));
                EXPECT_EQ(m.dark[static_cast<std::size_t>(fy + dy)][static_cast<std::size_t>(fx + dx)],
                          ring != 2)
                    << "finder at " << fx << "," << fy;
            }
        }
    }
}

TEST(ClassroomQr, LongerAddressesGiveLargerCodes) {
    const Modules small = read_svg(qr_svg("http://10.0.0.2:8765"));
    const Modules large = read_svg(
        qr_svg("https://classroom-server.school.example.org:8765/?lang=fi&x=" + std::string(60, 'a')));
    EXPECT_LT(small.size, large.size);
    EXPECT_EQ((small.size - 8 - 17) % 4, 0) << "a QR side is 17 + 4 * version modules";
    EXPECT_EQ((large.size - 8 - 17) % 4, 0);
}

TEST(ClassroomQr, WhatCannotBeEncodedThrows) {
    EXPECT_THROW(qr_svg(""), std::runtime_error);
    EXPECT_THROW(qr_svg(std::string("http://a\0b", 10)), std::runtime_error);
    // Version 40 at level M holds 2331 bytes.
    EXPECT_THROW(qr_svg(std::string(3000, 'x')), std::runtime_error);
    EXPECT_NO_THROW(qr_svg(std::string(2000, 'x')));
}

TEST(ClassroomQr, AReaderDecodesTheAddress) {
    if (run_command("command -v zbarimg").empty()) {
        GTEST_SKIP() << "zbarimg is not installed; the module-by-module comparison above stands in for it";
    }
    const Modules m = read_svg(qr_svg(k_address));
    // The picture as a PGM, 8 pixels a module: what a camera would see, without a rasterizer.
    const int scale = 8;
    const auto file = std::filesystem::temp_directory_path() / "salesim-qr-test.pgm";
    {
        std::ofstream out(file, std::ios::binary);
        out << "P5\n" << m.size * scale << " " << m.size * scale << "\n255\n";
        for (int y = 0; y < m.size * scale; ++y) {
            for (int x = 0; x < m.size * scale; ++x) {
                const bool dark =
                    m.dark[static_cast<std::size_t>(y / scale)][static_cast<std::size_t>(x / scale)];
                out.put(static_cast<char>(dark ? 0 : 255));
            }
        }
    }
    const std::string decoded = run_command("zbarimg -q --raw '" + file.string() + "' 2>/dev/null");
    std::filesystem::remove(file);
    EXPECT_EQ(decoded, k_address + "\n");
}
