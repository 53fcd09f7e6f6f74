// `salesim report`: the trainer's view of the results, per trainee and per group, in the terminal or as JSON.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/domain.hpp>
#include <salesim/results/report.hpp>

#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

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

// A bar of eight levels per score: the progress series at a glance.
std::string spark(int score) {
    static const char* const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    const int i = std::clamp(score * 8 / 101, 0, 7);
    return levels[i];
}

void print_scores(std::ostream& out, const results::ScoreSummary& s, const std::string& indent) {
    if (s.count == 0) return;
    std::string line = "Stages (mean of " + std::to_string(s.count) + " finished):";
    for (Stage st : all_stages) {
        auto it = s.stages.find(std::string(to_string(st)));
        if (it != s.stages.end())
            line += " " + std::string(to_string(st)) + " " + std::to_string(std::lround(it->second));
    }
    out << wrap(line, output_width(), indent, indent + "  ");
    if (!s.competencies.empty()) {
        line = "Competencies:";
        for (const auto& [k, v] : s.competencies) line += " " + k + " " + std::to_string(std::lround(v));
        out << wrap(line, output_width(), indent, indent + "  ");
    }
}

void print_methods(std::ostream& out, const results::ConfusionTable& t, const std::string& indent) {
    if (t.total == 0) return;
    out << indent << "Objection methods: " << t.fitting << " of " << t.total
        << " fitted best. Rows: the method chosen; columns: the method that fitted best.\n";
    std::size_t w0 = 0;
    for (Method m : all_methods) w0 = std::max(w0, to_string(m).size());
    std::string line = indent + "  " + pad("", w0);
    for (Method m : all_methods)
        line += "  " + right(std::string(to_string(m)), std::max<std::size_t>(7, to_string(m).size()));
    out << line << "\n";
    for (Method chosen : all_methods) {
        int row_total = 0;
        for (Method best : all_methods) row_total += t.at(chosen, best);
        if (row_total == 0) continue;
        line = indent + "  " + pad(std::string(to_string(chosen)), w0);
        for (Method best : all_methods) {
            const int n = t.at(chosen, best);
            line += "  " +
                    right(n == 0 ? "." : std::to_string(n), std::max<std::size_t>(7, to_string(best).size()));
        }
        out << line << "\n";
    }
}

void print_section(std::ostream& out, const results::SectionReport& s, const std::string& indent) {
    out << indent << s.attempts << " attempt" << (s.attempts == 1 ? "" : "s") << ": " << s.finished
        << " finished, " << s.in_progress << " in progress, " << s.abandoned << " abandoned; " << s.passed
        << " passed\n";
    if (!s.scenarios.empty()) {
        std::size_t w = 8;
        for (const auto& sc : s.scenarios) w = std::max(w, text_width(sc.scenario_id));
        out << indent << "  " << pad("Scenario", w) << "  attempts  finished  passed  best  average\n";
        for (const auto& sc : s.scenarios) {
            out << indent << "  " << pad(sc.scenario_id, w) << "  " << right(std::to_string(sc.attempts), 8)
                << "  " << right(std::to_string(sc.finished), 8) << "  "
                << right(std::to_string(sc.passed), 6) << "  "
                << right(sc.finished ? std::to_string(sc.best) : "-", 4) << "  "
                << right(sc.finished ? fixed1(sc.average) : "-", 7) << "\n";
        }
    }
    print_scores(out, s.scores, indent);
    print_methods(out, s.methods, indent);
}

int run_report(const CLI::App& sub, const ReportOptions& o) {
    try {
        auto store = open_results(sub);
        results::Report report;
        try {
            report = results::build_report(*store, o.filter);
        } catch (const results::StoreError& e) {
            print_error(e.what());
            return to_int(ExitCode::Misuse);
        }
        if (o.json) {
            std::cout << results::report_json(report);
            return to_int(ExitCode::Ok);
        }
        std::ostream& out = std::cout;
        if (report.trainees.empty()) {
            out << "No attempts match. Attempts are recorded by `salesim play` and the window.\n";
        }
        for (const auto& t : report.trainees) {
            out << "Trainee " << t.trainee.name;
            if (!t.groups.empty()) {
                out << " (";
                for (std::size_t i = 0; i < t.groups.size(); ++i) out << (i ? ", " : "") << t.groups[i];
                out << ")";
            }
            out << "\n";
            print_section(out, t.section, "  ");
            if (!t.progress.empty()) {
                std::string bars;
                for (const auto& p : t.progress)
                    bars += p.status == results::AttemptStatus::Finished ? spark(p.overall) : "·";
                out << "  Progress, oldest first: " << bars << "\n";
                for (const auto& p : t.progress) {
                    out << "    " << p.started.substr(0, 10) << " " << p.started.substr(11, 5) << "  "
                        << pad(p.scenario_id, 24) << "  ";
                    if (p.status == results::AttemptStatus::Finished)
                        out << right(std::to_string(p.overall), 3) << "  " << (p.passed ? "passed" : "failed")
                            << "  " << p.outcome << "\n";
                    else
                        out << "  -  " << results::to_string(p.status) << "\n";
                }
            }
            out << "\n";
        }
        for (const auto& g : report.groups) {
            out << "Group " << g.group.name << " (" << g.members.size() << " member"
                << (g.members.size() == 1 ? "" : "s") << ")\n";
            print_section(out, g.section, "  ");
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
