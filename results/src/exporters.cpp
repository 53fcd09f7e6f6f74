// Gradebook exports: a plain all-attempts CSV, Moodle's grade import CSV and Canvas's gradebook CSV.
#include "salesim/results/exchange.hpp"

#include <salesim/domain.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace salesim::results {

namespace {

constexpr const char* crlf = "\r\n";

std::string row(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += csv_field(fields[i]);
    }
    return out + crlf;
}

std::string join_names(const std::vector<Group>& gs) {
    std::string out;
    for (const Group& g : gs) {
        if (!out.empty()) out += ", ";
        out += g.name;
    }
    return out;
}

// The attempts of the filter and, per trainee with at least one of them, the best finished
// score per scenario: what a gradebook holds.
struct Gradebook {
    std::vector<std::string> scenarios;                       ///< every scenario attempted in range, by id
    std::vector<Trainee> trainees;                            ///< by name
    std::map<std::int64_t, std::map<std::string, int>> best;  ///< trainee id -> scenario -> best
    std::map<std::int64_t, std::set<Mode>> modes;  ///< trainee id -> modes of the finished attempts
};

Gradebook gradebook(const ResultsStore& store, const ReportFilter& filter) {
    Gradebook g;
    std::set<std::string> scenarios;
    std::set<std::int64_t> ids;
    for (const AttemptTally& t : store.tally_attempts(resolve_filter(store, filter))) {
        scenarios.insert(t.scenario_id);
        ids.insert(t.trainee_id);
        if (t.status != AttemptStatus::Finished) continue;
        g.modes[t.trainee_id].insert(t.mode);
        auto& cell = g.best[t.trainee_id];
        auto it = cell.find(t.scenario_id);
        if (it == cell.end() || it->second < t.best) cell[t.scenario_id] = t.best;
    }
    g.scenarios.assign(scenarios.begin(), scenarios.end());
    for (Trainee& t : store.trainees())
        if (ids.count(t.id) != 0) g.trainees.push_back(std::move(t));
    std::sort(g.trainees.begin(), g.trainees.end(),
              [](const Trainee& a, const Trainee& b) { return a.name < b.name; });
    return g;
}

std::string grade_cell(const Gradebook& g, std::int64_t trainee, const std::string& scenario) {
    auto t = g.best.find(trainee);
    if (t == g.best.end()) return {};
    auto s = t->second.find(scenario);
    return s == t->second.end() ? std::string() : std::to_string(s->second);
}

// The modes a trainee's grades come from ("assessment", "guided practice"), for the column that
// gradebooks carry last.
std::string mode_cell(const Gradebook& g, std::int64_t trainee) {
    std::string out;
    if (auto it = g.modes.find(trainee); it != g.modes.end())
        for (Mode m : it->second) out += (out.empty() ? "" : " ") + std::string(to_string(m));
    return out;
}

// A number ("-5", "+3", "12.5"): a spreadsheet reads it as a value, never as a formula.
bool plain_number(std::string_view s) {
    std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
    std::size_t digits = 0;
    for (bool point = false; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9') {
            ++digits;
        } else if (s[i] == '.' && !point && digits > 0) {
            point = true;
        } else {
            return false;
        }
    }
    return digits > 0 && s.back() != '.';
}

}  // namespace

std::string spreadsheet_safe(std::string_view s) {
    // OWASP's advice against CSV injection: a spreadsheet runs a cell that starts with one of these
    // as a formula (=HYPERLINK(...), =cmd|...), so such a cell gets a leading apostrophe, which
    // makes it text. Names, e-mails and ids come from trainees and from other machines' files.
    if (s.empty() || std::string_view("=+-@\t\r").find(s[0]) == std::string_view::npos || plain_number(s))
        return std::string(s);
    return "'" + std::string(s);
}

std::string csv_field(std::string_view s) {
    const std::string cell = spreadsheet_safe(s);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string export_csv(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings) {
    std::ostringstream out;
    write_csv(out, store, opts, warnings);
    return out.str();
}

void write_csv(std::ostream& out, const ResultsStore& store, const ExportOptions& opts, Warnings&) {
    const AttemptFilter filter = resolve_filter(store, opts.filter);
    // The columns first: every competency any attempt in range has a score for.
    std::set<std::string> competencies;
    for (const ScoreTally& t : store.tally_scores(filter))
        if (t.area != "stage") competencies.insert(t.name);

    std::vector<std::string> header = {
        "attempt",      "trainee",          "external_id", "email",  "groups", "scenario", "scenario_title",
        "content_hash", "rulebook_version", "persona",     "seed",   "lang",   "started",  "finished",
        "status",       "outcome",          "overall",     "passed", "hints",  "decisions"};
    for (Stage s : all_stages) header.push_back("stage_" + std::string(to_string(s)));
    for (const std::string& c : competencies) header.push_back("competency_" + c);
    // Added last, so the columns of files read before it keep their positions.
    header.push_back("mode");
    out << row(header);

    std::map<std::int64_t, std::pair<Trainee, std::string>> people;
    AttemptReading reading;
    reading.scores = true;
    reading.decision_count = true;
    store.each_attempt(
        filter, reading, [&](const Attempt& a, const std::vector<DecisionRow>&, int decisions) {
            auto it = people.find(a.trainee_id);
            if (it == people.end()) {
                const Trainee t = store.trainee(a.trainee_id).value_or(Trainee{});
                it =
                    people.emplace(a.trainee_id, std::make_pair(t, join_names(store.groups_of(a.trainee_id))))
                        .first;
            }
            const Trainee& t = it->second.first;
            const bool done = a.status == AttemptStatus::Finished;
            std::vector<std::string> f = {a.uuid,
                                          t.name,
                                          t.external_id,
                                          t.email,
                                          it->second.second,
                                          a.scenario_id,
                                          a.scenario_title,
                                          a.content_hash,
                                          a.rulebook_version,
                                          a.persona,
                                          std::to_string(a.seed),
                                          a.lang,
                                          a.started,
                                          a.finished,
                                          std::string(to_string(a.status)),
                                          a.outcome,
                                          done ? std::to_string(a.overall) : std::string(),
                                          done ? (a.passed ? "1" : "0") : std::string(),
                                          std::to_string(a.hints),
                                          std::to_string(decisions)};
            for (Stage s : all_stages) {
                auto sc = a.stage_scores.find(std::string(to_string(s)));
                f.push_back(done && sc != a.stage_scores.end() ? std::to_string(sc->second) : std::string());
            }
            for (const std::string& c : competencies) {
                auto sc = a.competency_scores.find(c);
                f.push_back(done && sc != a.competency_scores.end() ? std::to_string(sc->second)
                                                                    : std::string());
            }
            f.emplace_back(to_string(a.mode));
            out << row(f);
        });
}

std::string export_moodle(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings) {
    const Gradebook g = gradebook(store, opts.filter);
    const bool by_email = opts.moodle_id == MoodleId::Email;
    std::vector<std::string> header = {by_email ? "Email address" : "ID number"};
    header.insert(header.end(), g.scenarios.begin(), g.scenarios.end());
    header.emplace_back("Mode");
    std::string out = row(header);
    for (const Trainee& t : g.trainees) {
        const std::string& id = by_email ? t.email : t.external_id;
        if (id.empty()) {
            warnings.push_back("trainee '" + t.name + "' has no " + (by_email ? "e-mail" : "external id") +
                               " and is left out of the Moodle file; set it with `salesim trainee set '" +
                               t.name + (by_email ? "' --email ADDRESS`" : "' --external-id ID`"));
            continue;
        }
        std::vector<std::string> f = {id};
        for (const std::string& s : g.scenarios) f.push_back(grade_cell(g, t.id, s));
        f.push_back(mode_cell(g, t.id));
        out += row(f);
    }
    return out;
}

std::string export_canvas(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings) {
    const Gradebook g = gradebook(store, opts.filter);
    std::vector<std::string> header = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section"};
    header.insert(header.end(), g.scenarios.begin(), g.scenarios.end());
    header.emplace_back("Mode");
    std::string out = row(header);
    // Canvas reads this row (with its leading spaces) for each assignment's maximum.
    std::vector<std::string> points = {"    Points Possible", "", "", "", ""};
    points.insert(points.end(), g.scenarios.size(), "100");
    points.emplace_back();  // the mode column is text, not an assignment
    out += row(points);
    for (const Trainee& t : g.trainees) {
        if (t.external_id.empty() && t.email.empty()) {
            warnings.push_back(
                "trainee '" + t.name +
                "' has neither an external id (SIS User ID) nor an e-mail (SIS Login ID) and is "
                "left out of the Canvas file; set one with `salesim trainee set '" +
                t.name + "' --external-id ID`");
            continue;
        }
        const std::string section =
            opts.filter.group.empty() ? join_names(store.groups_of(t.id)) : opts.filter.group;
        std::vector<std::string> f = {t.name, "", t.external_id, t.email, section};
        for (const std::string& s : g.scenarios) f.push_back(grade_cell(g, t.id, s));
        f.push_back(mode_cell(g, t.id));
        out += row(f);
    }
    return out;
}

ImportCounts& ImportCounts::operator+=(const ImportCounts& o) {
    statements += o.statements;
    trainees_added += o.trainees_added;
    groups_added += o.groups_added;
    attempts_added += o.attempts_added;
    decisions_added += o.decisions_added;
    attempts_closed += o.attempts_closed;
    skipped += o.skipped;
    return *this;
}

}  // namespace salesim::results
