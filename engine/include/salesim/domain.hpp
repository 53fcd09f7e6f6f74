// The sales domain as types: stages, objection methods, closing techniques, objection kinds.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace salesim {

/// The seven steps of personal selling, in the order a session plays them.
enum class Stage { Prospecting, PreApproach, Approach, Presentation, Objections, Closing, FollowUp };

/// The six objection-handling methods.
enum class Method { Denial, Boomerang, YesBut, Compensation, PassUp, Question };

/// The eleven closing techniques.
enum class Technique {
    Trial,
    Assumptive,
    Direct,
    Alternative,
    Benefit,
    Incentive,
    Action,
    Objection,
    Story,
    Scarcity,
    Details
};

/// What a buyer objects to.
enum class ObjectionKind { Price, Delivery, Product, Company, Competitor, Need, Authority, Stall, Apathy };

/// How good a decision was.
enum class Verdict { Best, Good, Weak, Mistake };

/// How a session ended.
enum class Outcome { InProgress, Sale, NoSale, WalkedAway };

inline constexpr std::array<Stage, 7> all_stages{Stage::Prospecting,  Stage::PreApproach, Stage::Approach,
                                                 Stage::Presentation, Stage::Objections,  Stage::Closing,
                                                 Stage::FollowUp};
inline constexpr std::array<Method, 6> all_methods{Method::Denial,       Method::Boomerang, Method::YesBut,
                                                   Method::Compensation, Method::PassUp,    Method::Question};
inline constexpr std::array<Technique, 11> all_techniques{
    Technique::Trial,   Technique::Assumptive, Technique::Direct, Technique::Alternative,
    Technique::Benefit, Technique::Incentive,  Technique::Action, Technique::Objection,
    Technique::Story,   Technique::Scarcity,   Technique::Details};
inline constexpr std::array<ObjectionKind, 9> all_objection_kinds{
    ObjectionKind::Price,     ObjectionKind::Delivery,   ObjectionKind::Product,
    ObjectionKind::Company,   ObjectionKind::Competitor, ObjectionKind::Need,
    ObjectionKind::Authority, ObjectionKind::Stall,      ObjectionKind::Apathy};
inline constexpr std::array<Verdict, 4> all_verdicts{Verdict::Best, Verdict::Good, Verdict::Weak,
                                                     Verdict::Mistake};

/// The ids used in files and JSON (as in sales-theory.md): "pre_approach", "yes_but", ...
std::string_view to_string(Stage s);
std::string_view to_string(Method m);
std::string_view to_string(Technique t);
std::string_view to_string(ObjectionKind k);
std::string_view to_string(Verdict v);
std::string_view to_string(Outcome o);

std::optional<Stage> parse_stage(std::string_view id);
std::optional<Method> parse_method(std::string_view id);
std::optional<Technique> parse_technique(std::string_view id);
std::optional<ObjectionKind> parse_objection_kind(std::string_view id);
std::optional<Verdict> parse_verdict(std::string_view id);
std::optional<Outcome> parse_outcome(std::string_view id);

/// The moves after an answer to an objection: check it is settled, or go on.
inline constexpr std::string_view move_confirm = "confirm";
inline constexpr std::string_view move_carry_on = "carry_on";
inline bool is_follow_up_move(std::string_view id) {
    return id == move_confirm || id == move_carry_on;
}
/// The reference of that decision after an answer to objection `id`. Objection ids never hold ':',
/// so it cannot be a step's.
inline std::string confirm_ref(std::string_view id) {
    return "confirm:" + std::string(id);
}

/// 1-based position of a stage in the process.
inline int stage_number(Stage s) {
    return static_cast<int>(s) + 1;
}

/// The competency a stage trains unless a rule names another.
std::string_view default_competency(Stage s);

}  // namespace salesim
