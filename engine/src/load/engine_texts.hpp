// Reading the rule book's `texts:` section (the engine's own words) into RuleBook::texts.
#pragma once

#include "salesim/book_texts.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {

/// One group of `texts:` and the keys the engine reads from it.
struct EngineTextGroup {
    std::string_view name;               ///< "stages", "narration", "debrief", ...
    std::vector<std::string_view> keys;  ///< "sale", "no_sale", ...
    /// Keys added after the first rule-book format: a rule book written before them loads without
    /// a warning, and the engine says nothing there.
    std::vector<std::string_view> later = {};
};

/// The groups and keys of `texts:`, in the order the shipped rule book lists them.
const std::vector<EngineTextGroup>& engine_text_groups();
/// The group names, or the keys of `group`, as check_keys() takes them.
std::vector<std::string> engine_text_names();
std::vector<std::string> engine_text_names(const EngineTextGroup& group);

/// Reads `texts:` of the rule book's root map into `out` with the loader's reader. A rule book
/// without the section loads with no texts (the engine then adds no words of its own); a section
/// that lacks a group or a text is warned about where the section or group is.
template <typename Reader, typename Node>
void read_engine_texts(Reader& r, const Node& root, BookTexts& out) {
    const Node* section = Reader::get(root, "texts");
    if (section == nullptr || !r.expect_map(*section, "texts")) return;
    r.check_keys(*section, engine_text_names(), "texts");
    for (const EngineTextGroup& group : engine_text_groups()) {
        const std::string name(group.name);
        const Node* texts = Reader::get(*section, group.name);
        // A group added after the first format (every key of it later) may be left out quietly.
        if (texts == nullptr && group.later.size() == group.keys.size()) continue;
        if (texts == nullptr) {
            r.warning("missing-text", *section,
                      "texts has no group '" + name + "': the engine shows none of its words",
                      "add '" + name + ":' to texts, with " + engine_text_names(group).front() +
                          ": {en: \"...\", fi: \"...\"} and the rest of its keys");
            continue;
        }
        if (!r.expect_map(*texts, name)) continue;
        r.check_keys(*texts, engine_text_names(group), "texts: " + name);
        for (std::string_view key : group.keys) {
            const std::string full = name + "." + std::string(key);
            const Node* text = Reader::get(*texts, key);
            if (text == nullptr) {
                if (std::find(group.later.begin(), group.later.end(), key) != group.later.end()) continue;
                r.warning("missing-text", *texts,
                          "missing text '" + full + "': the engine shows nothing there",
                          "add " + std::string(key) + ": {en: \"...\", fi: \"...\"} to texts: " + name);
                continue;
            }
            out.by_key[full] = r.text(*text, full);
        }
    }
}

}  // namespace salesim
