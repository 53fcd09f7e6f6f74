// The save file of an attempt: the engine's save data plus the mode it is played in.
#include "salesim/app/save_file.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace salesim::app {

std::string save_file_json(const SaveFile& save) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(save_to_json(save.data));
    j["mode"] = std::string(to_string(save.mode));
    return j.dump(2) + "\n";
}

SaveFile save_file_from_json(std::string_view text) {
    SaveFile out;
    out.data = save_from_json(text);
    // save_from_json has checked that the text is a JSON object.
    const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_object() && j.contains("mode")) {
        const nlohmann::json& m = j["mode"];
        const auto mode = m.is_string() ? parse_mode(m.get<std::string>()) : std::nullopt;
        if (!mode) throw std::runtime_error("the save file's 'mode' must be one of " + mode_ids());
        out.mode = *mode;
    }
    return out;
}

}  // namespace salesim::app
