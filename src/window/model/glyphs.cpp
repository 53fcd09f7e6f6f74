// Collecting the characters the window will draw and turning them into font glyph ranges.
#include "window/model/glyphs.hpp"

#include "window/model/strings.hpp"

#include <salesim/app/library_index.hpp>
#include <salesim/loader.hpp>
#include <salesim/rulebook.hpp>
#include <salesim/scenario.hpp>

#include <algorithm>

namespace salesim::window {

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        int len = 0;
        char32_t cp = 0;
        if (b0 < 0x80) {
            len = 1;
            cp = b0;
        } else if ((b0 & 0xE0) == 0xC0) {
            len = 2;
            cp = b0 & 0x1Fu;
        } else if ((b0 & 0xF0) == 0xE0) {
            len = 3;
            cp = b0 & 0x0Fu;
        } else if ((b0 & 0xF8) == 0xF0) {
            len = 4;
            cp = b0 & 0x07u;
        }
        bool ok = len > 0 && i + static_cast<std::size_t>(len) <= text.size();
        for (int k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((b & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

void add_codepoints(std::set<char32_t>& out, std::string_view text) {
    // ASCII is always in the atlas: only the runs of bytes beyond it are decoded (a character's
    // bytes are all >= 0x80, so a run holds whole characters and any broken ones).
    std::size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && static_cast<unsigned char>(text[j]) >= 0x80) ++j;
        for (const char32_t c : decode_utf8(text.substr(i, j - i))) out.insert(c);
        i = j;
    }
}

namespace {

void add_text(std::set<char32_t>& out, const Text& t) {
    for (const auto& kv : t.by_lang) add_codepoints(out, kv.second);
}

}  // namespace

void add_rulebook_text(std::set<char32_t>& out, const RuleBook& book) {
    for (const MoveInfo& m : book.moves) {
        add_text(out, m.name);
        add_text(out, m.about);
        add_text(out, m.line);
    }
    for (const Rule& r : book.rules) {
        add_text(out, r.reply);
        add_text(out, r.feedback);
        add_codepoints(out, r.competency);
    }
}

void add_scenario_text(std::set<char32_t>& out, const Scenario& s) {
    add_text(out, s.title);
    add_text(out, s.summary);
    for (const Text& g : s.goals) add_text(out, g);
    add_text(out, s.product_name);
    add_codepoints(out, s.persona.name);
    add_text(out, s.persona.role);
    add_text(out, s.persona.about);
    for (const Need& n : s.persona.motives) add_text(out, n.text);
    for (const Need& n : s.persona.needs) add_text(out, n.text);
    for (const StageContent& st : s.stages) {
        add_text(out, st.intro);
        for (const Lead& l : st.leads) {
            add_text(out, l.name);
            add_text(out, l.about);
            add_text(out, l.outcome);
        }
        for (const Step& step : st.steps) {
            add_text(out, step.prompt);
            for (const StepOption& o : step.options) {
                add_text(out, o.say);
                add_text(out, o.reply);
            }
        }
        for (const Objection& o : st.objections) {
            add_text(out, o.says);
            for (const auto& kv : o.lines) add_text(out, kv.second);
            for (const auto& kv : o.replies) add_text(out, kv.second);
            for (const auto& kv : o.replies_by)
                for (const auto& by : kv.second) add_text(out, by.second);
        }
        for (const auto& kv : st.lines) add_text(out, kv.second);
        for (const auto& kv : st.replies) add_text(out, kv.second);
        for (const auto& kv : st.replies_by)
            for (const auto& by : kv.second) add_text(out, by.second);
    }
    if (s.rules) add_rulebook_text(out, *s.rules);
}

void add_library_text(std::set<char32_t>& out, const Library& lib) {
    if (lib.book) add_rulebook_text(out, *lib.book);
    for (const auto& s : lib.scenarios) add_scenario_text(out, *s);
    // Diagnostics quote file lines verbatim and the error dialog shows them.
    for (const Diagnostic& d : lib.diagnostics) {
        add_codepoints(out, d.message);
        add_codepoints(out, d.help);
        add_codepoints(out, d.source_line);
        add_codepoints(out, d.path);
    }
}

void add_index_text(std::set<char32_t>& out, const app::LibraryIndex& index) {
    add_codepoints(out, index.rulebook_glyphs());
    for (const app::ScenarioSummary& e : index.entries()) {
        add_codepoints(out, e.glyphs);
        add_codepoints(out, e.problem);
        add_codepoints(out, e.path);
    }
}

void add_strings_text(std::set<char32_t>& out, const Strings& strings) {
    for (const std::string& lang : strings.langs()) {
        if (const StringTable* t = strings.table(lang)) {
            for (const auto& kv : t->entries()) add_codepoints(out, kv.second);
        }
    }
}

std::vector<std::uint16_t> glyph_ranges(const std::set<char32_t>& needed) {
    std::vector<std::pair<char32_t, char32_t>> spans{{0x0020, 0x00FF}, {0xFFFD, 0xFFFD}};
    for (const char32_t c : needed) {
        if (c < 0x20 || c > 0xFFFF) continue;
        spans.emplace_back(c, c);
    }
    std::sort(spans.begin(), spans.end());
    std::vector<std::uint16_t> out;
    for (const auto& [a, b] : spans) {
        if (!out.empty() && static_cast<char32_t>(out.back()) + 1 >= a) {
            if (b > out.back()) out.back() = static_cast<std::uint16_t>(b);
            continue;
        }
        out.push_back(static_cast<std::uint16_t>(a));
        out.push_back(static_cast<std::uint16_t>(b));
    }
    out.push_back(0);
    return out;
}

bool ranges_contain(const std::vector<std::uint16_t>& ranges, char32_t c) {
    for (std::size_t i = 0; i + 1 < ranges.size(); i += 2) {
        if (ranges[i] == 0) break;
        if (c >= ranges[i] && c <= ranges[i + 1]) return true;
    }
    return false;
}

}  // namespace salesim::window
