// Saving and resuming a session: the save data, its JSON file, and replaying it exactly.
#include "salesim/session.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace salesim {

SaveData Session::save(std::string lang) const {
    SaveData s;
    s.scenario_id = m_scenario->id;
    s.content_hash = m_scenario->content_hash;
    s.seed = m_seed;
    s.lang = std::move(lang);
    s.choices = m_choices;
    s.hinted = m_hinted;
    // A hint taken for the decision at hand is saved too: resuming must not drop its cost.
    if (m_hint_pending) s.hinted.push_back(m_decision_count);
    s.nudged = m_nudged;
    if (m_nudge_pending) s.nudged.push_back(m_decision_count);
    return s;
}

Session Session::resume(std::shared_ptr<const Scenario> scenario, const SaveData& save) {
    if (!scenario) throw std::logic_error("resume needs a scenario");
    if (save.scenario_id != scenario->id)
        throw std::runtime_error("the saved session is for scenario '" + save.scenario_id + "', not '" +
                                 scenario->id + "'");
    if (save.content_hash != scenario->content_hash)
        throw std::runtime_error("scenario '" + scenario->id +
                                 "' has changed since the session was saved (saved " + save.content_hash +
                                 ", now " + scenario->content_hash +
                                 "); the session cannot be replayed exactly. Start it again.");
    Session s(std::move(scenario), save.seed);
    for (std::size_t i = 0; i < save.choices.size(); ++i) {
        if (s.finished())
            throw std::runtime_error("the save has " + std::to_string(save.choices.size()) +
                                     " choices but the session ends after " + std::to_string(i));
        if (std::find(save.nudged.begin(), save.nudged.end(), static_cast<int>(i)) != save.nudged.end())
            s.nudge();
        if (std::find(save.hinted.begin(), save.hinted.end(), static_cast<int>(i)) != save.hinted.end())
            s.hint();
        const std::size_t n = s.current().options.size();
        if (save.choices[i] >= n)
            throw std::runtime_error("choice " + std::to_string(i + 1) + " of the save is option " +
                                     std::to_string(save.choices[i] + 1) + ", but that decision has only " +
                                     std::to_string(n) + " options");
        s.choose(save.choices[i]);
    }
    const auto pending = static_cast<int>(save.choices.size());
    if (!s.finished() && std::find(save.nudged.begin(), save.nudged.end(), pending) != save.nudged.end())
        s.nudge();
    if (!s.finished() && std::find(save.hinted.begin(), save.hinted.end(), pending) != save.hinted.end())
        s.hint();
    return s;
}

std::string save_to_json(const SaveData& save) {
    nlohmann::ordered_json j;
    j["format"] = 1;
    j["scenario"] = save.scenario_id;
    j["hash"] = save.content_hash;
    j["seed"] = save.seed;
    j["lang"] = save.lang;
    auto& choices = j["choices"] = nlohmann::ordered_json::array();
    for (std::size_t c : save.choices) choices.push_back(c + 1);
    auto& hints = j["hints"] = nlohmann::ordered_json::array();
    for (int h : save.hinted) hints.push_back(h + 1);
    // Written only when there is one, so a save without nudges reads as it did before them.
    if (!save.nudged.empty()) {
        auto& nudges = j["nudges"] = nlohmann::ordered_json::array();
        for (int h : save.nudged) nudges.push_back(h + 1);
    }
    return j.dump(2) + "\n";
}

SaveData save_from_json(std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::runtime_error("the save file is not a JSON object (is it a save file?)");
    auto need = [&j](const char* key) -> const nlohmann::json& {
        if (!j.contains(key)) throw std::runtime_error(std::string("the save file has no '") + key + "'");
        return j[key];
    };
    if (!need("format").is_number_integer() || need("format").get<int>() != 1)
        throw std::runtime_error("the save file's format is not 1 (saved by a newer program?)");
    SaveData s;
    if (!need("scenario").is_string())
        throw std::runtime_error("the save file's 'scenario' must be a string");
    s.scenario_id = j["scenario"].get<std::string>();
    if (!need("hash").is_string()) throw std::runtime_error("the save file's 'hash' must be a string");
    s.content_hash = j["hash"].get<std::string>();
    if (!need("seed").is_number_unsigned())
        throw std::runtime_error("the save file's 'seed' must be a whole number");
    s.seed = j["seed"].get<std::uint64_t>();
    if (j.contains("lang") && j["lang"].is_string()) s.lang = j["lang"].get<std::string>();
    const auto& choices = need("choices");
    if (!choices.is_array()) throw std::runtime_error("the save file's 'choices' must be a list");
    for (const auto& c : choices) {
        if (!c.is_number_unsigned() || c.get<std::uint64_t>() < 1 || c.get<std::uint64_t>() > 1000)
            throw std::runtime_error("the save file's 'choices' must be option numbers from 1");
        s.choices.push_back(static_cast<std::size_t>(c.get<std::uint64_t>() - 1));
    }
    if (j.contains("hints")) {
        if (!j["hints"].is_array()) throw std::runtime_error("the save file's 'hints' must be a list");
        for (const auto& h : j["hints"]) {
            if (!h.is_number_unsigned() || h.get<std::uint64_t>() < 1 ||
                h.get<std::uint64_t>() > s.choices.size() + 1)
                throw std::runtime_error("the save file's 'hints' must be decision numbers from 1");
            s.hinted.push_back(static_cast<int>(h.get<std::uint64_t>() - 1));
        }
    }
    if (j.contains("nudges")) {
        if (!j["nudges"].is_array()) throw std::runtime_error("the save file's 'nudges' must be a list");
        for (const auto& h : j["nudges"]) {
            if (!h.is_number_unsigned() || h.get<std::uint64_t>() < 1 ||
                h.get<std::uint64_t>() > s.choices.size() + 1)
                throw std::runtime_error("the save file's 'nudges' must be decision numbers from 1");
            s.nudged.push_back(static_cast<int>(h.get<std::uint64_t>() - 1));
        }
    }
    return s;
}

}  // namespace salesim
