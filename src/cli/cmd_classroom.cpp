// `salesim classroom serve|list|end`: a live class on the school network (docs/classroom.md).
#include "cli/commands.hpp"

#include "cli/common.hpp"
#include "cli/play_script.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/classroom/class_room.hpp>
#include <salesim/classroom/lan_address.hpp>
#include <salesim/classroom/server.hpp>

#include <nlohmann/json.hpp>

#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;
namespace fs = std::filesystem;

struct ServeOptions {
    std::string scenario;
    std::string group;
    std::optional<Mode> mode;
    std::string pacing = "self";
    bool roster = false;
    std::optional<std::uint64_t> seed;
    std::string bind = "0.0.0.0";
    int port = 8765;
    std::string address;
    std::string tls_cert;
    std::string tls_key;
    bool json = false;
    bool resume = false;
    std::string state;
};

std::string text(std::string_view lang, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string>> values = {}) {
    return fill(tr(lang, std::string("cli.classroom.") + std::string(key)), values);
}

fs::path classes_dir(const CLI::App& sub) {
    return app::user_data_dir(data_dir_option(sub)) / "classes";
}

// The newest state file of a class that has not ended, for --resume without a file.
std::optional<fs::path> newest_open_state(const fs::path& dir) {
    std::optional<fs::path> best;
    fs::file_time_type best_time;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("class-", 0) != 0 || e.path().extension() != ".json") continue;
        std::ifstream in(e.path());
        const auto j = nlohmann::json::parse(in, nullptr, false);
        if (!j.is_object() || j.value("ended", true)) continue;
        const auto t = fs::last_write_time(e.path(), ec);
        if (!best || t > best_time) {
            best = e.path();
            best_time = t;
        }
    }
    return best;
}

int run_serve(const ServeOptions& o, const CLI::App& sub) {
    const std::string lang = global_lang(sub);
    // The signals that stop the server are taken by a thread of their own, so they are blocked
    // before any other thread starts.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::unique_ptr<results::ResultsStore> store;
    try {
        store = open_results(sub);
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return store_error_code(e);
    }
    const app::Strings& strings = ui_strings();
    const std::string scheme = o.tls_cert.empty() ? "http://" : "https://";
    const std::string host = !o.address.empty()    ? o.address
                             : o.bind == "0.0.0.0" ? classroom::lan_address()
                                                   : o.bind;

    std::unique_ptr<classroom::ClassRoom> room;
    const fs::path dir = classes_dir(sub);
    int port = o.port;
    try {
        if (o.resume || !o.state.empty()) {
            fs::path state = o.state;
            if (state.empty()) {
                const auto found = newest_open_state(dir);
                if (!found) {
                    std::cerr << text(lang, "nothing_to_resume", {{"dir", dir.string()}}) << "\n";
                    return to_int(ExitCode::Misuse);
                }
                state = *found;
            }
            const Library library = load_shipped_library();
            room = classroom::ClassRoom::resume(state, library, *store, strings, "");
            if (room->ended()) {
                std::cerr << text(lang, "already_ended", {{"class", room->session_row().uuid}}) << "\n";
                return to_int(ExitCode::Misuse);
            }
            // The same address as before, so that the trainees' programs find it again.
            const std::string before = room->config().address;
            const auto colon = before.rfind(':');
            if (sub.get_option("--port")->count() == 0 && colon != std::string::npos)
                port = std::atoi(before.c_str() + colon + 1);
        } else {
            if (o.scenario.empty()) {
                std::cerr << text(lang, "needs_scenario") << "\n";
                return to_int(ExitCode::Misuse);
            }
            if (o.roster && o.group.empty()) {
                std::cerr << text(lang, "roster_needs_group") << "\n";
                return to_int(ExitCode::Misuse);
            }
            if (o.roster) {
                const auto g = store->find_group(o.group);
                if (!g || store->members(g->id).empty()) {
                    std::cerr << text(lang, "roster_empty", {{"group", o.group}}) << "\n";
                    return to_int(ExitCode::Misuse);
                }
            }
            int code = 0;
            const auto scenario = find_in_library(load_shipped_library(), o.scenario, lang, code);
            if (!scenario) return code;
            classroom::ClassConfig config;
            config.scenario = scenario;
            config.seed = o.seed ? *o.seed : std::random_device{}() % 1000000 + 1;
            config.mode = o.mode.value_or(Mode::Practice);
            config.pacing = classroom::parse_pacing(o.pacing).value_or(classroom::Pacing::Self);
            config.admission = o.roster ? classroom::Admission::Roster : classroom::Admission::Open;
            config.group = o.group;
            config.lang = lang;
            config.address = scheme + host + ":" + std::to_string(port);
            room = std::make_unique<classroom::ClassRoom>(config, *store, strings, dir);
        }
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return store_error_code(e);
    } catch (const std::exception& e) {
        print_error(e.what());
        return to_int(ExitCode::Problems);
    }

    classroom::ServerOptions options;
    options.bind = o.bind;
    options.port = port;
    options.tls_cert = o.tls_cert;
    options.tls_key = o.tls_key;
    classroom::ClassServer server(*room, options);
    try {
        port = server.listen();
    } catch (const std::exception& e) {
        std::cerr << text(lang, "cannot_serve", {{"why", e.what()}}) << "\n";
        return to_int(ExitCode::Problems);
    }
    const std::string address = scheme + host + ":" + std::to_string(port);
    room->set_address(address);
    const std::string board_url = address + "/board#key=" + room->secrets().board_key;
    const std::string trainer_url = address + "/board#key=" + room->secrets().trainer_token;
    const std::string code = classroom::format_code(room->secrets().code);

    std::atomic<bool> stopping{false};
    std::thread serving([&server] { server.serve(); });
    if (o.json) {
        std::cout << nlohmann::json{{"address", address},
                                    {"code", code},
                                    {"board_url", board_url},
                                    {"trainer_url", trainer_url},
                                    {"class", room->session_row().uuid},
                                    {"port", port}}
                         .dump()
                  << std::endl;
    } else {
        const auto& row = room->session_row();
        std::cout << text(lang, "started",
                          {{"scenario", row.scenario_id},
                           {"mode", std::string(to_string(row.mode))},
                           {"pacing", row.pacing},
                           {"group", row.group.empty() ? "-" : row.group}})
                  << "\n";
        if (o.bind == "0.0.0.0")
            std::cout << text(lang, "every_interface", {{"port", std::to_string(port)}}) << "\n";
        std::cout << text(lang, "join_at", {{"address", address}, {"code", code}}) << "\n"
                  << text(lang, "board_at", {{"url", board_url}}) << "\n"
                  << text(lang, "trainer_at", {{"url", trainer_url}}) << "\n"
                  << text(lang, "stop_with") << std::endl;
    }

    // Until SIGINT or SIGTERM. When the trainer ends the class the code stops working, and the
    // board stays up for the class's results and exports until the server is stopped.
    std::thread ender([&] {
        while (!room->ended() && !stopping) room->wait_change(room->version(), std::chrono::seconds(1));
        if (room->ended() && !stopping && !o.json) std::cout << text(lang, "ended_serving") << std::endl;
    });
    int signal = 0;
    sigwait(&stop_signals, &signal);
    stopping = true;
    server.stop();
    room->wake_all();
    serving.join();
    ender.join();
    if (!o.json) std::cout << text(lang, room->ended() ? "ended" : "stopped") << std::endl;
    return to_int(ExitCode::Ok);
}

int run_list(const CLI::App& sub) {
    const std::string lang = global_lang(sub);
    try {
        const auto store = open_results(sub, results::Access::ReadOnly);
        const auto classes = store->classes();
        if (classes.empty()) {
            std::cout << text(lang, "none") << "\n";
            return to_int(ExitCode::Ok);
        }
        for (const auto& c : classes)
            std::cout << c.id << "  " << c.uuid << "  " << c.started.substr(0, 16) << "  "
                      << (c.ended.empty() ? text(lang, "open") : c.ended.substr(0, 16)) << "  "
                      << c.scenario_id << "  " << (c.group.empty() ? "-" : c.group) << "  " << c.attempts
                      << "\n";
    } catch (const results::StoreError& e) {
        print_error(e.what());
        return store_error_code(e);
    }
    return to_int(ExitCode::Ok);
}

}  // namespace

void add_classroom(CLI::App& app, Action& action) {
    CLI::App* classroom = app.add_subcommand("classroom", "Run a live class on the school network");
    classroom->require_subcommand(1);
    auto o = std::make_shared<ServeOptions>();
    CLI::App* serve = classroom->add_subcommand(
        "serve", "Start a class: prints the join address and code, and the board's addresses");
    serve->fallthrough();
    serve->add_option("--scenario", o->scenario, "The scenario everyone plays (an id from `salesim list`)")
        ->type_name("ID");
    serve->add_option("--group", o->group, "The group the class is for (created when missing)")
        ->type_name("GROUP");
    add_mode_option(*serve, "guided, practice (default) or assessment",
                    [o](std::optional<Mode> m) { o->mode = m; });
    serve
        ->add_option("--pacing", o->pacing,
                     "self (default): everyone plays on; trainer: each decision waits for you")
        ->check(CLI::IsMember({"self", "trainer"}));
    serve->add_flag("--roster", o->roster, "Only the group's members may join (default: any name)");
    serve->add_option("--seed", o->seed, "Seed for the order of the options (default: random)");
    serve->add_option("--bind", o->bind, "The address to listen on (default: 0.0.0.0, every interface)")
        ->type_name("ADDR");
    serve->add_option("--port", o->port, "The port (default: 8765; 0: any free one)")
        ->check(CLI::Range(0, 65535));
    serve->add_option("--address", o->address, "The host name or address trainees type (default: found)")
        ->type_name("HOST");
    serve->add_option("--tls-cert", o->tls_cert, "Serve HTTPS with this certificate (PEM)")
        ->type_name("FILE");
    serve->add_option("--tls-key", o->tls_key, "... and this private key (PEM)")->type_name("FILE");
    serve->add_flag("--json", o->json,
                    "Print one JSON line (address, code, board_url, trainer_url) when ready");
    serve->add_flag("--resume", o->resume,
                    "Go on with the newest class that has not ended (after a stop or crash)");
    serve->add_option("--state", o->state, "Go on with the class kept in this state file")->type_name("FILE");
    serve->callback([&action, o, serve] { action = [o, serve] { return run_serve(*o, *serve); }; });

    CLI::App* list = classroom->add_subcommand("list", "List the class sessions in the results");
    list->fallthrough();
    list->callback([&action, list] { action = [list] { return run_list(*list); }; });
}

}  // namespace salesim::cli
