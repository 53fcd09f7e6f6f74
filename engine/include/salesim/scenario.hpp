// A scenario as plain C++ types: the persona, the product and the content of the seven stages.
#pragma once

#include "salesim/diagnostic.hpp"
#include "salesim/domain.hpp"
#include "salesim/rulebook.hpp"
#include "salesim/text.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace salesim {

struct Need {
    std::string id;
    Text text;
    SourceLoc loc;
};

struct Persona {
    std::string name;
    Text role;
    Text about;
    std::string authority = "full";  ///< full | shared | none
    /// How the seller addresses the buyer, and the buyer the seller: picks the rule book's formal
    /// variants of its default lines and replies (Text::in_address()).
    Address address = Address::Informal;
    /// ego, patience, skepticism, price_sensitivity, brand_loyalty, detail_mindedness, risk_aversion
    std::map<std::string, double> traits;
    BuyerState start;
    std::vector<Need> motives;
    std::vector<Need> needs;
};

struct Rubric {
    std::map<Stage, int> weights;  ///< only stages the scenario has
    int pass = 70;
    std::vector<Outcome> pass_outcomes{Outcome::Sale};
    int close_at = 70;
    int close_attempts = 3;
    bool no_mistake_close = false;  ///< a pass also needs no close judged a mistake
    SourceLoc loc;                  ///< the pass mark's line (the rubric's when it has none)
};

struct Lead {
    std::string id;
    Text name;
    Text about;
    bool able = true, willing = true, authorised = true, reachable = true, need_met = false,
         meets_requirements = true;
    int rank = 1;
    Text outcome;
    SourceLoc loc;

    bool qualified() const {
        return able && willing && authorised && reachable && !need_met && meets_requirements;
    }
};

struct StepOption {
    std::string move;
    Text say;
    Text reply;    ///< the buyer's words in answer (replaces the rule's generic reply)
    Text narrate;  ///< what happens, told by the narrator before any reply; with no `reply`, the buyer is
                   ///< silent
    std::vector<std::string> discovers;  ///< need ids
    SourceLoc loc;
};

enum class Speaker { Narrator, Buyer, Seller };

struct Step {
    std::string id;
    Speaker speaker = Speaker::Narrator;
    Text prompt;
    std::vector<StepOption> options;
    SourceLoc loc;
};

struct Objection {
    std::string id;
    ObjectionKind kind = ObjectionKind::Price;
    Text says;
    bool valid = false, ego = false, trivial = false, misinformed = false, excuse = false, offsets = false;
    std::string hidden;  ///< id of the concealed objection behind this one, or ""
    bool concealed = false;
    bool blocking = false;  ///< no sale while it is open (default: valid or concealed)
    std::string turns_on;   ///< need id, or ""
    /// The buyer's traits on this objection's topic, read instead of the persona's while it is
    /// answered (a buyer proud of one thing only: `traits: {ego: 0.8}`).
    std::map<std::string, double> traits;
    std::map<Method, Text> lines;
    std::map<Method, Text> replies;
    /// Replies by the answer's verdict ("best", "good", "weak", "mistake"), per method: used before
    /// `replies` when the key of the verdict is there.
    std::map<Method, std::map<std::string, Text>> replies_by;
    SourceLoc loc;
};

/// Content of one stage. Which fields are used depends on the stage.
struct StageContent {
    Stage stage = Stage::Prospecting;
    Text intro;
    std::vector<Lead> leads;            ///< prospecting
    std::vector<Step> steps;            ///< pre_approach, approach, presentation, follow_up
    std::vector<Objection> objections;  ///< objections, in raising order (concealed ones included)
    std::map<Technique, Text> lines;    ///< closing
    std::map<Technique, Text> replies;  ///< closing
    /// Closing replies by outcome ("accepted", "refused") or verdict, per technique: the outcome
    /// first, then the verdict, then `replies` (which speaks only when the close sells).
    std::map<Technique, std::map<std::string, Text>> replies_by;
    SourceLoc loc;
};

/// A loaded, validated scenario. Immutable; sessions share it.
/// `wanted` when `languages` offers it, else the first of them ("en" for an empty list).
std::string language_or_default(const std::vector<std::string>& languages, std::string_view wanted);

struct Scenario {
    std::string id;
    std::string path;          ///< the file it was loaded from
    std::string content_hash;  ///< 16 hex digits over the file's bytes and the rule book's
    Text title;
    Text summary;
    std::vector<Text> goals;
    std::vector<std::string> languages;
    std::string context;  ///< b2b | b2c | retail
    int difficulty = 1;
    Text product_name;
    bool product_complex = false;
    std::map<std::string, bool> facts;
    Persona persona;
    Rubric rubric;
    std::vector<StageContent> stages;  ///< in process order, only those present
    /// The scenario's own buying signals by key ("readiness.warming", "trial.ready"; see
    /// salesim/signals.hpp): each replaces the rule book's lines for that key.
    std::map<std::string, std::vector<Text>, std::less<>> signals;
    /// The effective rules: the rule book with this scenario's overrides applied.
    std::shared_ptr<const RuleBook> rules;

    const StageContent* find_stage(Stage s) const;
    bool has_stage(Stage s) const { return find_stage(s) != nullptr; }
    const Objection* find_objection(std::string_view id) const;
    const Need* find_need(std::string_view id) const;
    /// The language to use when `wanted` is not offered: the first of `languages`.
    std::string language_or_default(std::string_view wanted) const;
};

}  // namespace salesim
