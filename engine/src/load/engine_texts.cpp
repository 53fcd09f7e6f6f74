// The catalogue of the engine's own words that a rule book's `texts:` section holds.
#include "load/engine_texts.hpp"

namespace salesim {

const std::vector<EngineTextGroup>& engine_text_groups() {
    static const std::vector<EngineTextGroup> groups{
        {"stages",
         {"prospecting", "pre_approach", "approach", "presentation", "objections", "closing", "follow_up"}},
        {"narration",
         {"refused", "refused_open", "sale", "no_sale", "walked_away", "close_again", "still_bothers",
          "confirm_prompt", "ended", "lead_dropped"},
         {"still_bothers", "confirm_prompt", "ended", "lead_dropped"}},
        {"outcomes", {"in_progress", "sale", "no_sale", "walked_away"}},
        {"verdicts", {"best", "good", "weak", "mistake"}},
        {"speakers", {"narrator", "buyer", "seller"}},
        {"debrief",
         {"title", "scenario", "outcome", "overall", "passed", "failed", "stages", "competencies",
          "decisions", "chosen", "better", "rule", "transcript", "hinted", "nudged", "not_reached"},
         {"nudged", "not_reached"}},
        // The nudge (first-level hint) for a decision, by its stage, or `confirm` for the check
        // after an answer to an objection.
        {"hints",
         {"prospecting", "pre_approach", "approach", "presentation", "objections", "confirm", "closing",
          "follow_up"},
         {"prospecting", "pre_approach", "approach", "presentation", "objections", "confirm", "closing",
          "follow_up"}},
    };
    return groups;
}

std::vector<std::string> engine_text_names() {
    std::vector<std::string> out;
    for (const EngineTextGroup& g : engine_text_groups()) out.emplace_back(g.name);
    out.emplace_back("signals");  // lists of cues rather than texts: read by read_book_signals()
    return out;
}

std::vector<std::string> engine_text_names(const EngineTextGroup& group) {
    return {group.keys.begin(), group.keys.end()};
}

}  // namespace salesim
