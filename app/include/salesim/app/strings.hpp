// The one string system: every text a user reads, per language, from assets/strings/LANG.yaml.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::app {

/// One language's strings, keyed by dotted path ("play.hint", "cli.play.legend").
class StringTable {
public:
    /// Parses a YAML map (nested maps become dotted keys). Throws std::runtime_error naming the file,
    /// the line and what to fix.
    static StringTable parse(std::string_view yaml, const std::string& path);
    /// Reads and parses a table. With a `cache_dir`, the parsed table is kept there under the hash
    /// of the file's bytes, and a later load of the same bytes reads that instead of the YAML (a
    /// start takes a millisecond instead of a dozen); a damaged or unwritable cache is ignored.
    static StringTable load_file(const std::string& path, const std::filesystem::path& cache_dir = {});

    const std::string* find(std::string_view key) const;
    const std::map<std::string, std::string, std::less<>>& entries() const { return m_entries; }

private:
    std::map<std::string, std::string, std::less<>> m_entries;
};

/// The `{name}` placeholders a text uses.
std::set<std::string> placeholders(std::string_view text);

/// Replaces each `{key}` by its value.
std::string fill(std::string text, const std::vector<std::pair<std::string_view, std::string>>& values);

/// The languages offered: one per `LANG.yaml` in `dir`, English first, then by code. Empty when
/// the folder cannot be read.
std::vector<std::string> available_langs(const std::string& dir);

/// Empty when `dir` has a `lang.yaml`, else the error to show, naming the languages there are.
std::string lang_error(const std::string& dir, const std::string& lang);

/// The text shown for a key no table has: visible on screen and in transcripts, never a crash.
std::string missing_marker(std::string_view key);

/// Every language's table and the one in use. A key missing from the language falls back to English,
/// then to `missing_marker(key)`.
class Strings {
public:
    /// Loads every `LANG.yaml` of `dir` (see available_langs), through `cache_dir` when given
    /// (see StringTable::load_file).
    void load_dir(const std::string& dir, const std::filesystem::path& cache_dir = {});
    void add(std::string lang, StringTable table);

    void set_lang(std::string lang) { m_lang = std::move(lang); }
    const std::string& lang() const { return m_lang; }
    /// The loaded languages, English first, then by code.
    std::vector<std::string> langs() const;
    /// A language's own name for itself (`lang.LANG` in its table), else its code.
    std::string lang_name(std::string_view lang) const;

    /// The string for `key` in the current language; the pointer stays valid while this lives.
    const char* tr(std::string_view key) const;
    /// The string for `key` in `lang` (falling back as tr does).
    const char* tr_in(std::string_view lang, std::string_view key) const;
    std::string fmt(std::string_view key,
                    const std::vector<std::pair<std::string_view, std::string>>& values) const;
    /// `key` filled with `values`, counting `n`: the singular form `KEY_one` when `n` is 1 and the
    /// tables have it (English and Finnish both use the singular for one alone), else `key`.
    std::string fmt_n(std::string_view key, long long n,
                      const std::vector<std::pair<std::string_view, std::string>>& values) const;
    const StringTable* table(std::string_view lang) const;

private:
    std::map<std::string, StringTable, std::less<>> m_tables;
    std::string m_lang = "en";
    mutable std::set<std::string, std::less<>> m_missing;
};

}  // namespace salesim::app
