// Settings as JSON and reading the files the window keeps.
#include "window/model/prefs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace salesim::window {

std::string prefs_to_json(const Prefs& p) {
    const nlohmann::json j = {{"format", 1},
                              {"name", p.name},
                              {"lang", p.lang},
                              {"scale", p.scale},
                              {"theme", std::string(to_string(p.theme))},
                              {"mode", std::string(to_string(p.mode))},
                              {"store", p.store},
                              {"read_aloud", p.read_aloud},
                              {"reduce_motion", p.reduce_motion},
                              {"font", std::string(to_string(p.font))}};
    return j.dump(2) + "\n";
}

Prefs prefs_from_json(std::string_view text, const std::string& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number too large
        throw std::runtime_error(path + ": error: not valid JSON (" + e.what() +
                                 ")\nhelp: delete the file to go back to the default settings");
    }
    if (!j.is_object()) throw std::runtime_error(path + ": error: expected a JSON object");
    Prefs p;
    if (auto it = j.find("name"); it != j.end() && it->is_string()) p.name = it->get<std::string>();
    if (auto it = j.find("lang"); it != j.end() && it->is_string()) p.lang = it->get<std::string>();
    if (auto it = j.find("scale"); it != j.end() && it->is_number()) {
        // Clamped as a double: any number converts to one, while 1e300 does not fit an int.
        const double scale = it->get<double>();
        if (std::isfinite(scale)) p.scale = static_cast<int>(std::clamp<double>(scale, min_scale, max_scale));
    }
    if (auto it = j.find("store"); it != j.end() && it->is_string()) p.store = it->get<std::string>();
    if (auto it = j.find("theme"); it != j.end() && it->is_string()) {
        if (auto t = parse_theme(it->get<std::string>())) p.theme = *t;
    }
    // Settings written before modes have none: guided, the game as it was.
    if (auto it = j.find("mode"); it != j.end() && it->is_string()) {
        if (auto m = parse_mode(it->get<std::string>())) p.mode = *m;
    }
    if (auto it = j.find("read_aloud"); it != j.end() && it->is_boolean()) p.read_aloud = it->get<bool>();
    if (auto it = j.find("reduce_motion"); it != j.end() && it->is_boolean())
        p.reduce_motion = it->get<bool>();
    if (auto it = j.find("font"); it != j.end() && it->is_string()) {
        if (auto f = parse_font(it->get<std::string>())) p.font = *f;
    }
    return p;
}

std::string_view to_string(FontChoice f) {
    return f == FontChoice::OpenDyslexic ? "opendyslexic" : "standard";
}

std::optional<FontChoice> parse_font(std::string_view name) {
    for (const FontChoice f : all_fonts)
        if (to_string(f) == name) return f;
    return std::nullopt;
}

std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": error: cannot read the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace salesim::window
