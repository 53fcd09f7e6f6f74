// The result record of an attempt as JSON: the engine's record with the mode it was played in.
#include "salesim/app/result_json.hpp"

#include <salesim/score.hpp>

#include <nlohmann/json.hpp>

namespace salesim::app {

std::string result_json(const Session& session, const std::string& lang, Mode mode) {
    using Json = nlohmann::ordered_json;
    const Json engine = Json::parse(salesim::result_json(session, lang));
    Json out = Json::object();
    for (const auto& [key, value] : engine.items()) {
        out[key] = value;
        if (key == "lang") out["mode"] = std::string(to_string(mode));
    }
    return out.dump(2) + "\n";
}

}  // namespace salesim::app
