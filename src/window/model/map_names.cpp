// The names of a scenario's parts as the trainee sees them, for the Author view's map and findings.
#include "window/model/map_names.hpp"

#include <salesim/domain.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace salesim::window {

namespace {

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

std::string quoted(const Strings& strings, const std::string& text) {
    return strings.fmt("editor.quoted", {{"text", text}});
}

/// Every `from` in `text` replaced by `to`.
void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty() || from == to) return;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

const Objection* confirmed_objection(const Scenario& s, const std::string& ref) {
    if (const StageContent* st = s.find_stage(Stage::Objections))
        for (const Objection& o : st->objections)
            if (ref == confirm_ref(o.id)) return &o;
    return nullptr;
}

const Step* find_step(const Scenario& s, const std::string& id) {
    for (const StageContent& st : s.stages)
        for (const Step& step : st.steps)
            if (step.id == id) return &step;
    return nullptr;
}

/// The decision a finding names by `ref` alone, whatever its kind.
const DecisionReport* decision_of(const Analysis& a, const std::string& ref) {
    for (const DecisionReport& d : a.decisions)
        if (d.ref == ref) return &d;
    return nullptr;
}

}  // namespace

std::string objection_name(const Scenario& s, const std::string& id, const Strings& strings,
                           const std::string& lang, std::size_t max_chars) {
    const Objection* o = s.find_objection(id);
    if (o == nullptr || o->says.empty()) return id;
    return quoted(strings, brief(o->says.get(lang), max_chars));
}

namespace {

/// A decision's name without quotes, and whether it is words the trainee reads (the buyer's
/// objection, a step's prompt), which are quoted where they are shown.
std::string plain_name(const Scenario& s, const DecisionReport& d, const Strings& strings,
                       const std::string& lang, bool& words) {
    words = false;
    switch (d.kind) {
        case DecisionKind::Lead:
            return strings.tr("editor.map_leads");
        case DecisionKind::Close:
            return strings.tr("editor.map_close");
        case DecisionKind::Objection:
            if (const Objection* o = s.find_objection(d.ref); o != nullptr && !o->says.empty()) {
                words = true;
                return brief(o->says.get(lang), 60);
            }
            break;
        case DecisionKind::Step:
            if (const Objection* o = confirmed_objection(s, d.ref))
                return strings.fmt("editor.map_confirm",
                                   {{"objection", quoted(strings, brief(o->says.get(lang), 40))}});
            if (const Step* step = find_step(s, d.ref); step != nullptr && !step->prompt.empty()) {
                words = true;
                return brief(step->prompt.get(lang), 60);
            }
            break;
    }
    return d.ref;
}

}  // namespace

std::string brief(std::string_view text, std::size_t max_chars) {
    // One line: runs of white space (line breaks of a block scalar) become one space.
    std::string line;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && (line.empty() || line.back() == ' ')) continue;
        line += space ? ' ' : c;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::size_t chars = 0, cut = line.size(), last_space = std::string::npos;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (continuation(line[i])) continue;
        if (chars == max_chars) {
            cut = i;
            break;
        }
        if (line[i] == ' ') last_space = i;
        ++chars;
    }
    if (cut == line.size()) return line;
    // At a word when there is one in the second half, else mid-word.
    if (last_space != std::string::npos && last_space > cut / 2) cut = last_space;
    line.resize(cut);
    while (!line.empty() && (line.back() == ' ' || line.back() == ',' || line.back() == '.')) line.pop_back();
    return line + "\xE2\x80\xA6";
}

std::string decision_name(const Scenario& s, const DecisionReport& d, const Strings& strings,
                          const std::string& lang) {
    bool words = false;
    std::string name = plain_name(s, d, strings, lang, words);
    // The buyer's objection reads as what the buyer says; a prompt is shown as it is.
    return words && d.kind == DecisionKind::Objection ? quoted(strings, name) : name;
}

std::string option_name(const Scenario& s, const OptionReport& o, const std::string& lang) {
    if (!o.ref.empty()) {
        if (const StageContent* st = s.find_stage(Stage::Prospecting))
            for (const Lead& l : st->leads)
                if (l.id == o.ref && !l.name.empty()) return brief(l.name.get(lang), 60);
        return o.ref;
    }
    if (s.rules)
        if (const MoveInfo* m = s.rules->find_move(o.move); m != nullptr && !m->name.empty())
            return m->name.get(lang);
    return o.move;
}

FindingText finding_text(const Scenario& s, const Analysis& a, const Finding& f, const Strings& strings,
                         const std::string& lang) {
    FindingText out{f.ref, f.message};
    const DecisionReport* d = f.ref.empty() ? nullptr : decision_of(a, f.ref);
    // What the message's quoted id becomes: the name, quoted when it is words the trainee reads.
    std::string in_message = f.ref;
    if (f.code == "need_never_discovered") {
        if (const Need* n = s.find_need(f.ref); n != nullptr && !n->text.empty())
            out.subject = in_message = quoted(strings, brief(n->text.get(lang), 60));
    } else if (f.code == "technique_never_best") {
        OptionReport technique;
        technique.move = f.ref;
        out.subject = option_name(s, technique, lang);
        in_message = quoted(strings, out.subject);
    } else if (d != nullptr) {
        bool words = false;
        const std::string name = plain_name(s, *d, strings, lang, words);
        out.subject = decision_name(s, *d, strings, lang);
        in_message = words ? quoted(strings, name) : name;
    }
    // The engine quotes the ids it names: 'waiting-wife'.
    if (!f.ref.empty() && in_message != f.ref) replace_all(out.message, "'" + f.ref + "'", in_message);
    if (f.code == "turns_on_never_found")
        if (const Objection* o = s.find_objection(f.ref))
            if (const Need* n = s.find_need(o->turns_on); n != nullptr && !n->text.empty())
                replace_all(out.message, "'" + n->id + "'", quoted(strings, brief(n->text.get(lang), 60)));
    // Options are named by number and id: "2 (research_organisation)".
    if (d != nullptr && (f.code == "same_effect" || f.code == "choice_never_matters"))
        for (const OptionReport& o : d->options)
            replace_all(out.message, "(" + option_id(o) + ")", "(" + option_name(s, o, lang) + ")");
    return out;
}

}  // namespace salesim::window
