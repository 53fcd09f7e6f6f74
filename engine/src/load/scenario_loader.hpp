// Internal to the loader: reading one scenario against a rule book.
#pragma once

#include "salesim/diagnostic.hpp"
#include "salesim/loader.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace salesim::load {

/// As load_scenario, and tells where the scenario's id was written (for duplicate ids in a library).
ScenarioLoad load_scenario_impl(std::string_view bytes, const std::string& path,
                                std::shared_ptr<const RuleBook> book, const LoadOptions& opts,
                                SourceLoc& id_loc);

}  // namespace salesim::load
