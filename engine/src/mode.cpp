// The play modes' ids.
#include "salesim/mode.hpp"

#include <string>

namespace salesim {

std::string_view to_string(Mode m) {
    switch (m) {
        case Mode::Guided:
            return "guided";
        case Mode::Practice:
            return "practice";
        case Mode::Assessment:
            return "assessment";
    }
    return "guided";
}

std::optional<Mode> parse_mode(std::string_view id) {
    for (Mode m : all_modes)
        if (to_string(m) == id) return m;
    return std::nullopt;
}

std::string mode_ids() {
    std::string out;
    for (Mode m : all_modes) {
        if (!out.empty()) out += ", ";
        out += to_string(m);
    }
    return out;
}

}  // namespace salesim
