// Reading rule books, scenarios and whole libraries from YAML, collecting every problem found.
#pragma once

#include "salesim/diagnostic.hpp"
#include "salesim/rulebook.hpp"
#include "salesim/scenario.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

/// Limits that keep a hostile file from costing unbounded time or memory.
struct LoadOptions {
    std::size_t max_bytes = 1u << 20;  ///< larger files are refused
    int max_depth = 64;                ///< deeper nesting is refused
    /// Languages that must be present in every text (missing ones become errors, not warnings).
    std::vector<std::string> require_langs;
};

struct RuleBookLoad {
    std::shared_ptr<const RuleBook> book;  ///< null when there were errors
    std::vector<Diagnostic> diagnostics;
};

struct ScenarioLoad {
    std::shared_ptr<const Scenario> scenario;  ///< null when there were errors
    std::vector<Diagnostic> diagnostics;
};

/// Parses a rule book from bytes; `path` is used in diagnostics.
RuleBookLoad load_rulebook(std::string_view bytes, const std::string& path, const LoadOptions& opts = {});
RuleBookLoad load_rulebook_file(const std::string& path, const LoadOptions& opts = {});

/// Parses and validates a scenario against `book` (its overrides are applied to a copy).
ScenarioLoad load_scenario(std::string_view bytes, const std::string& path,
                           std::shared_ptr<const RuleBook> book, const LoadOptions& opts = {});
ScenarioLoad load_scenario_file(const std::string& path, std::shared_ptr<const RuleBook> book,
                                const LoadOptions& opts = {});

/// Every scenario of a folder, loaded with the folder's `rulebook.yaml`.
struct Library {
    std::string dir;
    std::shared_ptr<const RuleBook> book;
    std::vector<std::shared_ptr<const Scenario>> scenarios;  ///< the valid ones, sorted by id
    std::vector<Diagnostic> diagnostics;                     ///< of every file
    std::size_t files = 0;                                   ///< scenario files read

    const Scenario* find(std::string_view id) const;
    std::shared_ptr<const Scenario> find_shared(std::string_view id) const;
};

/// Loads `dir/rulebook.yaml` (or `fallback_rulebook` when the folder has none) and every other
/// `*.yaml` file of `dir` (not recursive). Duplicate ids are errors.
Library load_library(const std::string& dir, const std::string& fallback_rulebook = {},
                     const LoadOptions& opts = {});

/// Several folders as one library, in order (the shipped one first, then a trainer's own): each
/// loaded as load_library() does, with its own rulebook.yaml or `fallback_rulebook`. A scenario
/// whose id an earlier folder already has is a `duplicate-id` error and left out. `dir` and
/// `book` are the first folder's.
Library load_libraries(const std::vector<std::string>& dirs, const std::string& fallback_rulebook = {},
                       const LoadOptions& opts = {});

/// Reads a whole file; on failure returns nullopt and adds a diagnostic (missing, a directory,
/// unreadable, too large).
std::optional<std::string> read_file_checked(const std::string& path, std::size_t max_bytes,
                                             std::vector<Diagnostic>& out);

/// 16 hex digits (FNV-1a, 64 bits) over the bytes.
/// A loaded Scenario::content_hash is this over the scenario file's bytes as read (BOM and line
/// ends included) followed by "\nrulebook " and the rule book's `version`.
std::string content_hash(std::string_view bytes);

}  // namespace salesim
