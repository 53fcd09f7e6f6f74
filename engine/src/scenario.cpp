// Look-ups on a loaded scenario.
#include "salesim/scenario.hpp"

#include <algorithm>

namespace salesim {

const StageContent* Scenario::find_stage(Stage s) const {
    const auto it =
        std::find_if(stages.begin(), stages.end(), [s](const StageContent& c) { return c.stage == s; });
    return it == stages.end() ? nullptr : &*it;
}

const Objection* Scenario::find_objection(std::string_view wanted) const {
    const StageContent* stage = find_stage(Stage::Objections);
    if (stage == nullptr) return nullptr;
    const auto it = std::find_if(stage->objections.begin(), stage->objections.end(),
                                 [wanted](const Objection& o) { return o.id == wanted; });
    return it == stage->objections.end() ? nullptr : &*it;
}

const Need* Scenario::find_need(std::string_view wanted) const {
    const auto it = std::find_if(persona.needs.begin(), persona.needs.end(),
                                 [wanted](const Need& n) { return n.id == wanted; });
    return it == persona.needs.end() ? nullptr : &*it;
}

std::string language_or_default(const std::vector<std::string>& languages, std::string_view wanted) {
    if (std::find(languages.begin(), languages.end(), wanted) != languages.end()) return std::string(wanted);
    // The loader guarantees at least one language; "en" only guards hand-built scenarios.
    return languages.empty() ? std::string("en") : languages.front();
}

std::string Scenario::language_or_default(std::string_view wanted) const {
    return salesim::language_or_default(languages, wanted);
}

}  // namespace salesim
