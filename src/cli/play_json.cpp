// The record `salesim play --json` prints: the engine's result record with the decision at hand and
// the open objections added, so a script can read where a session stands and play on.
#include "cli/play_json.hpp"

#include <salesim/app/result_json.hpp>
#include <salesim/score.hpp>

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

namespace salesim::cli {

namespace {

using Json = nlohmann::ordered_json;

Json objections_json(const std::vector<OpenObjection>& open) {
    Json out = Json::array();
    for (const OpenObjection& o : open) out.push_back({{"id", o.id}, {"blocking", o.blocking}});
    return out;
}

Json decision_json(const Session& s, const std::string& lang) {
    const Decision& d = s.current();
    Json j;
    j["index"] = s.decisions().size() + 1;
    j["stage"] = std::string(to_string(d.stage));
    j["kind"] = to_string(d.kind);
    j["ref"] = d.ref;
    j["prompt"] = d.prompt.get(lang);
    Json options = Json::array();
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        const Option& o = d.options[i];
        Json opt;
        opt["index"] = i + 1;
        opt["move"] = o.move;
        if (!o.ref.empty()) opt["ref"] = o.ref;
        opt["label"] = o.label.get(lang);
        opt["say"] = o.say.get(lang);
        options.push_back(std::move(opt));
    }
    j["options"] = std::move(options);
    j["open_objections"] = objections_json(s.open_objections());
    return j;
}

}  // namespace

std::string play_json(const Session& session, const std::string& lang, Mode mode) {
    Json result = Json::parse(app::result_json(session, lang, mode));
    Json& records = result["decisions"];
    const auto& history = session.decisions();
    for (std::size_t i = 0; i < records.size() && i < history.size(); ++i)
        records[i]["open_objections"] = objections_json(history[i].open_before);
    if (session.finished()) return result.dump(2) + "\n";

    // The decision at hand goes right after the decisions made, the order a reader follows.
    Json out;
    for (auto& [key, value] : result.items()) {
        out[key] = std::move(value);
        if (key == "decisions") out["decision"] = decision_json(session, lang);
    }
    return out.dump(2) + "\n";
}

}  // namespace salesim::cli
