// `salesim explain`: plays scripted choices up to a decision, then shows for every option there the
// verdict it would get, the rule (and gate) that gives it, each condition tested, and the rules that
// nearly matched.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/play_script.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/display_text.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/explain.hpp>
#include <salesim/session.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::cli {
namespace {

using app::ExitCode;
using app::to_int;
using json = nlohmann::ordered_json;

struct ExplainOptions {
    std::string scenario;
    std::optional<std::uint64_t> seed;
    std::string choices;
    std::string moves;
    bool json = false;
};

// One option of the decision at hand with its explanation.
struct Explained {
    std::size_t number = 0;  ///< 1-based
    const Option* option = nullptr;
    Stage stage = Stage::Prospecting;  ///< whose rules judge it
    Explanation why;
};

std::string where(const Rule& r) {
    return std::filesystem::path(r.file).filename().string() + ":" + std::to_string(r.loc.line);
}

std::string text_of(std::string_view key, std::string_view lang,
                    std::initializer_list<std::pair<std::string_view, std::string>> values) {
    return fill(tr(lang, "cli.explain." + std::string(key)), values);
}

// `rule` with its verdict and place, in the words of `key`.
std::string rule_line(std::string_view key, const Rule& r, std::string_view lang) {
    return text_of(
        key, lang,
        {{"rule", r.id}, {"verdict", std::string(verdict_name(lang, r.verdict))}, {"where", where(r)}});
}

void print_conditions(const RuleCheck& check, std::string_view indent, std::string_view lang) {
    if (check.conditions.empty()) {
        std::cout << indent << tr(lang, "cli.explain.always") << "\n";
        return;
    }
    for (const ConditionCheck& c : check.conditions)
        std::cout << indent << c.fact << " " << app::display_line(c.value) << " " << c.test << " "
                  << (c.holds ? "✓" : "✗") << "\n";
}

void print_text(const Session& s, const std::vector<Explained>& options, std::string_view lang) {
    const std::string content = s.scenario().language_or_default(std::string(lang));
    const RuleBook& book = *s.scenario().rules;
    const Decision& d = s.current();
    std::cout << text_of("header", lang,
                         {{"title", app::display_line(s.scenario().title.get(content))},
                          {"id", app::display_line(s.scenario().id)},
                          {"seed", std::to_string(s.seed())}})
              << "\n"
              << text_of("decision", lang,
                         {{"n", std::to_string(s.decisions().size() + 1)},
                          {"stage", std::string(stage_name(lang, d.stage))},
                          {"ref", app::display_line(d.ref)}})
              << "\n";
    if (!d.prompt.empty())
        std::cout << wrap(app::display_lines(d.prompt.get(content)), output_width(), "  ", "  ");
    std::cout << "\n" << tr(lang, "cli.explain.options") << "\n";
    for (const Explained& e : options) {
        const Option& o = *e.option;
        const std::string label =
            app::display_lines(o.label.empty() ? o.say.get(content) : o.label.get(content));
        std::cout << "\n" << e.number << ") " << option_token(d, e.number - 1) << ": " << label << "\n";
        if (e.stage != d.stage)
            std::cout << "   "
                      << text_of("rules_of", lang, {{"stage", std::string(stage_name(lang, e.stage))}})
                      << "\n";
        const Explanation& why = e.why;
        if (why.judged == nullptr) {
            std::cout << "   " << tr(lang, "cli.explain.no_rule") << "\n";
        } else {
            const Rule& by = why.own ? *why.own->rule : *why.judged;
            const std::string key = !why.capped ? "rule" : why.own ? "capped_rule" : "by_gate";
            std::cout << "   "
                      << text_of(key, lang,
                                 {{"verdict", std::string(verdict_name(lang, why.judged->verdict))},
                                  {"points", std::to_string(book.points_for(why.judged->verdict))},
                                  {"rule", by.id},
                                  {"own", std::string(verdict_name(lang, by.verdict))},
                                  {"where", where(by)}})
                      << "\n";
            if (why.own) print_conditions(*why.own, "     ", lang);
        }
        if (why.gate) {
            if (why.own || !why.capped)
                std::cout << "   " << rule_line(why.capped ? "capped" : "gate_holds", *why.gate->rule, lang)
                          << "\n";
            print_conditions(*why.gate, "     ", lang);
        }
        for (const RuleCheck& n : why.near) {
            std::cout << "   " << rule_line("near", *n.rule, lang) << "\n";
            print_conditions(n, "     ", lang);
        }
    }
}

json conditions_json(const RuleCheck& check) {
    json out = json::array();
    for (const ConditionCheck& c : check.conditions)
        out.push_back({{"fact", c.fact}, {"value", c.value}, {"test", c.test}, {"holds", c.holds}});
    return out;
}

json rule_json(const Rule& r) {
    return {{"id", r.id}, {"file", r.file}, {"line", r.loc.line}, {"verdict", to_string(r.verdict)}};
}

json to_json(const Session& s, const std::vector<Explained>& options, std::string_view lang) {
    const std::string content = s.scenario().language_or_default(std::string(lang));
    const RuleBook& book = *s.scenario().rules;
    const Decision& d = s.current();
    json out = {
        {"scenario", s.scenario().id},
        {"seed", s.seed()},
        {"stage", to_string(d.stage)},
        {"decision", {{"number", s.decisions().size() + 1}, {"kind", to_string(d.kind)}, {"ref", d.ref}}},
        {"options", json::array()}};
    for (const Explained& e : options) {
        const Option& o = *e.option;
        const Explanation& why = e.why;
        json oj = {{"number", e.number},
                   {"move", o.move},
                   {"label", o.label.empty() ? o.say.get(content) : o.label.get(content)},
                   {"stage", to_string(e.stage)},
                   {"verdict", nullptr},
                   {"points", nullptr},
                   {"judged_by", nullptr},
                   {"rule", nullptr},
                   {"conditions", json::array()},
                   {"gate", nullptr},
                   {"near", json::array()}};
        if (!o.ref.empty()) oj["ref"] = o.ref;
        if (why.judged != nullptr) {
            oj["verdict"] = to_string(why.judged->verdict);
            oj["points"] = book.points_for(why.judged->verdict);
            oj["judged_by"] = why.judged->id;
        }
        if (why.own) {
            oj["rule"] = rule_json(*why.own->rule);
            oj["conditions"] = conditions_json(*why.own);
        }
        if (why.gate) {
            json g = rule_json(*why.gate->rule);
            g["capped"] = why.capped;
            g["conditions"] = conditions_json(*why.gate);
            oj["gate"] = g;
        }
        for (const RuleCheck& n : why.near) {
            json nj = rule_json(*n.rule);
            nj["holding"] = n.holding;
            nj["conditions"] = conditions_json(n);
            oj["near"].push_back(nj);
        }
        out["options"].push_back(oj);
    }
    return out;
}

int run_explain(const ExplainOptions& o, const CLI::App& sub) {
    const bool by_number = sub.get_option("--choices")->count() > 0;
    const bool by_move = sub.get_option("--moves")->count() > 0;
    const std::string lang = global_lang(sub);
    if (by_number && by_move) {
        std::cerr << play_error(lang, "moves_and_choices") << "\n";
        return to_int(ExitCode::Misuse);
    }
    int code = to_int(ExitCode::Ok);
    const std::shared_ptr<const Scenario> scenario = resolve_scenario(o.scenario, lang, code);
    if (scenario == nullptr) return code;

    std::vector<ScriptedChoice> choices;
    if (by_number) {
        auto parsed = parse_choices(o.choices, lang);
        if (!parsed) return to_int(ExitCode::Misuse);
        choices = std::move(*parsed);
    }
    // The seed a scripted play takes, so that option numbers mean what they mean there.
    Session session(scenario, o.seed.value_or(1));
    if (by_move) {
        auto resolved = resolve_moves(session, o.moves, lang);
        if (!resolved) return to_int(ExitCode::Misuse);
        choices = std::move(*resolved);
    }
    if (!check_choices(session, choices, lang)) return to_int(ExitCode::Misuse);
    for (const ScriptedChoice& c : choices) {
        if (c.hint) session.hint();
        session.choose(c.number - 1);
    }
    if (session.finished()) {
        std::cerr << text_of("ended", lang,
                             {{"n", std::to_string(session.decisions().size())},
                              {"outcome", std::string(outcome_name(lang, session.outcome()))}})
                  << "\n";
        return to_int(ExitCode::Problems);
    }

    const RuleBook& book = *scenario->rules;
    const Decision& d = session.current();
    std::vector<Explained> options;
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        const OptionJudging j = session.judging(i);
        options.push_back({i + 1, &d.options[i], j.stage, explain(book, j.stage, j.move, j.situation)});
    }
    if (o.json)
        std::cout << to_json(session, options, lang).dump(2) << "\n";
    else
        print_text(session, options, lang);
    return to_int(ExitCode::Ok);
}

}  // namespace

void add_explain(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ExplainOptions>();
    CLI::App* sub = app.add_subcommand(
        "explain",
        "Show why each option of a decision gets its verdict: the rule, its conditions, near misses");
    sub->fallthrough();
    sub->add_option("scenario", opts->scenario, "A scenario file, or an id from `salesim list`")->required();
    sub->add_option("--seed", opts->seed,
                    "Seed for the order of the options (default 1, as a scripted play)");
    sub->add_option(
        "--choices", opts->choices,
        "Play these option numbers first (1-based, comma-separated), then explain the next decision");
    sub->add_option(
           "--moves", opts->moves,
           "Play these moves first (move or lead ids, comma-separated), then explain the next decision")
        ->type_name("LIST");
    sub->add_flag("--json", opts->json, "Print the explanation as one JSON object");
    sub->footer(
        "Exit status: 0 when a decision is explained, 1 when the choices end the meeting or the scenario\n"
        "has errors, 2 on misuse (a bad choice number, an unknown move or scenario).");
    sub->callback([&action, opts, sub] { action = [opts, sub] { return run_explain(*opts, *sub); }; });
}

}  // namespace salesim::cli
