// The window's link to the results store: trainee profiles, the trainer's report and exports (attempts
// are recorded by app::AttemptController). No SDL or ImGui, so tests drive it without a display.
#pragma once

#include <salesim/results/exchange.hpp>
#include <salesim/results/report.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace salesim::window {

enum class ExportKind { Csv, Moodle, Canvas, Xapi };

struct ExportWritten {
    ExportKind kind = ExportKind::Csv;
    std::filesystem::path path;
    std::vector<std::string> warnings;
};

/// A group as the Trainer view's Groups panel shows it.
struct GroupRoster {
    results::Group group;
    std::vector<results::Trainee> members;  ///< by name
    std::vector<std::string> scenarios;     ///< the assigned scenario ids, in the order assigned
};

/// Every trainee, and every group with its members and assigned scenarios (by name).
struct Roster {
    std::vector<results::Trainee> trainees;
    std::vector<GroupRoster> groups;

    /// The group named `name`, or nullptr.
    const GroupRoster* find(const std::string& name) const;
};

/// The store, and what the trainer's view builds from it.
class WindowResults {
public:
    /// Opens the store: SALESIM_STORE when set, else `location` when not empty (a PostgreSQL URL
    /// or a SQLite file), else `data_dir`/results.db. On failure available() is false and
    /// problem() says why.
    void open(const std::filesystem::path& data_dir, const std::string& location = {});
    /// Where results are kept, as it may be shown (a password hidden).
    const std::string& location() const { return m_location; }
    /// The location as it was opened (unmasked): another connection to the same store opens it.
    const std::string& opened_location() const { return m_opened; }
    /// True when SALESIM_STORE decides the location (the setting then does not apply).
    static bool location_from_environment();
    bool available() const { return m_store != nullptr; }
    const std::string& problem() const { return m_problem; }
    const std::filesystem::path& data_dir() const { return m_dir; }
    /// The open store; throws std::logic_error when !available().
    results::ResultsStore& store() const;

    /// Every trainee and group, by name (empty when the store is not open).
    std::vector<results::Trainee> trainees() const;
    std::vector<results::Group> groups() const;
    /// Adds a profile. Throws results::StoreError when the name or external id is taken or the
    /// name is empty, and std::logic_error when the store is not open.
    results::Trainee create_trainee(const std::string& name, const std::string& external_id,
                                    const std::string& email);

    // Groups, as the Trainer view manages them, by the names the roster shows. Each change marks
    // the store changed, so the report and the roster are read again. Each throws
    // results::StoreError when the store refuses (a name taken meanwhile), and std::logic_error
    // for a group or trainee not in the store or when the store is not open.
    /// Adds a group named `name` (checked by the caller: not empty, not taken).
    results::Group create_group(const std::string& name);
    /// Puts the trainee in the group; false when already a member.
    bool add_member(const std::string& group, const std::string& trainee);
    /// Takes the trainee out of the group; false when not a member.
    bool remove_member(const std::string& group, const std::string& trainee);
    /// Assigns the scenario to the group, after those assigned before; false when it already was.
    bool assign_scenario(const std::string& group, const std::string& scenario_id);
    /// False when the scenario was not assigned to the group.
    bool unassign_scenario(const std::string& group, const std::string& scenario_id);
    /// Sets the mode the group's members play in (nullopt: any).
    void set_group_mode(const std::string& group, std::optional<Mode> mode);

    /// Rebuilds the report for `filter`: its sections, added up by the store, without the
    /// progress series (load_progress reads the one shown), and reads the roster again. A bad
    /// filter (unknown name, bad date) is kept in report_problem() instead of throwing.
    void refresh_report(const results::ReportFilter& filter);
    /// The trainees and groups as last read with the report (nullopt before the first read, or
    /// when the store could not be read: then report_problem() says why).
    const std::optional<Roster>& roster() const { return m_roster; }
    const std::optional<results::Report>& report() const { return m_report; }
    /// Reads the progress series of one section of the shown report: a trainee's (or, with
    /// `group`, a group's members') attempts in its range, oldest first.
    void load_progress(bool group, const std::string& name);
    /// That series when it is loaded for this section of the shown report, else nullptr.
    const std::vector<results::ProgressPoint>* progress(bool group, const std::string& name) const;
    const std::string& report_problem() const { return m_report_problem; }
    /// True when the shown report is out of date: another filter, or attempts recorded since.
    bool report_stale(const results::ReportFilter& filter) const;

    /// Writes an export of `filter` to data_dir()/exports/ (atomically) and remembers it.
    const ExportWritten& write_export(ExportKind kind, const results::ReportFilter& filter);
    const std::optional<ExportWritten>& last_export() const { return m_last_export; }

    /// Marks the store changed (an attempt was recorded), so the report is rebuilt when next shown.
    void changed() { ++m_revision; }
    /// Counts the changes: what was read at one revision is out of date at another.
    std::uint64_t revision() const { return m_revision; }

private:
    std::filesystem::path m_dir;
    std::string m_location;
    std::string m_opened;
    std::unique_ptr<results::ResultsStore> m_store;
    std::string m_problem;
    std::uint64_t m_revision = 0;

    /// The group or trainee named `name`; std::logic_error when there is none.
    results::Group group_named(const std::string& name) const;
    results::Trainee trainee_named(const std::string& name) const;

    std::optional<results::Report> m_report;
    std::optional<Roster> m_roster;
    struct Progress {
        bool group = false;
        std::string name;
        std::vector<results::ProgressPoint> points;
    };
    std::optional<Progress> m_progress;  ///< of one section of m_report
    results::ReportFilter m_report_filter;
    std::uint64_t m_report_revision = 0;
    std::string m_report_problem;
    bool m_report_built = false;
    std::optional<ExportWritten> m_last_export;
};

/// The file name stem and extension of an export kind ("gradebook-moodle", ".csv").
std::string export_file_name(ExportKind kind, const std::string& stamp);

/// Trainee and group names, for the font atlas.
void add_results_text(std::set<char32_t>& out, const WindowResults& results);

}  // namespace salesim::window
