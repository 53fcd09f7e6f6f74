// `salesim report`: the trainer's view of the results, per trainee and per group, in the terminal or as JSON.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/display_text.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/app/strings.hpp>
#include <salesim/domain.hpp>
#include <salesim/results/report.hpp>

#include <array>
#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct ReportOptions {
    results::ReportFilter filter;
    bool json = false;
};

std::string fixed1(double v) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << v;
    return s.str();
}

std::string right(const std::string& s, std::size_t w) {
    const std::size_t n = text_width(s);
    return n >= w ? s : std::string(w - n, ' ') + s;
}

// The report's name for an id (a stage, competency, method, outcome or status); an id the tables do
// not name (a scenario's own competency, or what an imported file says) is shown as it is, escaped.
std::string label(std::string_view lang, std::string_view group, std::string_view id) {
    const std::string key = "cli.report." + std::string(group) + "." + std::string(id);
    const std::string_view text = tr(lang, key);
    return text == app::missing_marker(key) ? app::display_line(id) : std::string(text);
}

// A bar of eight levels per score: the progress series at a glance.
std::string spark(int score) {
    static const char* const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    const int i = std::clamp(score * 8 / 101, 0, 7);
    return levels[i];
}

void print_scores(std::ostream& out, const results::ScoreSummary& s, const std::string& indent,
                  std::string_view lang) {
    if (s.count == 0) return;
    std::string line = fill(tr(lang, "cli.report.stages_mean"), {{"n", std::to_string(s.count)}});
    for (Stage st : all_stages) {
        auto it = s.stages.find(std::string(to_string(st)));
        if (it != s.stages.end())
            line += " " + label(lang, "stage", to_string(st)) + " " + std::to_string(std::lround(it->second));
    }
    out << wrap(line, output_width(), indent, indent + "  ");
    if (!s.competencies.empty()) {
        line = std::string(tr(lang, "cli.report.competencies"));
        for (const auto& [k, v] : s.competencies)
            line += " " + label(lang, "competency", k) + " " + std::to_string(std::lround(v));
        out << wrap(line, output_width(), indent, indent + "  ");
    }
}

void print_methods(std::ostream& out, const results::ConfusionTable& t, const std::string& indent,
                   std::string_view lang) {
    if (t.total == 0) return;
    out << indent
        << fill(tr(lang, "cli.report.methods"),
                {{"fitting", std::to_string(t.fitting)}, {"total", std::to_string(t.total)}})
        << "\n";
    std::size_t w0 = 0;
    for (Method m : all_methods) w0 = std::max(w0, text_width(label(lang, "method", to_string(m))));
    std::string line = indent + "  " + pad("", w0);
    for (Method m : all_methods) {
        const std::string name = label(lang, "method", to_string(m));
        line += "  " + right(name, std::max<std::size_t>(7, text_width(name)));
    }
    out << line << "\n";
    for (Method chosen : all_methods) {
        int row_total = 0;
        for (Method best : all_methods) row_total += t.at(chosen, best);
        if (row_total == 0) continue;
        line = indent + "  " + pad(label(lang, "method", to_string(chosen)), w0);
        for (Method best : all_methods) {
            const int n = t.at(chosen, best);
            line +=
                "  " + right(n == 0 ? "." : std::to_string(n),
                             std::max<std::size_t>(7, text_width(label(lang, "method", to_string(best)))));
        }
        out << line << "\n";
    }
}

void print_section(std::ostream& out, const results::SectionReport& s, const std::string& indent,
                   std::string_view lang) {
    out << indent
        << fill(tr(lang, "cli.report.section"),
                {{"attempts",
                  fill(tr(lang, s.attempts == 1 ? "cli.report.attempts_one" : "cli.report.attempts_many"),
                       {{"n", std::to_string(s.attempts)}})},
                 {"finished", std::to_string(s.finished)},
                 {"in_progress", std::to_string(s.in_progress)},
                 {"abandoned", std::to_string(s.abandoned)},
                 {"passed", std::to_string(s.passed)}})
        << "\n";
    if (!s.scenarios.empty()) {
        const std::string_view head = tr(lang, "cli.report.col_scenario");
        std::size_t w = std::max<std::size_t>(8, text_width(head));
        for (const auto& sc : s.scenarios) w = std::max(w, text_width(app::display_line(sc.scenario_id)));
        // Each number column is as wide as its heading (and at least as its numbers need).
        const std::array<std::string_view, 5> cols{
            tr(lang, "cli.report.col_attempts"), tr(lang, "cli.report.col_finished"),
            tr(lang, "cli.report.col_passed"), tr(lang, "cli.report.col_best"),
            tr(lang, "cli.report.col_average")};
        const std::array<std::size_t, 5> least{8, 8, 6, 4, 7};
        std::array<std::size_t, 5> cw{};
        out << indent << "  " << pad(std::string(head), w);
        for (std::size_t i = 0; i < cols.size(); ++i) {
            cw[i] = std::max(least[i], text_width(cols[i]));
            out << "  " << right(std::string(cols[i]), cw[i]);
        }
        out << "\n";
        for (const auto& sc : s.scenarios) {
            out << indent << "  " << pad(app::display_line(sc.scenario_id), w) << "  "
                << right(std::to_string(sc.attempts), cw[0]) << "  "
                << right(std::to_string(sc.finished), cw[1]) << "  "
                << right(std::to_string(sc.passed), cw[2]) << "  "
                << right(sc.finished ? std::to_string(sc.best) : "-", cw[3]) << "  "
                << right(sc.finished ? fixed1(sc.average) : "-", cw[4]) << "\n";
        }
    }
    print_scores(out, s.scores, indent, lang);
    print_methods(out, s.methods, indent, lang);
}

int run_report(const CLI::App& sub, const ReportOptions& o) {
    try {
        auto store = open_results(sub, results::Access::ReadOnly);
        results::Report report;
        try {
            // The sections from the store's sums; each trainee's progress is read as it is written.
            report = results::build_report(*store, o.filter, results::ReportScope::Summaries);
        } catch (const results::StoreError& e) {
            print_error(e.what());
            return store_error_code(e);
        }
        const auto progress_of = [&](const results::TraineeReport& t) {
            return results::trainee_progress(*store, report, t.trainee.id);
        };
        if (o.json) {
            results::write_report_json(std::cout, report, progress_of);
            return to_int(ExitCode::Ok);
        }
        std::ostream& out = std::cout;
        const std::string lang = global_lang(sub);
        // The words of the progress lines, looked up once each rather than once a line.
        std::map<std::pair<std::string, std::string>, std::string> words;
        const auto said = [&](std::string_view kind, std::string_view id,
                              const auto& look_up) -> const std::string& {
            auto [it, added] = words.try_emplace({std::string(kind), std::string(id)});
            if (added) it->second = look_up();
            return it->second;
        };
        if (report.trainees.empty()) {
            out << tr(lang, "cli.report.no_attempts") << "\n";
        }
        for (const auto& t : report.trainees) {
            out << fill(tr(lang, "cli.report.trainee"), {{"name", app::display_line(t.trainee.name)}});
            if (!t.groups.empty()) {
                out << " (";
                for (std::size_t i = 0; i < t.groups.size(); ++i)
                    out << (i ? ", " : "") << app::display_line(t.groups[i]);
                out << ")";
            }
            out << "\n";
            print_section(out, t.section, "  ", lang);
            const std::vector<results::ProgressPoint> progress = progress_of(t);
            if (!progress.empty()) {
                std::string bars;
                for (const auto& p : progress)
                    bars += p.status == results::AttemptStatus::Finished ? spark(p.overall) : "·";
                out << "  " << fill(tr(lang, "cli.report.progress"), {{"bars", bars}}) << "\n";
                for (const auto& p : progress) {
                    out << "    " << app::display_line(p.started.substr(0, 10)) << " "
                        << app::display_line(p.started.size() > 11 ? p.started.substr(11, 5) : std::string())
                        << "  " << pad(app::display_line(p.scenario_id), 24) << "  ";
                    // Each attempt says how it was played, last.
                    const std::string& mode = said("mode", to_string(p.mode), [&] {
                        return "  · " + std::string(tr(lang, "cli.mode." + std::string(to_string(p.mode))));
                    });
                    if (p.status == results::AttemptStatus::Finished)
                        out << right(std::to_string(p.overall), 3) << "  "
                            << tr(lang, p.passed ? "cli.report.passed" : "cli.report.failed") << "  "
                            << said("outcome", p.outcome, [&] { return label(lang, "outcome", p.outcome); })
                            << mode << "\n";
                    else
                        out << "  -  "
                            << said("status", results::to_string(p.status),
                                    [&] { return label(lang, "status", results::to_string(p.status)); })
                            << mode << "\n";
                }
            }
            out << "\n";
        }
        for (const auto& g : report.groups) {
            const std::string members =
                fill(tr(lang, g.members.size() == 1 ? "cli.report.members_one" : "cli.report.members_many"),
                     {{"n", std::to_string(g.members.size())}});
            out << fill(tr(lang, "cli.report.group"),
                        {{"name", app::display_line(g.group.name)}, {"members", members}})
                << "\n";
            print_section(out, g.section, "  ", lang);
            out << "\n";
        }
        return to_int(ExitCode::Ok);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

}  // namespace

void add_report(CLI::App& app, Action& action) {
    auto opts = std::make_shared<ReportOptions>();
    CLI::App* sub =
        app.add_subcommand("report", "The trainer's view: scores per trainee and group, progress, methods");
    sub->fallthrough();
    add_filter_options(*sub, opts->filter);
    sub->add_flag("--json", opts->json, "Print the report as JSON");
    sub->callback([&action, opts, sub] { action = [opts, sub] { return run_report(*sub, *opts); }; });
}

}  // namespace salesim::cli
