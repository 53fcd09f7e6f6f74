// What the Author view's map and findings call a scenario's parts: what the trainee sees (a lead's
// name, the buyer's objection, a step's prompt, an option's label) in the content language, in place
// of the ids the scenario file gives them.
#pragma once

#include "window/model/strings.hpp"

#include <salesim/analyzer.hpp>
#include <salesim/scenario.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace salesim::window {

/// `text` on one line and at most `max_chars` characters (not bytes), cut at a word with "…".
std::string brief(std::string_view text, std::size_t max_chars);

/// A decision point as the trainee meets it: choosing a lead, the step's prompt, the buyer's
/// objection in quotes, the check after an answer, asking for the order.
std::string decision_name(const Scenario& s, const DecisionReport& d, const Strings& strings,
                          const std::string& lang);
/// An objection as the buyer says it, in quotes and cut to `max_chars`; its id when it says nothing.
std::string objection_name(const Scenario& s, const std::string& id, const Strings& strings,
                           const std::string& lang, std::size_t max_chars = 50);
/// An option as its button reads: the lead's name, else the move's name in the rule book.
std::string option_name(const Scenario& s, const OptionReport& o, const std::string& lang);
/// The id an author writes for an option: the lead's id for leads, else the move's.
inline const std::string& option_id(const OptionReport& o) {
    return o.ref.empty() ? o.move : o.ref;
}

/// A finding as the author reads it.
struct FindingText {
    /// What it is about, by the name the trainee knows it by ("" when about the whole scenario).
    std::string subject;
    /// The analyzer's message with the ids it quotes (the subject's, a need's, the options') replaced
    /// by those names.
    std::string message;
};
FindingText finding_text(const Scenario& s, const Analysis& a, const Finding& f, const Strings& strings,
                         const std::string& lang);

}  // namespace salesim::window
