// The words the engine itself says and prints (stage names, narration, debrief headings), read
// from the rule book's `texts:` section so that every language the data has is a language shown.
#pragma once

#include "salesim/domain.hpp"
#include "salesim/text.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

/// The engine's words by "group.key" ("narration.sale", "stages.closing", "debrief.outcome").
/// A rule book without `texts:` has none: the engine then adds no words of its own.
struct BookTexts {
    std::map<std::string, Text, std::less<>> by_key;
    /// The buying-signal texts by "signals.key" ("signals.readiness.warming"): several cue lines
    /// each, one line for a trial-close reply ("signals.trial.cold"). See salesim/signals.hpp.
    std::map<std::string, std::vector<Text>, std::less<>> lines;

    /// The text of `key`; empty when the rule book has none.
    const Text& get(std::string_view key) const {
        static const Text none;
        auto it = by_key.find(key);
        return it == by_key.end() ? none : it->second;
    }
    /// The name of a stage (`stages.<id>`).
    const Text& stage(Stage s) const { return get("stages." + std::string(to_string(s))); }
};

}  // namespace salesim
