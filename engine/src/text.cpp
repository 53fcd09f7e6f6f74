// Multilingual text with language fallback, and placeholder substitution.
#include "salesim/text.hpp"

#include <utility>

namespace salesim {

Text::Text(std::string any) {
    by_lang.emplace("*", std::move(any));
}

Text::Text(std::string en, std::string fi) {
    by_lang.emplace("en", std::move(en));
    by_lang.emplace("fi", std::move(fi));
}

const std::string& Text::get(std::string_view lang) const {
    static const std::string empty_string;
    if (by_lang.empty()) return empty_string;
    if (auto it = by_lang.find(std::string(lang)); it != by_lang.end()) return it->second;
    if (auto it = by_lang.find("*"); it != by_lang.end()) return it->second;
    if (auto it = by_lang.find("en"); it != by_lang.end()) return it->second;
    return by_lang.begin()->second;
}

bool Text::has(std::string_view lang) const {
    return by_lang.count(std::string(lang)) != 0 || by_lang.count("*") != 0;
}

const char* to_string(Address a) {
    return a == Address::Formal ? "formal" : "informal";
}

std::string formal_key(std::string_view lang) {
    return std::string(lang) + "_formal";
}

Text Text::in_address(Address address) const {
    Text out = *this;
    if (address != Address::Formal) return out;
    for (auto& [lang, s] : out.by_lang)
        if (auto it = by_lang.find(formal_key(lang)); it != by_lang.end()) s = it->second;
    return out;
}

std::string substitute(std::string text, std::string_view key, std::string_view value) {
    std::string pattern;
    pattern.reserve(key.size() + 2);
    pattern += '{';
    pattern += key;
    pattern += '}';
    for (std::size_t pos = text.find(pattern); pos != std::string::npos;
         pos = text.find(pattern, pos + value.size()))
        text.replace(pos, pattern.size(), value);
    return text;
}

}  // namespace salesim
