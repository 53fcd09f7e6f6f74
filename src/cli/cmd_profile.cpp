// `salesim trainee`, `salesim group` and `salesim attempt`: who plays, in which class with which
// scenarios assigned, and attempts a crash left open.
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/play_script.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/display_text.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/results/json_out.hpp>
#include <salesim/results/names.hpp>
#include <salesim/results/recorder.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

struct TraineeOptions {
    std::string name;
    std::string external_id;
    std::string email;
    bool json = false;
};

struct AttemptListOptions {
    std::string trainee;
    std::string status;
    std::int64_t offset = 0;
    std::int64_t limit = -1;  ///< -1: to the end
    bool json = false;
};

// The text of `key` under `cli.profile.` in the user's language, with `{name}` filled in (shown
// escaped: names come from users and from other machines' files).
std::string say(const std::string& lang, std::string_view key, const std::string& name = {}) {
    return fill(tr(lang, "cli.profile." + std::string(key)), {{"name", app::display_line(name)}});
}

// The e-mail and the external id, as given (an empty one clears it).
bool check_ids(const TraineeOptions& o, const std::string& lang) {
    if (!o.email.empty()) {
        if (const auto why = results::email_problem(o.email)) {
            std::cerr << fill(tr(lang, "cli.profile.bad_email"),
                              {{"email", app::display_line(o.email)}, {"why", *why}})
                      << "\n";
            return false;
        }
    }
    if (!o.external_id.empty()) {
        if (const auto why = results::name_problem(o.external_id)) {
            std::cerr << fill(tr(lang, "cli.profile.bad_external_id"),
                              {{"id", app::display_line(o.external_id)}, {"why", *why}})
                      << "\n";
            return false;
        }
    }
    return true;
}

// Runs `body`, turning store errors into the exit code for a failure.
template <class F>
int guarded(F&& body) {
    try {
        return body();
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }
}

int trainee_add(const CLI::App& sub, const TraineeOptions& o) {
    const std::string lang = global_lang(sub);
    if (!check_trainee_name(o.name, lang) || !check_ids(o, lang)) return to_int(ExitCode::Misuse);
    return guarded([&] {
        auto store = open_results(sub);
        results::Trainee t;
        t.name = o.name;
        t.external_id = o.external_id;
        t.email = o.email;
        store->add_trainee(t);
        std::cout << say(lang, "trainee_added", o.name) << "\n";
        return to_int(ExitCode::Ok);
    });
}

int trainee_set(const CLI::App& sub, const TraineeOptions& o, bool ext_given, bool email_given) {
    const std::string lang = global_lang(sub);
    if (!check_ids(o, lang)) return to_int(ExitCode::Misuse);
    if (!ext_given && !email_given) {
        std::cerr << say(lang, "nothing_to_change") << "\n";
        return to_int(ExitCode::Misuse);
    }
    return guarded([&] {
        auto store = open_results(sub);
        const auto t = store->find_trainee(o.name);
        if (!t) {
            std::cerr << say(lang, "no_trainee_help", o.name) << "\n";
            return to_int(ExitCode::Misuse);
        }
        store->update_trainee_ids(t->id, ext_given ? o.external_id : t->external_id,
                                  email_given ? o.email : t->email);
        std::cout << say(lang, "trainee_updated", o.name) << "\n";
        return to_int(ExitCode::Ok);
    });
}

int trainee_list(const CLI::App& sub, bool json) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub, results::Access::ReadOnly);
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        std::vector<std::vector<std::string>> rows;
        std::map<std::int64_t, int> counts;  // attempts per trainee, added up by the store
        for (const results::AttemptTally& t : store->tally_attempts({})) counts[t.trainee_id] += t.count;
        for (const results::Trainee& t : store->trainees()) {
            std::string groups;
            std::vector<std::string> group_names;
            for (const results::Group& g : store->groups_of(t.id)) {
                group_names.push_back(g.name);
                groups += (groups.empty() ? "" : ", ") + g.name;
            }
            const int attempts = counts[t.id];
            out.push_back({{"name", t.name},
                           {"uuid", t.uuid},
                           {"external_id", t.external_id},
                           {"email", t.email},
                           {"groups", group_names},
                           {"attempts", attempts}});
            rows.push_back({app::display_line(t.name), app::display_line(t.external_id),
                            app::display_line(t.email), app::display_line(groups), std::to_string(attempts)});
        }
        if (json) {
            std::cout << out.dump(2) << "\n";
            return to_int(ExitCode::Ok);
        }
        if (rows.empty()) {
            std::cout << say(lang, "no_trainees") << "\n";
            return to_int(ExitCode::Ok);
        }
        const std::vector<std::string> header = {say(lang, "col_name"), say(lang, "col_external_id"),
                                                 say(lang, "col_email"), say(lang, "col_groups"),
                                                 say(lang, "col_attempts")};
        std::vector<std::size_t> width(header.size());
        for (std::size_t c = 0; c < header.size(); ++c) {
            width[c] = text_width(header[c]);
            for (const auto& r : rows) width[c] = std::max(width[c], text_width(r[c]));
        }
        const auto print = [&](const std::vector<std::string>& r) {
            std::string line;
            for (std::size_t c = 0; c < r.size(); ++c) line += (c ? "  " : "") + pad(r[c], width[c]);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            std::cout << line << "\n";
        };
        print(header);
        for (const auto& r : rows) print(r);
        return to_int(ExitCode::Ok);
    });
}

int group_add(const CLI::App& sub, const std::string& name) {
    const std::string lang = global_lang(sub);
    if (const auto why = results::name_problem(name)) {
        std::cerr << fill(tr(lang, "cli.profile.bad_group_name"),
                          {{"name", app::display_line(name)}, {"why", *why}})
                  << "\n";
        return to_int(ExitCode::Misuse);
    }
    return guarded([&] {
        open_results(sub)->add_group(name);
        std::cout << say(lang, "group_added", name) << "\n";
        return to_int(ExitCode::Ok);
    });
}

int group_members(const CLI::App& sub, const std::string& group, const std::vector<std::string>& names,
                  bool join) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub);
        const auto g = store->find_group(group);
        if (!g) {
            std::cerr << say(lang, "no_group", group) << "\n";
            return to_int(ExitCode::Misuse);
        }
        std::vector<results::Trainee> people;
        for (const std::string& n : names) {
            const auto t = store->find_trainee(n);
            if (!t) {
                std::cerr << say(lang, "no_member", n) << "\n";
                return to_int(ExitCode::Misuse);
            }
            people.push_back(*t);
        }
        store->transaction([&] {
            for (const results::Trainee& t : people) {
                const bool changed = join ? store->join_group(g->id, t.id) : store->leave_group(g->id, t.id);
                const std::string_view key = join ? (changed ? "member_added" : "member_already")
                                                  : (changed ? "member_removed" : "member_absent");
                std::cout << say(lang, key, t.name) << "\n";
            }
        });
        return to_int(ExitCode::Ok);
    });
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// `group assign` and `group unassign`: every id is checked first (against the library's scenario
// ids; one already assigned can always be unassigned, whether the library still has it or not),
// then all change in one transaction.
int group_scenarios(const CLI::App& sub, const std::string& group, const std::vector<std::string>& ids,
                    bool assign) {
    const std::string lang = global_lang(sub);
    std::vector<std::string> library;
    for (const auto& s : load_shipped_library().scenarios) library.push_back(s->id);
    return guarded([&] {
        auto store = open_results(sub);
        const auto g = store->find_group(group);
        if (!g) {
            std::cerr << say(lang, "no_group", group) << "\n";
            return to_int(ExitCode::Misuse);
        }
        const std::vector<std::string> assigned = store->assigned_scenarios(g->id);
        for (const std::string& id : ids) {
            if (contains(library, id) || (!assign && contains(assigned, id))) continue;
            std::vector<std::string> known = library;
            if (!assign) known.insert(known.end(), assigned.begin(), assigned.end());
            std::cerr << fill(tr(lang, "cli.profile.no_scenario"), {{"id", app::display_line(id)}}) << "\n";
            if (const std::string near = closest_match(id, known); !near.empty()) {
                std::cerr << fill(tr(lang, "cli.profile.did_you_mean"), {{"id", near}}) << "\n";
            } else {
                std::cerr << tr(lang, "cli.profile.scenarios_help") << "\n";
            }
            return to_int(ExitCode::Misuse);
        }
        store->transaction([&] {
            for (const std::string& id : ids) {
                const bool changed =
                    assign ? store->assign_scenario(g->id, id) : store->unassign_scenario(g->id, id);
                const std::string_view key = assign ? (changed ? "scenario_assigned" : "scenario_already")
                                                    : (changed ? "scenario_unassigned" : "scenario_absent");
                std::cout << say(lang, key, id) << "\n";
            }
        });
        return to_int(ExitCode::Ok);
    });
}

int group_list(const CLI::App& sub, bool json) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub, results::Access::ReadOnly);
        nlohmann::ordered_json out = nlohmann::ordered_json::array();
        for (const results::Group& g : store->groups()) {
            std::vector<std::string> names;
            for (const results::Trainee& t : store->members(g.id)) names.push_back(t.name);
            const std::vector<std::string> scenarios = store->assigned_scenarios(g.id);
            nlohmann::ordered_json entry = {{"name", g.name}, {"members", names}};
            entry["mode"] = g.mode ? nlohmann::ordered_json(std::string(to_string(*g.mode))) : nullptr;
            entry["scenarios"] = scenarios;
            out.push_back(std::move(entry));
            if (!json) {
                std::string line = app::display_line(g.name) + " (" + std::to_string(names.size());
                if (g.mode)
                    line += ", " + std::string(tr(lang, "cli.mode." + std::string(to_string(*g.mode))));
                line += ")";
                for (std::size_t i = 0; i < names.size(); ++i)
                    line += (i ? ", " : ": ") + app::display_line(names[i]);
                std::cout << line << "\n";
                if (!scenarios.empty()) {
                    std::string ids;
                    for (const std::string& id : scenarios)
                        ids += (ids.empty() ? "" : ", ") + app::display_line(id);
                    std::cout << fill(tr(lang, "cli.profile.group_scenarios"), {{"ids", ids}}) << "\n";
                }
            }
        }
        if (json) std::cout << out.dump(2) << "\n";
        if (!json && out.empty()) std::cout << say(lang, "no_groups") << "\n";
        return to_int(ExitCode::Ok);
    });
}

int group_set(const CLI::App& sub, const std::string& group, std::optional<Mode> mode) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub);
        const auto g = store->find_group(group);
        if (!g) {
            std::cerr << say(lang, "no_group", group) << "\n";
            return to_int(ExitCode::Misuse);
        }
        store->set_group_mode(g->id, mode);
        if (mode) {
            std::cout << fill(tr(lang, "cli.profile.group_mode_set"),
                              {{"name", app::display_line(g->name)},
                               {"mode", std::string(tr(lang, "cli.mode." + std::string(to_string(*mode))))}})
                      << "\n";
        } else {
            std::cout << say(lang, "group_mode_any", g->name) << "\n";
        }
        return to_int(ExitCode::Ok);
    });
}

int attempt_list(const CLI::App& sub, const AttemptListOptions& o) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub, results::Access::ReadOnly);
        results::AttemptFilter f;
        if (!o.trainee.empty()) {
            const auto t = store->find_trainee(o.trainee);
            if (!t) {
                std::cerr << say(lang, "no_trainee", o.trainee) << "\n";
                return to_int(ExitCode::Misuse);
            }
            f.trainee_id = t->id;
        }
        if (!o.status.empty()) f.status = results::parse_attempt_status(o.status);
        std::map<std::int64_t, std::string> names;
        for (const results::Trainee& t : store->trainees()) names.emplace(t.id, t.name);
        // Read and printed a page at a time: a school's list never sits in memory whole.
        results::AttemptReading reading;
        reading.decision_count = true;
        reading.offset = o.offset;
        reading.limit = o.limit;
        std::optional<results::JsonArrayOut> array;
        if (o.json) array.emplace(std::cout, 0);
        store->each_attempt(f, reading, [&](const results::Attempt& a, const auto&, int decisions) {
            const auto it = names.find(a.trainee_id);
            const std::string who = it == names.end() ? std::string() : it->second;
            if (array) {
                const nlohmann::ordered_json entry = {{"attempt", a.uuid},
                                                      {"trainee", who},
                                                      {"scenario", a.scenario_id},
                                                      {"started", a.started},
                                                      {"status", std::string(results::to_string(a.status))},
                                                      {"decisions", decisions},
                                                      {"overall", a.overall},
                                                      {"mode", std::string(to_string(a.mode))}};
                array->add(entry.dump(2));
                return;
            }
            std::cout << app::display_line(a.uuid) << "  " << app::display_line(a.started.substr(0, 16))
                      << "  " << pad(app::display_line(who), 16) << "  "
                      << pad(app::display_line(a.scenario_id), 24) << "  "
                      << pad(std::string(results::to_string(a.status)), 11) << "  "
                      << fill(tr(lang, "cli.profile.decisions"), {{"n", std::to_string(decisions)}})
                      << (a.status == results::AttemptStatus::Finished
                              ? ", " + std::to_string(a.overall) + "/100"
                              : std::string())
                      << "\n";
        });
        if (array) {
            array->close();
            std::cout << "\n";
        }
        return to_int(ExitCode::Ok);
    });
}

int attempt_abandon(const CLI::App& sub, const std::string& uuid) {
    const std::string lang = global_lang(sub);
    return guarded([&] {
        auto store = open_results(sub);
        const auto a = store->find_attempt(uuid);
        if (!a) {
            std::cerr << fill(tr(lang, "cli.profile.no_attempt"), {{"id", app::display_line(uuid)}}) << "\n";
            return to_int(ExitCode::Misuse);
        }
        results::Recorder(*store).abandon(a->id);
        std::cout << fill(tr(lang, "cli.profile.attempt_abandoned"), {{"id", uuid}}) << "\n";
        return to_int(ExitCode::Ok);
    });
}

}  // namespace

void add_trainee(CLI::App& app, Action& action) {
    CLI::App* top = app.add_subcommand("trainee", "Trainees: add, change, list")->require_subcommand(1);
    top->fallthrough();
    auto opts = std::make_shared<TraineeOptions>();

    CLI::App* add = top->add_subcommand("add", "Add a trainee");
    add->fallthrough();
    add->add_option("name", opts->name, "The trainee's name, unique")->required();
    add->add_option("--external-id", opts->external_id,
                    "Id in the learning-management system (idnumber, SIS id)");
    add->add_option("--email", opts->email, "E-mail address (Moodle matches on it)");
    add->callback([&action, add, opts] { action = [add, opts] { return trainee_add(*add, *opts); }; });

    CLI::App* set = top->add_subcommand("set", "Change a trainee's external id or e-mail");
    set->fallthrough();
    set->add_option("name", opts->name, "The trainee's name")->required();
    CLI::Option* ext =
        set->add_option("--external-id", opts->external_id, "New external id (\"\" clears it)");
    CLI::Option* email = set->add_option("--email", opts->email, "New e-mail (\"\" clears it)");
    set->callback([&action, set, opts, ext, email] {
        const bool e1 = ext->count() > 0, e2 = email->count() > 0;
        action = [set, opts, e1, e2] { return trainee_set(*set, *opts, e1, e2); };
    });

    CLI::App* list = top->add_subcommand("list", "List the trainees");
    list->fallthrough();
    list->add_flag("--json", opts->json, "Print JSON");
    list->callback(
        [&action, list, opts] { action = [list, opts] { return trainee_list(*list, opts->json); }; });
}

void add_group(CLI::App& app, Action& action) {
    CLI::App* top =
        app.add_subcommand("group", "Groups (classes, teams): add, join, leave, set, assign, list")
            ->require_subcommand(1);
    top->fallthrough();
    auto name = std::make_shared<std::string>();
    auto names = std::make_shared<std::vector<std::string>>();
    auto json = std::make_shared<bool>(false);

    CLI::App* add = top->add_subcommand("add", "Add a group");
    add->fallthrough();
    add->add_option("group", *name, "The group's name, unique")->required();
    add->callback([&action, add, name] { action = [add, name] { return group_add(*add, *name); }; });

    CLI::App* join = top->add_subcommand("join", "Put trainees in a group");
    join->fallthrough();
    join->add_option("group", *name, "The group")->required();
    join->add_option("trainees", *names, "One or more trainees")->required();
    join->callback([&action, join, name, names] {
        action = [join, name, names] { return group_members(*join, *name, *names, true); };
    });

    CLI::App* leave = top->add_subcommand("leave", "Take trainees out of a group");
    leave->fallthrough();
    leave->add_option("group", *name, "The group")->required();
    leave->add_option("trainees", *names, "One or more trainees")->required();
    leave->callback([&action, leave, name, names] {
        action = [leave, name, names] { return group_members(*leave, *name, *names, false); };
    });

    CLI::App* set = top->add_subcommand("set", "Set what a group requires: --mode MODE (or any)");
    set->fallthrough();
    set->add_option("group", *name, "The group")->required();
    auto mode = std::make_shared<std::optional<Mode>>();
    add_mode_option(
        *set, "The mode the group's members play in: guided, practice, assessment, or any",
        [mode](std::optional<Mode> m) { *mode = m; }, true)
        ->required();
    set->callback(
        [&action, set, name, mode] { action = [set, name, mode] { return group_set(*set, *name, *mode); }; });

    CLI::App* assign = top->add_subcommand("assign", "Assign scenarios to a group (ids from `salesim list`)");
    assign->fallthrough();
    assign->add_option("group", *name, "The group")->required();
    assign->add_option("scenarios", *names, "One or more scenario ids")->required();
    assign->callback([&action, assign, name, names] {
        action = [assign, name, names] { return group_scenarios(*assign, *name, *names, true); };
    });

    CLI::App* unassign = top->add_subcommand("unassign", "Take scenarios off a group's assignments");
    unassign->fallthrough();
    unassign->add_option("group", *name, "The group")->required();
    unassign->add_option("scenarios", *names, "One or more scenario ids")->required();
    unassign->callback([&action, unassign, name, names] {
        action = [unassign, name, names] { return group_scenarios(*unassign, *name, *names, false); };
    });

    CLI::App* list = top->add_subcommand("list", "List the groups, their members and assigned scenarios");
    list->fallthrough();
    list->add_flag("--json", *json, "Print JSON");
    list->callback([&action, list, json] { action = [list, json] { return group_list(*list, *json); }; });
}

void add_attempt(CLI::App& app, Action& action) {
    CLI::App* top = app.add_subcommand("attempt", "Recorded attempts: list, abandon")->require_subcommand(1);
    top->fallthrough();
    auto uuid = std::make_shared<std::string>();
    auto listing = std::make_shared<AttemptListOptions>();
    CLI::App* list = top->add_subcommand("list", "List attempts, oldest first");
    list->fallthrough();
    list->add_option("--trainee", listing->trainee, "Only this trainee's")->type_name("NAME");
    list->add_option("--status", listing->status, "Only attempts in this state")
        ->check(CLI::IsMember({"in_progress", "finished", "abandoned"}));
    list->add_option("--offset", listing->offset, "Skip the first N attempts of the list")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    list->add_option("--limit", listing->limit, "List at most N attempts (a page of a long list)")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    list->add_flag("--json", listing->json, "Print JSON");
    list->callback(
        [&action, list, listing] { action = [list, listing] { return attempt_list(*list, *listing); }; });

    CLI::App* abandon =
        top->add_subcommand("abandon", "Close an attempt left in progress (a crash, a closed window)");
    abandon->fallthrough();
    abandon->add_option("attempt", *uuid, "The attempt's id (from `salesim attempt list`)")->required();
    abandon->callback(
        [&action, abandon, uuid] { action = [abandon, uuid] { return attempt_abandon(*abandon, *uuid); }; });
}

}  // namespace salesim::cli
