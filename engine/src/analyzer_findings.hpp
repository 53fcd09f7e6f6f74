// What is reported from a finished analysis (engine-internal): findings added to an Analysis.
#pragma once

#include "salesim/analyzer.hpp"

#include <string>
#include <vector>

namespace salesim::analysis {

/// Adds one finding to `a`.
void add_finding(Analysis& a, FindingLevel level, std::string code, std::string ref, SourceLoc loc,
                 std::string message);

/// The findings of a finished search of `s`, sorted errors first: incomplete or dead-end searches,
/// a scenario no path passes, content never reached, needs never found, techniques never best,
/// rules of the scenario never used (`rule_used`: by index into the rule book, non-zero when a
/// reachable decision was judged by it) and choices that never matter.
void report_findings(Analysis& a, const Scenario& s, const std::vector<char>& rule_used);

}  // namespace salesim::analysis
