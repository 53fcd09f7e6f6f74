// A scenario: its header, languages and facts, its stages in order and its rubric.
#include "load/scenario_loader.hpp"

#include "load/reader.hpp"
#include "load/rulebook_loader.hpp"
#include "load/scenario_parts.hpp"
#include "load/signal_texts.hpp"
#include "load/source_text.hpp"
#include "load/yaml_tree.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::load {

namespace {

void read_rubric(Reader& r, const YNode* n, Scenario& sc, const std::map<Stage, const YNode*>& stage_keys) {
    Rubric& rb = sc.rubric;
    std::map<Stage, int> given;
    if (n != nullptr) rb.loc = n->loc;
    if (n != nullptr && r.expect_map(*n, "rubric")) {
        if (const YNode* v = Reader::get(*n, "pass")) rb.loc = v->loc;
        r.check_keys(*n,
                     {"weights", "pass", "pass_outcomes", "close_at", "close_attempts", "no_mistake_close"},
                     "rubric");
        if (const YNode* w = Reader::get(*n, "weights"); w != nullptr && r.expect_map(*w, "weights")) {
            for (std::size_t i = 0; i < w->map_size(); ++i) {
                const YNode& k = w->key(i);
                const std::optional<Stage> st = parse_stage(k.value);
                if (!st) {
                    r.unknown("unknown-stage", k, "stage", k.value, names_of(all_stages), "Stages");
                    continue;
                }
                if (stage_keys.count(*st) == 0) {
                    r.error("weight-for-absent-stage", k,
                            "weight for stage '" + k.value + "', which this scenario does not have",
                            "remove the weight, or add the stage under stages:");
                    continue;
                }
                if (auto v = r.integer(w->val(i), "weight of " + k.value, 0, 100)) given[*st] = *v;
            }
        }
        if (const YNode* v = Reader::get(*n, "pass"))
            if (auto i = r.integer(*v, "pass", 0, 100)) rb.pass = *i;
        if (const YNode* v = Reader::get(*n, "close_at"))
            if (auto i = r.integer(*v, "close_at", 0, 100)) rb.close_at = *i;
        if (const YNode* v = Reader::get(*n, "close_attempts"))
            if (auto i = r.integer(*v, "close_attempts", 1, 20)) rb.close_attempts = *i;
        if (const YNode* v = Reader::get(*n, "no_mistake_close"))
            if (auto b = r.boolean(*v, "no_mistake_close")) rb.no_mistake_close = *b;
        if (const YNode* v = Reader::get(*n, "pass_outcomes");
            v != nullptr && r.expect_seq(*v, "pass_outcomes")) {
            rb.pass_outcomes.clear();
            static const std::vector<std::string> valid{"sale", "no_sale", "walked_away"};
            for (const YNode& item : v->items) {
                const std::optional<std::string> s = r.string(item, "pass_outcomes");
                if (!s) continue;
                const std::optional<Outcome> o = parse_outcome(*s);
                if (!o || *o == Outcome::InProgress)
                    r.unknown("unknown-outcome", item, "outcome", *s, valid, "Outcomes");
                else
                    rb.pass_outcomes.push_back(*o);
            }
        }
    }
    // Stages without a weight share evenly what the given weights leave of 100.
    std::vector<Stage> missing;
    int sum = 0;
    for (const auto& [st, node] : stage_keys) {
        if (const auto it = given.find(st); it != given.end())
            sum += it->second;
        else
            missing.push_back(st);
    }
    rb.weights = given;
    if (!missing.empty()) {
        const int left = 100 - sum;
        if (left < static_cast<int>(missing.size())) {
            std::vector<std::string> names;
            for (Stage st : missing) names.emplace_back(to_string(st));
            r.sink().error(
                "weights-leave-nothing", n != nullptr ? n->loc : SourceLoc{1, 1}, 1,
                "the rubric weights leave nothing for " + join(names),
                "give those stages weights, or lower the others so that they add up to less than 100");
        } else {
            const int share = left / static_cast<int>(missing.size());
            int extra = left % static_cast<int>(missing.size());
            for (Stage st : missing) rb.weights[st] = share + (extra-- > 0 ? 1 : 0);
        }
    }
    int total = 0;
    for (const auto& [st, w] : rb.weights) total += w;
    if (!stage_keys.empty() && missing.empty() && total == 0)
        r.sink().error("zero-weights", n != nullptr ? n->loc : SourceLoc{1, 1}, 1, "all rubric weights are 0",
                       "give at least one stage a weight above 0");
}

// A buyer addressed formally hears the rule book's formal lines and replies. They are chosen here,
// once, so the session and every front end read the scenario's rules as they are said.
std::shared_ptr<const RuleBook> in_address(std::shared_ptr<const RuleBook> book, Address address) {
    if (address == Address::Informal || !book) return book;
    auto copy = std::make_shared<RuleBook>(*book);
    for (MoveInfo& m : copy->moves) m.line = m.line.in_address(address);
    for (Rule& rule : copy->rules) rule.reply = rule.reply.in_address(address);
    copy->build_index();
    return copy;
}

std::shared_ptr<Scenario> read_scenario(Reader& r, const YNode& root,
                                        const std::shared_ptr<const RuleBook>& book, SourceLoc& id_loc) {
    auto sc = std::make_shared<Scenario>();
    if (!r.expect_map(root, "scenario")) return nullptr;
    r.check_keys(root,
                 {"format", "id", "title", "summary", "goals", "languages", "context", "difficulty",
                  "product", "facts", "persona", "rubric", "stages", "rules", "signals"},
                 "the scenario");
    check_format(r, root, "the scenario");
    // Languages first: every text below is checked against them.
    if (const YNode* v = r.require(root, "languages", "the scenario");
        v != nullptr && r.expect_seq(*v, "languages")) {
        for (const YNode& item : v->items) {
            const std::optional<std::string> s = r.string(item, "languages");
            if (!s) continue;
            if (!is_lang_code(*s))
                r.error("invalid-language-code", item, "'" + *s + "' is not a language code",
                        "use two- or three-letter codes such as en or fi");
            else if (std::find(sc->languages.begin(), sc->languages.end(), *s) != sc->languages.end())
                r.error("duplicate-language", item, "language '" + *s + "' is listed twice",
                        "list each language once");
            else
                sc->languages.push_back(*s);
        }
        if (v->items.empty())
            r.error("no-languages", *v, "no languages", "list at least one, for example languages: [en]");
    }
    r.set_languages(sc->languages);
    if (const YNode* v = r.require(root, "id", "the scenario")) {
        id_loc = v->loc;
        if (auto s = r.string(*v, "id")) {
            if (is_scenario_id(*s))
                sc->id = *s;
            else
                r.error("invalid-id", *v,
                        "scenario id '" + *s + "' may use only lowercase letters, digits and '-'",
                        "for example id: chairs-agency");
        }
    }
    if (const YNode* v = r.require(root, "title", "the scenario")) sc->title = r.text(*v, "title");
    if (const YNode* v = Reader::get(root, "summary")) sc->summary = r.text(*v, "summary");
    if (const YNode* v = Reader::get(root, "goals"); v != nullptr && r.expect_seq(*v, "goals"))
        for (const YNode& g : v->items) sc->goals.push_back(r.text(g, "goals"));
    if (const YNode* v = r.require(root, "context", "the scenario")) {
        if (auto s = r.string(*v, "context")) {
            static const std::vector<std::string> valid{"b2b", "b2c", "retail"};
            if (std::find(valid.begin(), valid.end(), *s) != valid.end())
                sc->context = *s;
            else
                r.unknown("unknown-context", *v, "context", *s, valid, "Contexts");
        }
    }
    if (const YNode* v = r.require(root, "difficulty", "the scenario"))
        if (auto i = r.integer(*v, "difficulty", 1, 5)) sc->difficulty = *i;
    if (const YNode* v = Reader::get(root, "product")) read_product(r, *v, *sc);
    if (const YNode* v = Reader::get(root, "facts"); v != nullptr && r.expect_map(*v, "facts")) {
        for (std::size_t i = 0; i < v->map_size(); ++i) {
            const YNode& k = v->key(i);
            if (!is_name(k.value)) {
                r.error("invalid-name", k, "fact name '" + k.value + "' must be a snake_case name",
                        "use lowercase letters, digits and '_'");
                continue;
            }
            if (auto b = r.boolean(v->val(i), k.value)) sc->facts[k.value] = *b;
        }
    }
    IdRegistry need_ids(r, "need");
    IdRegistry motive_ids(r, "motive");
    if (const YNode* v = r.require(root, "persona", "the scenario")) {
        read_persona(r, *v, sc->persona, need_ids, motive_ids);
        const YNode* needs = v->kind == YNode::Kind::Map ? Reader::get(*v, "needs") : nullptr;
        need_ids.usable =
            v->kind == YNode::Kind::Map && (needs == nullptr || needs->kind == YNode::Kind::Seq);
    }

    std::map<Stage, const YNode*> stage_keys;
    IdRegistry step_ids(r, "step");
    IdRegistry lead_ids(r, "lead");
    IdRegistry objection_ids(r, "objection");
    if (const YNode* stages = r.require(root, "stages", "the scenario");
        stages != nullptr && r.expect_map(*stages, "stages")) {
        for (std::size_t i = 0; i < stages->map_size(); ++i) {
            const YNode& k = stages->key(i);
            if (auto st = parse_stage(k.value))
                stage_keys[*st] = &k;
            else
                r.unknown("unknown-stage", k, "stage", k.value, names_of(all_stages), "Stages");
        }
        if (stages->map_size() == 0)
            r.error("no-stages", *stages, "no stages", "add at least one stage, for example objections:");
        for (const auto& [stage, key] : stage_keys) {
            const YNode& content = *Reader::get(*stages, key->value);
            const std::string name(to_string(stage));
            StageContent sc_stage;
            sc_stage.stage = stage;
            sc_stage.loc = key->loc;
            if (move_ids_of(book->moves, stage).empty())
                r.error("stage-without-moves", *key, "the rule book has no moves for stage " + name,
                        "add the stage's moves to the rule book");
            if (!r.expect_map(content, name)) continue;
            if (const YNode* v = Reader::get(content, "intro")) sc_stage.intro = r.text(*v, "intro");
            switch (stage) {
                case Stage::Prospecting:
                    r.check_keys(content, {"intro", "leads"}, "stage prospecting");
                    if (const YNode* v = r.require(content, "leads", "stage prospecting"))
                        read_leads(r, *v, sc_stage, lead_ids);
                    break;
                case Stage::Objections:
                    r.check_keys(content, {"intro", "raise"}, "stage objections");
                    if (const YNode* v = r.require(content, "raise", "stage objections"))
                        read_objections(r, *v, sc_stage, objection_ids, need_ids);
                    break;
                case Stage::Closing: {
                    r.check_keys(content, {"intro", "lines", "replies"}, "stage closing");
                    const std::vector<std::string> techniques = names_of(all_techniques);
                    if (const YNode* v = Reader::get(content, "lines"))
                        read_lines<Technique>(r, *v, "lines", sc_stage.lines, parse_technique, techniques,
                                              "closing technique", "Techniques");
                    if (const YNode* v = Reader::get(content, "replies"))
                        read_replies<Technique>(r, *v, sc_stage.replies, sc_stage.replies_by, parse_technique,
                                                techniques, "closing technique", "Techniques", true);
                    break;
                }
                default:
                    r.check_keys(content, {"intro", "steps"}, "stage " + name);
                    if (const YNode* v = r.require(content, "steps", "stage " + name))
                        read_steps(r, *v, sc_stage, step_ids, need_ids, *book);
                    break;
            }
            sc->stages.push_back(std::move(sc_stage));
        }
    }
    read_rubric(r, Reader::get(root, "rubric"), *sc, stage_keys);
    if (const YNode* v = Reader::get(root, "signals")) read_signal_texts(r, *v, "signals", "", sc->signals);
    std::vector<std::string> objections;
    for (const StageContent& content : sc->stages)
        for (const Objection& o : content.objections) objections.push_back(o.id);
    sc->rules = apply_overrides(r, Reader::get(root, "rules"), book, objections);
    sc->rules = in_address(sc->rules, sc->persona.address);
    return sc;
}

}  // namespace

ScenarioLoad load_scenario_impl(std::string_view bytes, const std::string& path,
                                std::shared_ptr<const RuleBook> book, const LoadOptions& opts,
                                SourceLoc& id_loc) {
    ScenarioLoad out;
    if (!book) throw std::logic_error("load_scenario needs a rule book");
    std::unique_ptr<Source> src;
    std::optional<YNode> root = parse_bytes(bytes, path, opts, out.diagnostics, src);
    if (root) {
        Sink sink(*src, out.diagnostics);
        Reader r(sink, opts);
        std::shared_ptr<Scenario> sc = read_scenario(r, *root, book, id_loc);
        if (sc && sink.errors() == 0) {
            sc->path = path;
            sc->content_hash = content_hash(std::string(bytes) + "\nrulebook " + book->version);
            out.scenario = std::move(sc);
        }
    }
    sort_by_position(out.diagnostics);
    if (has_errors(out.diagnostics)) out.scenario.reset();
    return out;
}

}  // namespace salesim::load

namespace salesim {

ScenarioLoad load_scenario(std::string_view bytes, const std::string& path,
                           std::shared_ptr<const RuleBook> book, const LoadOptions& opts) {
    SourceLoc id_loc;
    return load::load_scenario_impl(bytes, path, std::move(book), opts, id_loc);
}

ScenarioLoad load_scenario_file(const std::string& path, std::shared_ptr<const RuleBook> book,
                                const LoadOptions& opts) {
    ScenarioLoad out;
    const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, out.diagnostics);
    if (!bytes) return out;
    return load_scenario(*bytes, path, std::move(book), opts);
}

}  // namespace salesim
