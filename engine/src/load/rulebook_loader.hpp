// Internal to the loader: reading a rule book, and the rule checks a scenario's overrides share.
#pragma once

#include "load/reader.hpp"
#include "load/yaml_tree.hpp"
#include "salesim/rulebook.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

std::vector<std::string> move_ids_of(const std::vector<MoveInfo>& moves, Stage stage);
// Reports a move that is not in the catalogue for `stage`.
/// Checks a rule's move (or, for a gate on move "any", the moves it excepts) against the catalogue.
bool check_rule_moves(Reader& r, const YNode& at, const Rule& rule, const std::vector<MoveInfo>& moves);
bool check_move(Reader& r, const YNode& at, Stage stage, const std::string& move,
                const std::vector<MoveInfo>& moves);
void check_format(Reader& r, const YNode& root, std::string_view where);
std::shared_ptr<RuleBook> read_rulebook(Reader& r, const YNode& root);
// Applies the scenario's `rules:` to a copy of the book; returns the book itself when none.
// `objection_ids` are the scenario's objections, which its rules may test by id.
std::shared_ptr<const RuleBook> apply_overrides(Reader& r, const YNode* n,
                                                std::shared_ptr<const RuleBook> book,
                                                const std::vector<std::string>& objection_ids);

}  // namespace salesim::load
