// `salesim store copy --from LOCATION --to LOCATION`: moves results between stores (a SQLite file
// and a school's PostgreSQL database, either way). Trainees and attempts are matched by their
// stable ids, groups by name (with their members and assigned scenarios), so a second run adds
// nothing; each attempt lands whole or not at all.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/exit_code.hpp>
#include <salesim/results/open_store.hpp>

#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

std::string say(std::string_view lang, std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return fill(tr(lang, "cli.store." + std::string(key)), values);
}

struct CopyCounts {
    int trainees = 0, trainees_there = 0;
    int groups = 0, groups_there = 0;
    int memberships = 0;
    int assignments = 0, assignments_there = 0;
    int attempts = 0, attempts_there = 0;
    long long decisions = 0;
    int conflicts = 0;
};

// A line on stderr that redraws itself, for a terminal only.
class Progress {
public:
    Progress(std::string_view lang, std::size_t total)
        : m_lang(lang), m_total(total), m_on(::isatty(2) == 1) {}
    void step(std::size_t done) {
        if (!m_on || (done % 50 != 0 && done != m_total)) return;
        const std::size_t width = 30;
        const std::size_t filled = m_total == 0 ? width : done * width / m_total;
        std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
                  << say(m_lang, "progress",
                         {{"done", std::to_string(done)}, {"total", std::to_string(m_total)}})
                  << std::flush;
        if (done == m_total) std::cerr << "\n";
    }

private:
    std::string_view m_lang;
    std::size_t m_total;
    bool m_on;
};

int copy_store(std::string_view lang, results::ResultsStore& from, results::ResultsStore& to) {
    CopyCounts n;
    std::map<std::int64_t, std::int64_t> trainee_ids;  // source id -> target id
    for (const results::Trainee& t : from.trainees()) {
        if (const auto same = to.find_trainee_by_uuid(t.uuid)) {
            trainee_ids[t.id] = same->id;
            ++n.trainees_there;
            continue;
        }
        try {
            results::Trainee copy = t;
            copy.id = 0;
            trainee_ids[t.id] = to.add_trainee(copy).id;
            ++n.trainees;
        } catch (const results::StoreError& e) {
            if (e.about_database()) throw;
            // Another person of the same name (or external id) is there already: left to the trainer.
            print_error(say(lang, "trainee_conflict", {{"name", t.name}, {"why", e.what()}}));
            ++n.conflicts;
        }
    }
    for (const results::Group& g : from.groups()) {
        auto target = to.find_group(g.name);
        if (target) {
            ++n.groups_there;
        } else {
            target = to.add_group(g.name);
            ++n.groups;
        }
        if (g.mode && !target->mode) to.set_group_mode(target->id, g.mode);
        for (const results::Trainee& m : from.members(g.id)) {
            const auto it = trainee_ids.find(m.id);
            if (it != trainee_ids.end() && to.join_group(target->id, it->second)) ++n.memberships;
        }
        // In the source's order, after any the target group has already.
        for (const std::string& scenario : from.assigned_scenarios(g.id)) {
            if (to.assign_scenario(target->id, scenario)) {
                ++n.assignments;
            } else {
                ++n.assignments_there;
            }
        }
    }
    const std::vector<results::Attempt> attempts = from.attempts();
    Progress progress(lang, attempts.size());
    std::size_t done = 0;
    for (const results::Attempt& a : attempts) {
        progress.step(++done);
        const auto trainee = trainee_ids.find(a.trainee_id);
        if (trainee == trainee_ids.end()) continue;  // its trainee was a conflict, said above
        if (to.find_attempt(a.uuid)) {
            ++n.attempts_there;
            continue;
        }
        const std::vector<results::DecisionRow> rows = from.decisions(a.id);
        to.transaction([&] {
            results::Attempt open = a;
            open.trainee_id = trainee->second;
            open.status = results::AttemptStatus::InProgress;
            const std::int64_t id = to.add_attempt(open);
            for (const results::DecisionRow& d : rows) to.add_decision(id, d);
            results::Attempt final_state = a;
            final_state.id = id;
            final_state.trainee_id = trainee->second;
            if (a.status != results::AttemptStatus::InProgress) to.update_attempt(final_state);
        });
        ++n.attempts;
        n.decisions += static_cast<long long>(rows.size());
    }
    // Class sessions of the live classroom, with the attempts played in them and their events.
    int classes = 0, classes_there = 0;
    for (const results::ClassSession& c : from.classes()) {
        if (to.find_class(c.uuid)) {
            ++classes_there;
            continue;
        }
        to.transaction([&] {
            results::ClassSession copy = c;
            copy.group_id.reset();
            if (!c.group.empty())
                if (const auto g = to.find_group(c.group)) copy.group_id = g->id;
            const results::ClassSession added = to.add_class(copy);
            if (!c.ended.empty()) to.end_class(added.id, c.ended);
            results::AttemptFilter f;
            f.class_id = c.id;
            for (const results::Attempt& a : from.attempts(f))
                if (const auto there = to.find_attempt(a.uuid)) to.add_class_attempt(added.id, there->id);
            for (results::ClassEvent e : from.class_events(c.id)) {
                if (e.trainee_id) {
                    const auto it = trainee_ids.find(*e.trainee_id);
                    if (it == trainee_ids.end()) continue;
                    e.trainee_id = it->second;
                }
                to.add_class_event(added.id, e);
            }
        });
        ++classes;
    }
    if (classes + classes_there > 0)
        std::cout << say(lang, "classes_copied",
                         {{"classes", std::to_string(classes)}, {"there", std::to_string(classes_there)}})
                  << "\n";
    if (n.assignments + n.assignments_there > 0)
        std::cout << say(lang, "assignments_copied",
                         {{"assignments", std::to_string(n.assignments)},
                          {"there", std::to_string(n.assignments_there)}})
                  << "\n";
    std::cout << say(lang, "copied",
                     {{"trainees", std::to_string(n.trainees)},
                      {"groups", std::to_string(n.groups)},
                      {"memberships", std::to_string(n.memberships)},
                      {"attempts", std::to_string(n.attempts)},
                      {"decisions", std::to_string(n.decisions)}})
              << "\n"
              << say(lang, "already_there",
                     {{"trainees", std::to_string(n.trainees_there)},
                      {"groups", std::to_string(n.groups_there)},
                      {"attempts", std::to_string(n.attempts_there)}})
              << "\n";
    if (n.conflicts > 0) {
        std::cout << say(lang, "conflicts", {{"count", std::to_string(n.conflicts)}}) << "\n";
        return to_int(ExitCode::Problems);
    }
    return to_int(ExitCode::Ok);
}

int run_copy(const CLI::App& sub, const std::string& from_location, const std::string& to_location) {
    const std::string lang = global_lang(sub);
    if (from_location == to_location) {
        print_error(say(lang, "same_store", {{"store", results::display_location(from_location)}}));
        return to_int(ExitCode::Misuse);
    }
    try {
        const auto from = results::open_store(from_location, results::Access::ReadOnly);
        const auto to = results::open_store(to_location, results::Access::ReadWrite);
        std::cout << say(lang, "copying",
                         {{"from", results::display_location(from_location)},
                          {"to", results::display_location(to_location)}})
                  << "\n";
        return copy_store(lang, *from, *to);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return store_error_code(e);
    }
}

}  // namespace

void add_store(CLI::App& app, Action& action) {
    CLI::App* store =
        app.add_subcommand("store", "Move results between stores (a SQLite file, a PostgreSQL database)");
    store->require_subcommand(1);
    store->fallthrough();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    CLI::App* copy = store->add_subcommand(
        "copy", "Copy trainees, groups and attempts from one store into another; a second run adds nothing");
    copy->fallthrough();
    copy->add_option("--from", *from, "The store to read: postgresql://USER@HOST/DB, sqlite:PATH or a file")
        ->required()
        ->type_name("STORE");
    copy->add_option("--to", *to, "The store to add to (created or migrated when needed)")
        ->required()
        ->type_name("STORE");
    copy->callback(
        [&action, copy, from, to] { action = [copy, from, to] { return run_copy(*copy, *from, *to); }; });
}

}  // namespace salesim::cli
