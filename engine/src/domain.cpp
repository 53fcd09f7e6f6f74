// Ids of the domain enums, as used in files, JSON and sales-theory.md.
#include "salesim/domain.hpp"

#include <cstddef>

namespace salesim {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_from(std::string_view id, const std::array<E, N>& all) {
    for (E e : all)
        if (to_string(e) == id) return e;
    return std::nullopt;
}

constexpr std::array<Outcome, 4> all_outcomes{Outcome::InProgress, Outcome::Sale, Outcome::NoSale,
                                              Outcome::WalkedAway};

}  // namespace

std::string_view to_string(Stage s) {
    switch (s) {
        case Stage::Prospecting:
            return "prospecting";
        case Stage::PreApproach:
            return "pre_approach";
        case Stage::Approach:
            return "approach";
        case Stage::Presentation:
            return "presentation";
        case Stage::Objections:
            return "objections";
        case Stage::Closing:
            return "closing";
        case Stage::FollowUp:
            return "follow_up";
    }
    return "?";
}

std::string_view to_string(Method m) {
    switch (m) {
        case Method::Denial:
            return "denial";
        case Method::Boomerang:
            return "boomerang";
        case Method::YesBut:
            return "yes_but";
        case Method::Compensation:
            return "compensation";
        case Method::PassUp:
            return "pass_up";
        case Method::Question:
            return "question";
    }
    return "?";
}

std::string_view to_string(Technique t) {
    switch (t) {
        case Technique::Trial:
            return "trial";
        case Technique::Assumptive:
            return "assumptive";
        case Technique::Direct:
            return "direct";
        case Technique::Alternative:
            return "alternative";
        case Technique::Benefit:
            return "benefit";
        case Technique::Incentive:
            return "incentive";
        case Technique::Action:
            return "action";
        case Technique::Objection:
            return "objection";
        case Technique::Story:
            return "story";
        case Technique::Scarcity:
            return "scarcity";
        case Technique::Details:
            return "details";
    }
    return "?";
}

std::string_view to_string(ObjectionKind k) {
    switch (k) {
        case ObjectionKind::Price:
            return "price";
        case ObjectionKind::Delivery:
            return "delivery";
        case ObjectionKind::Product:
            return "product";
        case ObjectionKind::Company:
            return "company";
        case ObjectionKind::Competitor:
            return "competitor";
        case ObjectionKind::Need:
            return "need";
        case ObjectionKind::Authority:
            return "authority";
        case ObjectionKind::Stall:
            return "stall";
        case ObjectionKind::Apathy:
            return "apathy";
    }
    return "?";
}

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::Best:
            return "best";
        case Verdict::Good:
            return "good";
        case Verdict::Weak:
            return "weak";
        case Verdict::Mistake:
            return "mistake";
    }
    return "?";
}

std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::InProgress:
            return "in_progress";
        case Outcome::Sale:
            return "sale";
        case Outcome::NoSale:
            return "no_sale";
        case Outcome::WalkedAway:
            return "walked_away";
    }
    return "?";
}

std::optional<Stage> parse_stage(std::string_view id) {
    return parse_from(id, all_stages);
}
std::optional<Method> parse_method(std::string_view id) {
    return parse_from(id, all_methods);
}
std::optional<Technique> parse_technique(std::string_view id) {
    return parse_from(id, all_techniques);
}
std::optional<ObjectionKind> parse_objection_kind(std::string_view id) {
    return parse_from(id, all_objection_kinds);
}
std::optional<Verdict> parse_verdict(std::string_view id) {
    return parse_from(id, all_verdicts);
}
std::optional<Outcome> parse_outcome(std::string_view id) {
    return parse_from(id, all_outcomes);
}

std::string_view default_competency(Stage s) {
    switch (s) {
        case Stage::Prospecting:
            return "prospecting";
        case Stage::PreApproach:
            return "research";
        case Stage::Approach:
            return "first_impression";
        case Stage::Presentation:
            return "presenting";
        case Stage::Objections:
            return "objection_handling";
        case Stage::Closing:
            return "closing";
        case Stage::FollowUp:
            return "relationship";
    }
    return "?";
}

}  // namespace salesim
