// Multilingual text: a plain string or one string per language.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace salesim {

/// How the seller and the buyer address each other, where a language tells the two apart (Finnish
/// "te" and "sinä"); English has one form for both.
enum class Address { Informal, Formal };

const char* to_string(Address a);

/// The key under which a text keeps the formal variant of `lang`: "fi" -> "fi_formal".
std::string formal_key(std::string_view lang);

/// A text in one or more languages ("en", "fi", ...). A plain YAML string is stored under "*",
/// which serves every language. A language may also have a formal variant (see formal_key()), which
/// only in_address() reads.
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
    /// The text as said in `address`: with Formal, every language that has a formal variant takes
    /// it; a language without one, and every language with Informal, keeps its text.
    Text in_address(Address address) const;
    bool operator==(const Text&) const = default;
};

/// Replaces every `{key}` in `text` by `value`.
std::string substitute(std::string text, std::string_view key, std::string_view value);

}  // namespace salesim
