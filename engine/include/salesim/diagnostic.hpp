// Problems found in content files, collected (never thrown) and printed like a compiler does.
#pragma once

#include <string>
#include <vector>

namespace salesim {

enum class Severity { Error, Warning };

/// A position in a file: 1-based line and column; the column counts characters, not bytes.
/// 0 means "no position" (for example a file that cannot be read).
struct SourceLoc {
    int line = 0;
    int column = 0;
    bool operator==(const SourceLoc&) const = default;
};

/// One problem in one file.
struct Diagnostic {
    Severity severity = Severity::Error;
    /// What kind of problem, stable across versions and languages ("unknown-key",
    /// "missing-translation"; docs/format.md lists them): tools match this, never the message.
    std::string code;
    /// The name the problem concerns when its code has one (the missing language of a
    /// "missing-translation"); empty otherwise. As Finding::ref of the analyzer.
    std::string ref;
    std::string path;         ///< the file as the user named it
    SourceLoc loc;            ///< where; {0,0} when the whole file is concerned
    int length = 1;           ///< characters to underline (at least 1)
    std::string message;      ///< "unknown objection method 'boomrang'"
    std::string help;         ///< "did you mean 'boomerang'? Methods: ..." (may be empty)
    std::string source_line;  ///< the text of that line, without its newline (may be empty)
};

/// Compiler-style text:
/// ```
/// path:42:15: error: message
///    42 |         boomrang: ...
///       |         ^~~~~~~~
/// help: ...
/// ```
std::string format(const Diagnostic& d);
/// All diagnostics in one JSON array (keys: severity, code, path, line, column, length, message, help).
std::string to_json(const std::vector<Diagnostic>& ds);

bool has_errors(const std::vector<Diagnostic>& ds);

/// The closest candidate to `word` by edit distance, or "" when none is close enough.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace salesim
