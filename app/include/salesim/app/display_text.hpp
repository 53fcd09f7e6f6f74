// Text from a user or a file made safe to show: control characters, escape sequences and
// bidirectional overrides are shown as visible escapes, never passed to the terminal.
#pragma once

#include <string>
#include <string_view>

namespace salesim::app {

/// `text` as one line a terminal shows and never acts on: every control character
/// (results::is_control_code_point: C0, DEL, C1, the bidirectional controls, the line separators)
/// is written as a visible escape: `\e` (ESC), `\a`, `\b`, `\t`, `\n`, `\v`, `\f`, `\r`, `\x01` for
/// the other C0 controls and `\x7f` for DEL, `\u009B` for a C1 control and `\u202E` for a
/// bidirectional control or a separator. A byte that is not valid UTF-8 is shown as `\xff`. Valid
/// text without them (ä, ö, “, ✓) comes back unchanged. For names, ids and titles: what the
/// results store keeps stays as it was given; only its display is escaped.
std::string display_line(std::string_view text);

/// The same for text of several lines or paragraphs (a scenario's summary, a buyer's line, an
/// error message): line feeds stay line feeds, everything else is escaped as display_line does.
std::string display_lines(std::string_view text);

}  // namespace salesim::app
