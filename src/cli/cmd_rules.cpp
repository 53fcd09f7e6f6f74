// `salesim rules`: the rule book as a Markdown page, so that a trainer can predict verdicts.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"
#include "paths.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/diagnostic.hpp>
#include <salesim/domain.hpp>
#include <salesim/loader.hpp>
#include <salesim/rulebook.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::cli {

namespace {

namespace fs = std::filesystem;
using app::ExitCode;
using app::to_int;

struct RulesOptions {
    std::string rulebook;
    std::string out;
};

// The rule book as Markdown, in its order; the page's own words are `cli.rules.<id>` in the string
// tables, the rules' words come from the rule book.
class Page {
public:
    Page(const RuleBook& book, std::string lang) : m_book(book), m_lang(std::move(lang)) {}

    std::string render() {
        intro();
        int n = 0;
        for (Stage s : all_stages) stage(++n, s);
        return m_out;
    }

private:
    std::string_view word(std::string_view id) const { return tr(m_lang, "cli.rules." + std::string(id)); }
    std::string text(const Text& t) const {
        // A text with line breaks would end its list item early: continue it on indented lines.
        std::string out;
        for (char c : t.get(m_lang)) {
            if (c == '\n')
                out += "\n  ";
            else
                out += c;
        }
        while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
        return out;
    }
    static std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }
    static std::string number(double v) {
        if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        return buf;
    }
    static std::string signed_number(int v) { return (v > 0 ? "+" : "") + std::to_string(v); }

    std::string stage_title(Stage s) const {
        const std::string& own = m_book.texts.stage(s).get(m_lang);
        return own.empty() ? std::string(stage_name(m_lang, s)) : own;
    }
    std::string verdict_title(Verdict v) const {
        const std::string& own = m_book.texts.get("verdicts." + std::string(to_string(v))).get(m_lang);
        return own.empty() ? std::string(verdict_name(m_lang, v)) : own;
    }
    std::string move_title(std::string_view id) const {
        const MoveInfo* m = m_book.find_move(id);
        const std::string name = m == nullptr ? std::string() : text(m->name);
        return name.empty() ? code(id) : name + " (" + code(id) + ")";
    }
    // "a, b and c" (or "a, b or c" with `last` "or").
    std::string list(const std::vector<std::string>& items, std::string_view last = "and") const {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i > 0) out += i + 1 == items.size() ? " " + std::string(word(last)) + " " : ", ";
            out += items[i];
        }
        return out;
    }

    void line(std::string_view s = {}) {
        m_out.append(s);
        m_out += '\n';
    }
    void item(std::string_view label, std::string_view value) {
        m_out += "- **";
        m_out.append(label);
        m_out += ":** ";
        m_out.append(value);
        m_out += '\n';
    }

    void intro() {
        line("# " + fill(word("title"), {{"version", m_book.version}}));
        line();
        line(word("generated"));
        line();
        line("## " + std::string(word("how_title")));
        line();
        line(word("how_match"));
        line();
        line(word("how_gates"));
        line();
        line(word("how_facts"));
        line();
        line("| " + std::string(word("col_verdict")) + " | " + std::string(word("col_points")) + " |");
        line("| --- | ---: |");
        for (Verdict v : all_verdicts)
            line("| " + verdict_title(v) + " | " + std::to_string(m_book.points_for(v)) + " |");
    }

    void stage(int n, Stage s) {
        std::vector<const Rule*> gates;
        for (const Rule& r : m_book.rules)
            if (r.gate && r.stage == s) gates.push_back(&r);
        const std::vector<std::string> moves = m_book.moves_of(s);
        if (gates.empty() && moves.empty()) return;
        line();
        line("## " + std::to_string(n) + ". " + stage_title(s));
        if (!gates.empty()) {
            line();
            line("### " + std::string(word("gates")));
            line();
            line(word("gates_about"));
            for (const Rule* g : gates) rule(*g);
        }
        for (const std::string& id : moves) {
            line();
            line("### " + move_title(id));
            const MoveInfo* m = m_book.find_move(id);
            if (m != nullptr && !m->about.empty()) {
                line();
                line(text(m->about));
            }
            for (const Rule& r : m_book.rules)
                if (!r.gate && r.stage == s && r.move == id) rule(r);
        }
    }

    void rule(const Rule& r) {
        line();
        line("#### " + code(r.id));
        line();
        if (r.gate) {
            std::string moves;
            if (r.move != "any") {
                moves = move_title(r.move);
            } else if (r.except.empty()) {
                moves = word("every_move");
            } else {
                std::vector<std::string> except;
                for (const std::string& e : r.except) except.push_back(code(e));
                moves = fill(word("every_move_except"), {{"moves", list(except)}});
            }
            item(word("moves"), moves);
        }
        item(word("when"), conditions(r));
        const std::string verdict =
            fill(word("verdict_points"), {{"verdict", verdict_title(r.verdict)},
                                          {"points", std::to_string(m_book.points_for(r.verdict))}});
        item(word("verdict"), r.gate ? fill(word("at_most"), {{"verdict", verdict}}) : verdict);
        item(word("effects"), effects(r.effects));
        if (!r.feedback.empty()) item(word("feedback"), text(r.feedback));
        if (!r.source.empty()) item(word("source"), r.source);
    }

    std::string conditions(const Rule& r) const {
        if (r.when.empty()) return std::string(word(r.gate ? "always" : "fallback"));
        std::vector<std::string> parts;
        for (const Condition& c : r.when) {
            const std::string fact = code(c.fact);
            switch (c.op) {
                case Condition::Op::IsTrue:
                case Condition::Op::IsFalse:
                    parts.push_back(fill(
                        word("is"),
                        {{"fact", fact}, {"value", code(c.op == Condition::Op::IsTrue ? "true" : "false")}}));
                    break;
                case Condition::Op::Equals:
                    parts.push_back(fill(word("is"), {{"fact", fact}, {"value", code(c.strings.front())}}));
                    break;
                case Condition::Op::OneOf: {
                    std::vector<std::string> values;
                    for (const std::string& v : c.strings) values.push_back(code(v));
                    parts.push_back(fill(word("one_of"), {{"fact", fact}, {"values", list(values, "or")}}));
                    break;
                }
                case Condition::Op::Compare: {
                    const auto bound = [&](const std::optional<double>& b, std::string_view op) {
                        if (b) parts.push_back(fact + " " + std::string(op) + " " + number(*b));
                    };
                    bound(c.gt, ">");
                    bound(c.ge, "≥");
                    bound(c.lt, "<");
                    bound(c.le, "≤");
                    bound(c.eq, "=");
                    break;
                }
            }
        }
        std::string out;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) out += " " + std::string(word("and")) + " ";
            out += parts[i];
        }
        return out;
    }

    std::string effects(const Effects& fx) const {
        std::vector<std::string> parts;
        const auto value = [&](int delta, std::string_view id) {
            if (delta != 0) parts.push_back(fill(word(id), {{"n", signed_number(delta)}}));
        };
        value(fx.trust, "trust");
        value(fx.interest, "interest");
        value(fx.patience, "patience");
        value(fx.readiness, "readiness");
        if (fx.resolves) parts.emplace_back(word("resolves"));
        if (fx.reveals) parts.emplace_back(word("reveals"));
        if (fx.resolves_last) parts.emplace_back(word("resolves_last"));
        if (fx.closes) parts.emplace_back(word("closes"));
        if (parts.empty()) return std::string(word("no_effects"));
        std::string out;
        for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? ", " : "") + parts[i];
        return out;
    }

    const RuleBook& m_book;
    std::string m_lang;
    std::string m_out;
};

void print_diagnostic(const Diagnostic& d) {
    std::string text = format(d);
    if (text.empty() || text.back() != '\n') text += '\n';
    std::cerr << text;
}

// The rule book file the user named: a file, or a folder holding rulebook.yaml. Empty (after an
// error is printed) when there is none.
std::string rulebook_path(std::string path, std::string_view lang) {
    if (path.empty()) return app::default_rulebook();
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    const auto msg = [lang](std::string_view id) { return tr(lang, "cli.rules." + std::string(id)); };
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        const std::string inside = path + "/rulebook.yaml";
        if (fs::is_regular_file(inside, ec)) return inside;
        print_diagnostic(file_error(path, std::string(msg("no_rulebook_in_folder")),
                                    fill(msg("no_rulebook_in_folder_help"), {{"path", inside}})));
        return {};
    }
    if (!fs::exists(path, ec)) {
        print_diagnostic(file_error(path, std::string(msg("no_such_file")),
                                    fill(msg("no_such_file_help"), {{"path", app::default_rulebook()}})));
        return {};
    }
    return path;
}

int run_rules(const RulesOptions& o, const std::string& lang) {
    const std::string path = rulebook_path(o.rulebook, lang);
    if (path.empty()) return to_int(ExitCode::Misuse);
    const RuleBookLoad load = load_rulebook_file(path);
    for (const Diagnostic& d : load.diagnostics) print_diagnostic(d);
    if (!load.book) return to_int(ExitCode::Problems);
    const std::string page = Page(*load.book, lang).render();
    return to_int(write_output(o.out, page) ? ExitCode::Ok : ExitCode::Problems);
}

}  // namespace

void add_rules(CLI::App& app, Action& action) {
    auto opts = std::make_shared<RulesOptions>();
    CLI::App* sub = app.add_subcommand(
        "rules",
        "Print the rule book as a Markdown page: every rule with its conditions, verdict and effects");
    sub->fallthrough();
    sub->add_option("rulebook", opts->rulebook,
                    "A rulebook.yaml, or a folder holding one (default: the shipped rule book)");
    sub->add_option("--out", opts->out, "Write to FILE instead of the standard output")->type_name("FILE");
    sub->callback(
        [&action, opts, sub] { action = [opts, sub] { return run_rules(*opts, global_lang(*sub)); }; });
}

}  // namespace salesim::cli
