// Multilingual text: a plain string or one string per language.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace salesim {

/// A text in one or more languages ("en", "fi", ...). A plain YAML string is stored under "*",
/// which serves every language.
struct Text {
    std::map<std::string, std::string> by_lang;

    Text() = default;
    Text(const Text&) = default;
    Text(Text&&) noexcept = default;
    Text& operator=(Text&&) noexcept = default;
    /// Copying an empty text over an empty one is a test, not a call into the map: a session that
    /// records nothing (the analyzer's) copies dozens of empty texts per choice.
    Text& operator=(const Text& other) {
        if (!(by_lang.empty() && other.by_lang.empty())) by_lang = other.by_lang;
        return *this;
    }
    /// A text that is the same in every language.
    explicit Text(std::string any);
    Text(std::string en, std::string fi);

    bool empty() const { return by_lang.empty(); }
    /// The text in `lang`; falls back to "*", then "en", then the first language present; "" if empty.
    const std::string& get(std::string_view lang) const;
    /// True when the text has `lang` itself or a plain string.
    bool has(std::string_view lang) const;
    bool operator==(const Text&) const = default;
};

/// Replaces every `{key}` in `text` by `value`.
std::string substitute(std::string text, std::string_view key, std::string_view value);

}  // namespace salesim
