// The parts of a scenario: the persona and their needs, the product, and the content of each stage.
#include "load/scenario_parts.hpp"

#include "load/rulebook_loader.hpp"
#include "load/source_text.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::load {

namespace {

const std::vector<std::string> k_traits{
    "ego",           "patience",          "skepticism",   "price_sensitivity",
    "brand_loyalty", "detail_mindedness", "risk_aversion"};

void read_needs(Reader& r, const YNode& n, std::string_view what, std::vector<Need>& out, IdRegistry& ids) {
    if (!r.expect_seq(n, what)) return;
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, what)) continue;
        r.check_keys(item, {"id", "text"}, "a need or motive");
        Need need;
        need.loc = item.loc;
        need.id = ids.take(item, "a need or motive");
        if (const YNode* t = r.require(item, "text", "a need or motive")) need.text = r.text(*t, "text");
        if (!need.id.empty()) out.push_back(std::move(need));
    }
}

// A reference to a need by id (an option's `discovers`, an objection's `turns_on`).
void check_need_ref(Reader& r, const YNode& at, const std::string& id, const IdRegistry& needs) {
    if (needs.has(id) || !needs.usable) return;
    const std::vector<std::string> valid = needs.ids();
    std::string help;
    const std::string guess = closest_match(id, valid);
    if (!guess.empty()) help = "did you mean '" + guess + "'? ";
    help +=
        valid.empty() ? "the persona lists no needs; add it under persona.needs" : "Needs: " + join(valid);
    r.error("unknown-need", at, "unknown need '" + id + "'", help);
}

}  // namespace

bool is_scenario_id(std::string_view s) {
    if (s.empty() || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

namespace {

// A `traits:` map of `n` (a persona's, or an objection's for its own topic) into `out`: known
// trait names only, each 0..1.
void read_traits(Reader& r, const YNode& n, std::map<std::string, double>& out) {
    const YNode* v = Reader::get(n, "traits");
    if (v == nullptr || !r.expect_map(*v, "traits")) return;
    for (std::size_t i = 0; i < v->map_size(); ++i) {
        const YNode& k = v->key(i);
        if (std::find(k_traits.begin(), k_traits.end(), k.value) == k_traits.end()) {
            r.unknown("unknown-trait", k, "trait", k.value, k_traits, "Traits");
            continue;
        }
        if (auto d = r.number(v->val(i), "trait " + k.value, 0.0, 1.0)) out[k.value] = *d;
    }
}

}  // namespace

void read_persona(Reader& r, const YNode& n, Persona& p, IdRegistry& need_ids, IdRegistry& motive_ids) {
    if (!r.expect_map(n, "persona")) return;
    r.check_keys(n, {"name", "role", "about", "authority", "address", "traits", "start", "motives", "needs"},
                 "persona");
    if (const YNode* v = r.require(n, "name", "persona")) {
        if (auto s = r.string(*v, "name")) p.name = *s;
    }
    if (const YNode* v = Reader::get(n, "role")) p.role = r.text(*v, "role");
    if (const YNode* v = Reader::get(n, "about")) p.about = r.text(*v, "about");
    if (const YNode* v = Reader::get(n, "authority")) {
        if (auto s = r.string(*v, "authority")) {
            static const std::vector<std::string> valid{"full", "shared", "none"};
            if (std::find(valid.begin(), valid.end(), *s) != valid.end())
                p.authority = *s;
            else
                r.unknown("unknown-authority", *v, "authority", *s, valid, "Authorities");
        }
    }
    if (const YNode* v = Reader::get(n, "address")) {
        if (auto s = r.string(*v, "address")) {
            const std::vector<std::string> valid{to_string(Address::Informal), to_string(Address::Formal)};
            if (*s == valid[1])
                p.address = Address::Formal;
            else if (*s != valid[0])
                r.unknown("unknown-address", *v, "form of address", *s, valid, "Forms of address");
        }
    }
    for (const std::string& t : k_traits) p.traits[t] = 0.5;
    read_traits(r, n, p.traits);
    if (const YNode* v = Reader::get(n, "start"); v != nullptr && r.expect_map(*v, "start")) {
        r.check_keys(*v, {"trust", "interest", "patience", "readiness"}, "start");
        const std::pair<const char*, int*> fields[] = {{"trust", &p.start.trust},
                                                       {"interest", &p.start.interest},
                                                       {"patience", &p.start.patience},
                                                       {"readiness", &p.start.readiness}};
        for (const auto& [name, target] : fields)
            if (const YNode* x = Reader::get(*v, name))
                if (auto i = r.integer(*x, name, 0, 100)) *target = *i;
    }
    if (const YNode* v = Reader::get(n, "motives")) read_needs(r, *v, "motives", p.motives, motive_ids);
    if (const YNode* v = Reader::get(n, "needs")) read_needs(r, *v, "needs", p.needs, need_ids);
}

void read_product(Reader& r, const YNode& n, Scenario& sc) {
    if (!r.expect_map(n, "product")) return;
    r.check_keys(n, {"name", "complex"}, "product");
    if (const YNode* v = Reader::get(n, "name")) sc.product_name = r.text(*v, "name");
    if (const YNode* v = Reader::get(n, "complex"))
        if (auto b = r.boolean(*v, "complex")) sc.product_complex = *b;
}

void read_leads(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids) {
    if (!r.expect_seq(n, "leads")) return;
    static const std::vector<std::string> keys{"id",        "name",     "about",
                                               "able",      "willing",  "authorised",
                                               "reachable", "need_met", "meets_requirements",
                                               "rank",      "outcome"};
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "lead")) continue;
        r.check_keys(item, keys, "a lead");
        Lead lead;
        lead.loc = item.loc;
        lead.id = ids.take(item, "a lead");
        if (const YNode* v = r.require(item, "name", "a lead")) lead.name = r.text(*v, "name");
        if (const YNode* v = Reader::get(item, "about")) lead.about = r.text(*v, "about");
        if (const YNode* v = Reader::get(item, "outcome")) lead.outcome = r.text(*v, "outcome");
        const std::pair<const char*, bool*> required[] = {
            {"able", &lead.able}, {"willing", &lead.willing}, {"authorised", &lead.authorised}};
        for (const auto& [name, target] : required)
            if (const YNode* v = r.require(item, name, "a lead"))
                if (auto b = r.boolean(*v, name)) *target = *b;
        const std::pair<const char*, bool*> optional[] = {{"reachable", &lead.reachable},
                                                          {"need_met", &lead.need_met},
                                                          {"meets_requirements", &lead.meets_requirements}};
        for (const auto& [name, target] : optional)
            if (const YNode* v = Reader::get(item, name))
                if (auto b = r.boolean(*v, name)) *target = *b;
        if (const YNode* v = Reader::get(item, "rank")) {
            if (auto i = r.integer(*v, "rank", 1, 1000)) lead.rank = *i;
        } else if (lead.qualified()) {
            r.error("missing-key", item, "missing required key 'rank' in a qualified lead",
                    "rank the qualified leads: rank: 1 for the best");
        }
        st.leads.push_back(std::move(lead));
    }
    if (n.items.size() < 2)
        r.error("too-few-leads", n,
                "prospecting needs at least two leads, found " + std::to_string(n.items.size()),
                "add another lead: choosing between leads is the lesson");
    else if (std::none_of(st.leads.begin(), st.leads.end(), [](const Lead& l) { return l.qualified(); }))
        r.error("no-qualified-lead", n, "no lead is qualified",
                "make at least one lead able, willing, authorised and reachable");
}

void read_steps(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs,
                const RuleBook& book) {
    if (!r.expect_seq(n, "steps")) return;
    if (n.items.empty())
        r.error("no-steps", n, "no steps in stage " + std::string(to_string(st.stage)),
                "add at least one step");
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "step")) continue;
        r.check_keys(item, {"id", "speaker", "prompt", "options"}, "a step");
        Step step;
        step.loc = item.loc;
        step.id = ids.take(item, "a step");
        if (const YNode* v = Reader::get(item, "speaker")) {
            if (auto s = r.string(*v, "speaker")) {
                if (*s == "narrator")
                    step.speaker = Speaker::Narrator;
                else if (*s == "buyer")
                    step.speaker = Speaker::Buyer;
                else if (*s == "seller")
                    step.speaker = Speaker::Seller;
                else
                    r.unknown("unknown-speaker", *v, "speaker", *s, {"narrator", "buyer", "seller"},
                              "Speakers");
            }
        }
        if (const YNode* v = Reader::get(item, "prompt")) step.prompt = r.text(*v, "prompt");
        const YNode* opts = r.require(item, "options", "a step");
        if (opts == nullptr || !r.expect_seq(*opts, "options")) continue;
        for (const YNode& on : opts->items) {
            if (!r.expect_map(on, "option")) continue;
            r.check_keys(on, {"move", "say", "reply", "narrate", "discovers"}, "a step option");
            StepOption opt;
            opt.loc = on.loc;
            if (const YNode* v = r.require(on, "move", "a step option")) {
                if (auto s = r.string(*v, "move")) {
                    opt.move = *s;
                    check_move(r, *v, st.stage, *s, book.moves);
                }
            }
            if (const YNode* v = Reader::get(on, "say")) opt.say = r.text(*v, "say");
            if (const YNode* v = Reader::get(on, "reply")) opt.reply = r.text(*v, "reply");
            if (const YNode* v = Reader::get(on, "narrate")) opt.narrate = r.text(*v, "narrate");
            if (const YNode* v = Reader::get(on, "discovers");
                v != nullptr && r.expect_seq(*v, "discovers")) {
                for (const YNode& d : v->items) {
                    if (auto s = r.string(d, "discovers")) {
                        check_need_ref(r, d, *s, needs);
                        opt.discovers.push_back(*s);
                    }
                }
            }
            step.options.push_back(std::move(opt));
        }
        if (opts->items.size() < 2)
            r.error("too-few-options", *opts,
                    "a step needs at least two options, found " + std::to_string(opts->items.size()),
                    "add another option: a decision needs a choice");
        st.steps.push_back(std::move(step));
    }
}

void read_objections(Reader& r, const YNode& n, StageContent& st, IdRegistry& ids, const IdRegistry& needs) {
    if (!r.expect_seq(n, "raise")) return;
    static const std::vector<std::string> keys{
        "id",      "kind",   "says",      "valid",    "ego",   "trivial", "misinformed", "excuse",
        "offsets", "hidden", "concealed", "turns_on", "lines", "replies", "blocking",    "traits"};
    std::vector<const YNode*> hidden_nodes;  // parallel to st.objections
    for (const YNode& item : n.items) {
        if (!r.expect_map(item, "objection")) continue;
        r.check_keys(item, keys, "an objection");
        Objection o;
        o.loc = item.loc;
        o.id = ids.take(item, "an objection");
        if (const YNode* v = r.require(item, "kind", "an objection")) {
            if (auto s = r.string(*v, "kind")) {
                if (auto k = parse_objection_kind(*s))
                    o.kind = *k;
                else
                    r.unknown("unknown-objection-kind", *v, "objection kind", *s,
                              names_of(all_objection_kinds), "Kinds");
            }
        }
        if (const YNode* v = r.require(item, "says", "an objection")) o.says = r.text(*v, "says");
        const std::pair<const char*, bool*> flags[] = {
            {"valid", &o.valid},     {"ego", &o.ego},
            {"trivial", &o.trivial}, {"misinformed", &o.misinformed},
            {"excuse", &o.excuse},   {"concealed", &o.concealed}};
        for (const auto& [name, target] : flags)
            if (const YNode* v = Reader::get(item, name))
                if (auto b = r.boolean(*v, name)) *target = *b;
        o.offsets = o.valid;
        if (const YNode* v = Reader::get(item, "offsets"))
            if (auto b = r.boolean(*v, "offsets")) o.offsets = *b;
        // A valid concern, or the real one behind another, stands in the way of a sale until it
        // is answered; the author may say otherwise either way.
        o.blocking = o.valid || o.concealed;
        if (const YNode* v = Reader::get(item, "blocking"))
            if (auto b = r.boolean(*v, "blocking")) o.blocking = *b;
        const YNode* hidden = Reader::get(item, "hidden");
        if (hidden != nullptr)
            if (auto s = r.string(*hidden, "hidden")) o.hidden = *s;
        if (const YNode* v = Reader::get(item, "turns_on")) {
            if (auto s = r.string(*v, "turns_on")) {
                o.turns_on = *s;
                check_need_ref(r, *v, *s, needs);
            }
        }
        // The buyer's traits on this topic only, read instead of the persona's while it is answered.
        read_traits(r, item, o.traits);
        const std::vector<std::string> methods = names_of(all_methods);
        if (const YNode* v = Reader::get(item, "lines"))
            read_lines<Method>(r, *v, "lines", o.lines, parse_method, methods, "objection method", "Methods");
        if (const YNode* v = Reader::get(item, "replies"))
            read_replies<Method>(r, *v, o.replies, o.replies_by, parse_method, methods, "objection method",
                                 "Methods", false);
        if (o.id.empty()) continue;
        st.objections.push_back(std::move(o));
        hidden_nodes.push_back(hidden);
    }
    if (n.items.empty())
        r.error("no-objections", n, "no objections to raise", "add at least one objection under raise:");

    // Concealed objections come up only through the one objection that hides them.
    std::map<std::string, std::string> hidden_by;
    for (std::size_t i = 0; i < st.objections.size(); ++i) {
        const Objection& o = st.objections[i];
        if (o.hidden.empty()) continue;
        const YNode& at = *hidden_nodes[i];
        const auto target = std::find_if(st.objections.begin(), st.objections.end(),
                                         [&](const Objection& x) { return x.id == o.hidden; });
        if (target == st.objections.end()) {
            std::vector<std::string> valid;
            for (const Objection& x : st.objections)
                if (x.concealed) valid.push_back(x.id);
            std::string help;
            const std::string guess = closest_match(o.hidden, valid);
            if (!guess.empty()) help = "did you mean '" + guess + "'? ";
            help += valid.empty() ? "add the concealed objection to raise: with concealed: true"
                                  : "Concealed objections: " + join(valid);
            r.error("unknown-objection", at, "unknown objection '" + o.hidden + "'", help);
        } else if (target->id == o.id) {
            r.error("objection-hides-itself", at, "objection '" + o.id + "' cannot hide itself",
                    "name the concealed objection behind it");
        } else if (!target->concealed) {
            r.error("hidden-not-concealed", at,
                    "objection '" + o.hidden + "' is hidden behind '" + o.id + "' but is not concealed",
                    "add concealed: true to objection '" + o.hidden + "'");
        } else if (const auto it = hidden_by.find(o.hidden); it != hidden_by.end()) {
            r.error("hidden-twice", at,
                    "objection '" + o.hidden + "' is already hidden behind '" + it->second + "'",
                    "a concealed objection is hidden behind exactly one other");
        } else {
            hidden_by[o.hidden] = o.id;
        }
    }
    bool any_open = false;
    for (const Objection& o : st.objections) {
        if (!o.concealed) {
            any_open = true;
        } else if (hidden_by.count(o.id) == 0) {
            r.sink().error("concealed-not-hidden", o.loc, 1,
                           "concealed objection '" + o.id + "' is not hidden behind any other",
                           "add hidden: " + o.id + " to the objection that conceals it");
        }
    }
    if (!st.objections.empty() && !any_open)
        r.error("all-concealed", n, "every objection is concealed",
                "at least one objection must be raised openly");
}

}  // namespace salesim::load
