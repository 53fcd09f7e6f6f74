// The window's link to the results store: profiles, the report and exports.
#include "window/model/window_results.hpp"

#include "window/model/glyphs.hpp"
#include "window/model/prefs.hpp"

#include <salesim/app/durable_file.hpp>
#include <salesim/results/open_store.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace salesim::window {

namespace {

bool same_filter(const results::ReportFilter& a, const results::ReportFilter& b) {
    return a.group == b.group && a.trainee == b.trainee && a.scenario == b.scenario && a.since == b.since &&
           a.until == b.until && a.mode == b.mode;
}

std::string file_stamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    return stamp;
}

}  // namespace

bool WindowResults::location_from_environment() {
    const char* shared = std::getenv("SALESIM_STORE");
    return shared != nullptr && *shared != '\0';
}

void WindowResults::open(const std::filesystem::path& data_dir, const std::string& location) {
    m_dir = data_dir;
    m_store.reset();
    m_problem.clear();
    try {
        // A school's shared database when one is named (--store or SALESIM_STORE, then the
        // setting), else the data folder's own file.
        const std::string where = location_from_environment() ? std::string(std::getenv("SALESIM_STORE"))
                                  : !location.empty()         ? location
                                                              : (data_dir / "results.db").string();
        m_location = results::display_location(where);
        m_opened = where;
        m_store = results::open_store(where);
    } catch (const std::exception& e) {
        m_store.reset();
        m_problem = e.what();
    }
    ++m_revision;
}

results::ResultsStore& WindowResults::store() const {
    if (!m_store) throw std::logic_error("the results store is not open");
    return *m_store;
}

std::vector<results::Trainee> WindowResults::trainees() const {
    return m_store ? m_store->trainees() : std::vector<results::Trainee>{};
}

std::vector<results::Group> WindowResults::groups() const {
    return m_store ? m_store->groups() : std::vector<results::Group>{};
}

results::Trainee WindowResults::create_trainee(const std::string& name, const std::string& external_id,
                                               const std::string& email) {
    if (name.find_first_not_of(" \t") == std::string::npos)
        throw std::logic_error("create_trainee() without a display name");
    results::Trainee t;
    t.name = name;
    t.external_id = external_id;
    t.email = email;
    results::Trainee added = store().add_trainee(std::move(t));
    ++m_revision;
    return added;
}

const GroupRoster* Roster::find(const std::string& name) const {
    for (const GroupRoster& g : groups)
        if (g.group.name == name) return &g;
    return nullptr;
}

results::Group WindowResults::group_named(const std::string& name) const {
    auto g = store().find_group(name);
    // The panel names only groups the store showed it, and nothing takes a group away.
    if (!g) throw std::logic_error("no group named '" + name + "'");
    return *g;
}

results::Trainee WindowResults::trainee_named(const std::string& name) const {
    auto t = store().find_trainee(name);
    if (!t) throw std::logic_error("no trainee named '" + name + "'");
    return *t;
}

results::Group WindowResults::create_group(const std::string& name) {
    results::Group g = store().add_group(name);
    ++m_revision;
    return g;
}

bool WindowResults::add_member(const std::string& group, const std::string& trainee) {
    const bool added = store().join_group(group_named(group).id, trainee_named(trainee).id);
    ++m_revision;
    return added;
}

bool WindowResults::remove_member(const std::string& group, const std::string& trainee) {
    const bool removed = store().leave_group(group_named(group).id, trainee_named(trainee).id);
    ++m_revision;
    return removed;
}

bool WindowResults::assign_scenario(const std::string& group, const std::string& scenario_id) {
    const bool added = store().assign_scenario(group_named(group).id, scenario_id);
    ++m_revision;
    return added;
}

bool WindowResults::unassign_scenario(const std::string& group, const std::string& scenario_id) {
    const bool removed = store().unassign_scenario(group_named(group).id, scenario_id);
    ++m_revision;
    return removed;
}

void WindowResults::set_group_mode(const std::string& group, std::optional<Mode> mode) {
    store().set_group_mode(group_named(group).id, mode);
    ++m_revision;
}

void WindowResults::refresh_report(const results::ReportFilter& filter) {
    m_report_filter = filter;
    m_report_revision = m_revision;
    m_report_built = true;
    m_report_problem.clear();
    m_progress.reset();
    if (!m_store) {
        m_report.reset();
        m_roster.reset();
        return;
    }
    try {
        Roster roster;
        roster.trainees = m_store->trainees();
        for (results::Group& g : m_store->groups()) {
            GroupRoster entry;
            entry.members = m_store->members(g.id);
            entry.scenarios = m_store->assigned_scenarios(g.id);
            entry.group = std::move(g);
            roster.groups.push_back(std::move(entry));
        }
        m_roster = std::move(roster);
    } catch (const results::StoreError& e) {
        m_roster.reset();
        m_report_problem = e.what();
    }
    try {
        // What the first screen shows: every section's numbers; the one progress series shown is
        // read next (load_progress), not every trainee's.
        m_report = results::build_report(*m_store, filter, results::ReportScope::Summaries);
    } catch (const results::StoreError& e) {
        m_report.reset();
        m_report_problem = e.what();
    }
}

void WindowResults::load_progress(bool group, const std::string& name) {
    if (!m_store || !m_report) return;
    Progress p{group, name, {}};
    try {
        if (group) {
            for (const results::GroupReport& g : m_report->groups)
                if (g.group.name == name) p.points = results::group_progress(*m_store, *m_report, g.group.id);
        } else {
            for (const results::TraineeReport& t : m_report->trainees)
                if (t.trainee.name == name)
                    p.points = results::trainee_progress(*m_store, *m_report, t.trainee.id);
        }
    } catch (const results::StoreError& e) {
        m_report_problem = e.what();
    }
    m_progress = std::move(p);
}

const std::vector<results::ProgressPoint>* WindowResults::progress(bool group,
                                                                   const std::string& name) const {
    if (!m_progress || m_progress->group != group || m_progress->name != name) return nullptr;
    return &m_progress->points;
}

bool WindowResults::report_stale(const results::ReportFilter& filter) const {
    return !m_report_built || m_report_revision != m_revision || !same_filter(filter, m_report_filter);
}

std::string export_file_name(ExportKind kind, const std::string& stamp) {
    switch (kind) {
        case ExportKind::Csv:
            return "attempts-" + stamp + ".csv";
        case ExportKind::Moodle:
            return "gradebook-moodle-" + stamp + ".csv";
        case ExportKind::Canvas:
            return "gradebook-canvas-" + stamp + ".csv";
        case ExportKind::Xapi:
            return "statements-xapi-" + stamp + ".json";
    }
    throw std::logic_error("unknown export kind");
}

const ExportWritten& WindowResults::write_export(ExportKind kind, const results::ReportFilter& filter) {
    results::ExportOptions opts;
    opts.filter = filter;
    ExportWritten out;
    out.kind = kind;
    const std::filesystem::path dir = m_dir / "exports";
    std::filesystem::create_directories(dir);
    out.path = dir / export_file_name(kind, file_stamp());
    // Written as the attempts are read: a school's export never sits in memory whole.
    app::write_file_durable(out.path, [&](std::ostream& file) {
        switch (kind) {
            case ExportKind::Csv:
                results::write_csv(file, store(), opts, out.warnings);
                break;
            case ExportKind::Moodle:
                file << results::export_moodle(store(), opts, out.warnings);
                break;
            case ExportKind::Canvas:
                file << results::export_canvas(store(), opts, out.warnings);
                break;
            case ExportKind::Xapi:
                results::write_xapi(file, store(), opts, out.warnings);
                break;
        }
    });
    m_last_export = std::move(out);
    return *m_last_export;
}

void add_results_text(std::set<char32_t>& out, const WindowResults& results) {
    for (const results::Trainee& t : results.trainees()) add_codepoints(out, t.name);
    for (const results::Group& g : results.groups()) add_codepoints(out, g.name);
}

}  // namespace salesim::window
