// Helpers the subcommands share: terminal text layout and loading a scenario the way the user named it.
#pragma once

#include <salesim/diagnostic.hpp>
#include <salesim/loader.hpp>

#include <CLI/CLI.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::cli {

/// The language of the global `--lang` option ("en" when not given).
/// The value of the root command's option `name` (--lang, --data-dir, --store), if it was given.
std::optional<std::string> global_option(const CLI::App& sub, const char* name);
std::string global_lang(const CLI::App& sub);
/// True when the user gave `--lang` on the command line.
bool global_lang_given(const CLI::App& sub);

/// Characters (code points) in UTF-8 text: what a terminal column count needs for ä, ö, “, ✓.
std::size_t text_width(std::string_view utf8);
/// Wraps each paragraph of `text` to `width` columns; the first line starts with `first`, the others
/// with `rest`. Ends with a newline.
std::string wrap(std::string_view text, std::size_t width, std::string_view first, std::string_view rest);
/// Cuts `text` to `width` columns, ending in "…" when it had to cut.
std::string clip(std::string_view text, std::size_t width);
/// `text` padded with spaces to `width` columns.
std::string pad(std::string_view text, std::size_t width);
/// `s` without spaces, tabs and line ends at either end.
std::string trim(std::string_view s);
/// A whole non-negative decimal number ("12"), or nullopt for anything else ("", "1x", "-1").
std::optional<std::size_t> parse_number(std::string_view s);
/// Lines are wrapped at 100 columns, or narrower when the terminal is.
std::size_t output_width();

/// The rule book a single scenario file is checked against: `rulebook.yaml` beside it, else the
/// shipped one.
std::string rulebook_for(const std::string& scenario_path);

/// A diagnostic for a whole file (no position), such as a path that does not exist.
Diagnostic file_error(const std::string& path, std::string message, std::string help);

}  // namespace salesim::cli
