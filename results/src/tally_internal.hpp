// What the in-memory and the SQL tallies share: the one order each kind of row is handed back in.
#pragma once

#include "salesim/results/store.hpp"

#include <string>
#include <vector>

namespace salesim::results::tally_detail {

void sort_rows(std::vector<AttemptTally>& rows);
void sort_rows(std::vector<ScoreTally>& rows);
void sort_rows(std::vector<MethodTally>& rows);
void sort_rows(std::vector<FirstTitle>& rows);

/// Best moves as the decisions table holds them ("boomerang,compensation") and back.
std::string join_moves(const std::vector<std::string>& moves);
std::vector<std::string> split_moves(const std::string& text);

}  // namespace salesim::results::tally_detail
