// The QR code of the join address as an SVG picture, for the board and the trainer's screen.
#pragma once

#include <string>
#include <string_view>

namespace salesim::classroom {

/// The QR code of `text` (byte mode, error correction level M) as a standalone SVG document:
/// black modules on white with a quiet zone of 4 modules, all modules in one `<path>`, the
/// viewBox in modules (a code of width W has the viewBox `0 0 W+8 W+8`).
/// Throws std::runtime_error (a std::system_error with libqrencode's errno) when `text` cannot
/// be encoded: empty, holding a NUL byte, or too long for a QR code.
std::string qr_svg(std::string_view text);

}  // namespace salesim::classroom
