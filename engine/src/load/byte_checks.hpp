// Internal to the loader: checks on the raw bytes and the layout of a file before any YAML parsing.
#pragma once

#include "load/source_text.hpp"
#include "salesim/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

extern const char* const k_no_yaml_features_help;

// Turns raw bytes into parser text, or reports why they cannot be YAML of ours. The position of a
// bad byte is counted in characters on its line; the line shown stops before the bad byte.
std::optional<std::string> check_bytes(std::string_view bytes, const std::string& path,
                                       std::vector<Diagnostic>& out);

// A light lexical pass that finds tabs used for indentation and estimates nesting depth, so that a
// file nested thousands of levels deep is refused before the recursive YAML parser sees it.
// The estimate counts block collections by indentation and "- " entries plus open flow brackets;
// the exact depth is checked again on the parsed events.
struct ScanResult {
    bool deep = false;  ///< deeper than the hard limit: do not parse
    SourceLoc first_too_deep;
};

ScanResult scan_layout(const Source& src, Sink& sink, int max_depth);

std::string too_large_message(std::size_t size, std::size_t limit);

}  // namespace salesim::load
