// UI string tables (one YAML file per language) and placeholder substitution; no SDL or ImGui.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::window {

/// One language's UI strings, keyed by dotted path ("play.hint").
class StringTable {
public:
    /// Parses a YAML map (nested maps become dotted keys). Throws std::runtime_error naming the file,
    /// the line and what to fix.
    static StringTable parse(std::string_view yaml, const std::string& path);
    static StringTable load_file(const std::string& path);

    const std::string* find(std::string_view key) const;
    const std::map<std::string, std::string, std::less<>>& entries() const { return m_entries; }

private:
    std::map<std::string, std::string, std::less<>> m_entries;
};

/// The `{name}` placeholders a text uses.
std::set<std::string> placeholders(std::string_view text);

/// Replaces each `{key}` by its value.
std::string fill(std::string text, const std::vector<std::pair<std::string_view, std::string>>& values);

/// Every language's table and the one in use. A key missing from the language falls back to English,
/// then to the key itself, so a gap shows up on screen instead of crashing.
class Strings {
public:
    /// Loads `dir/en.yaml`, `dir/fi.yaml`.
    void load_dir(const std::string& dir);
    void add(std::string lang, StringTable table);

    void set_lang(std::string lang) { m_lang = std::move(lang); }
    const std::string& lang() const { return m_lang; }
    std::vector<std::string> langs() const;

    /// The string for `key` in the current language; the pointer stays valid while this lives.
    const char* tr(std::string_view key) const;
    std::string fmt(std::string_view key,
                    const std::vector<std::pair<std::string_view, std::string>>& values) const;
    const StringTable* table(std::string_view lang) const;

private:
    std::map<std::string, StringTable, std::less<>> m_tables;
    std::string m_lang = "en";
    mutable std::set<std::string, std::less<>> m_missing;
};

/// The language codes the window offers, in menu order.
inline constexpr std::string_view ui_langs[] = {"en", "fi"};

}  // namespace salesim::window
