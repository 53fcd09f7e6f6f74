// The rule for a scenario's id, for whoever receives one from outside a scenario file (an import).
#pragma once

#include <string_view>

namespace salesim {

/// Whether `id` can be a scenario's id: lowercase letters, digits and '-', not starting or ending
/// with '-' (the loader's rule, which refuses any other id in a scenario file).
bool is_scenario_id(std::string_view id);

}  // namespace salesim
