// The trainer's report: per trainee and per group, scores per scenario, stage and competency,
// progress over time, and the objection-method confusion table. Plain structs any front end draws.
#pragma once

#include "salesim/results/store.hpp"

#include <salesim/domain.hpp>

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace salesim::results {

/// What the report covers. Names, not row ids, so the CLI and the window pass what the user typed.
struct ReportFilter {
    std::string group;         ///< only this group's members (and only this group's section)
    std::string trainee;       ///< only this trainee
    std::string scenario;      ///< only this scenario id
    std::string since;         ///< attempts started on or after (YYYY-MM-DD or ISO 8601)
    std::string until;         ///< attempts started on or before (a date includes the whole day)
    std::optional<Mode> mode;  ///< only attempts played in this mode
    std::string class_id;      ///< only attempts of this class session (its uuid, or its number)
};

/// Which objection method was chosen (rows) against which fitted best (columns), by
/// all_methods order. When the chosen method was among the best, it counts on the diagonal;
/// otherwise under the first best method (the canonical method order).
struct ConfusionTable {
    std::array<std::array<int, all_methods.size()>, all_methods.size()> counts{};
    int total = 0;
    int fitting = 0;  ///< on the diagonal

    int at(Method chosen, Method best) const {
        return counts[static_cast<std::size_t>(chosen)][static_cast<std::size_t>(best)];
    }
};

/// Averages over finished attempts; `count` is how many went in (0: the means are 0).
struct ScoreSummary {
    int count = 0;
    double overall = 0;
    std::map<std::string, double> stages;        ///< stage id -> mean 0..100
    std::map<std::string, double> competencies;  ///< competency -> mean 0..100
};

struct ScenarioStats {
    std::string scenario_id;
    std::string title;
    int attempts = 0;  ///< every status
    int finished = 0;
    int passed = 0;
    int best = 0;        ///< best overall of finished attempts
    double average = 0;  ///< mean overall of finished attempts
    ScoreSummary scores;
};

/// One attempt on the progress series.
struct ProgressPoint {
    std::string attempt_uuid;
    std::string started;
    std::string scenario_id;
    AttemptStatus status = AttemptStatus::InProgress;
    int overall = 0;
    bool passed = false;
    std::string outcome;
    Mode mode = Mode::Guided;

    bool operator==(const ProgressPoint&) const = default;
};

struct SectionReport {
    int attempts = 0;
    int finished = 0;
    int in_progress = 0;
    int abandoned = 0;
    int passed = 0;
    std::vector<ScenarioStats> scenarios;  ///< by scenario id
    ScoreSummary scores;                   ///< over every finished attempt of the section
    ConfusionTable methods;
};

struct TraineeReport {
    Trainee trainee;
    std::vector<std::string> groups;
    SectionReport section;
    std::vector<ProgressPoint> progress;  ///< oldest first
};

struct GroupReport {
    Group group;
    std::vector<std::string> members;  ///< names
    SectionReport section;
};

struct Report {
    ReportFilter filter;
    AttemptFilter attempts;               ///< the filter resolved to ids: the attempts it covers
    std::vector<TraineeReport> trainees;  ///< those with at least one attempt in range, by name
    std::vector<GroupReport> groups;      ///< every group (or the one asked for), by name
};

/// How much of the report build_report reads.
enum class ReportScope {
    Everything,  ///< the sections and every trainee's progress series
    Summaries,   ///< the sections only (TraineeReport::progress is left empty): what a screen shows
                 ///< first, or a report written one trainee at a time (trainee_progress)
};

/// Builds the report. The numbers are added up by the store (ResultsStore::tally_attempts and the
/// others), so its size does not grow with the attempts, but for the progress series. Throws
/// StoreError when the named group or trainee does not exist or a date does not parse (the message
/// says which and how to write it).
Report build_report(const ResultsStore& store, const ReportFilter& filter,
                    ReportScope scope = ReportScope::Everything);

/// A trainee's progress series in `report`'s range, oldest first (what ReportScope::Everything
/// puts in TraineeReport::progress).
std::vector<ProgressPoint> trainee_progress(const ResultsStore& store, const Report& report,
                                            std::int64_t trainee_id);
/// A group's progress series in `report`'s range: its members' attempts, oldest first (by
/// started, then the attempts' order of recording).
std::vector<ProgressPoint> group_progress(const ResultsStore& store, const Report& report,
                                          std::int64_t group_id);

/// Where write_report_json takes a trainee's progress series from (for a report built with
/// ReportScope::Summaries).
using ProgressSource = std::function<std::vector<ProgressPoint>(const TraineeReport&)>;

/// The report as JSON (`salesim report --json`), stable key order.
std::string report_json(const Report& report);
/// Writes report_json's bytes to `out` one trainee at a time, each trainee's progress from
/// `progress` (by default TraineeReport::progress).
void write_report_json(std::ostream& out, const Report& report, const ProgressSource& progress = {});

/// Normalises a --since/--until value: "2026-03-01" or a full ISO 8601 UTC instant. `end_of_day`
/// turns a bare date into its last millisecond. Throws StoreError naming `what` when invalid.
std::string parse_date_bound(const std::string& value, bool end_of_day, const std::string& what);

/// Resolves the filter's names to an AttemptFilter (throws StoreError for unknown names).
AttemptFilter resolve_filter(const ResultsStore& store, const ReportFilter& filter);

}  // namespace salesim::results
