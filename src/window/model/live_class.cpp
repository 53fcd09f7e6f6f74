// The window's live classes: running one (the room and its server on a thread) and opening its board.
#include "window/model/live_class.hpp"

#include <salesim/classroom/lan_address.hpp>

#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <vector>

extern char** environ;

namespace salesim::window {

RunningClass::RunningClass(const ClassSetup& setup, std::shared_ptr<const Scenario> scenario,
                           std::unique_ptr<results::ResultsStore> store, const app::Strings& strings,
                           const std::filesystem::path& state_dir, const std::string& lang)
    : m_store(std::move(store)), m_strings(strings) {
    const std::string host = !setup.host.empty()       ? setup.host
                             : setup.bind == "0.0.0.0" ? classroom::lan_address()
                                                       : setup.bind;
    classroom::ClassConfig config;
    config.scenario = std::move(scenario);
    config.seed =
        static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count() % 1000000) + 1;
    config.mode = setup.mode;
    config.pacing = setup.pacing;
    config.admission = classroom::Admission::Open;
    config.group = setup.group;
    config.lang = lang;
    config.address = "http://" + host + ":" + std::to_string(setup.port);
    m_room = std::make_unique<classroom::ClassRoom>(config, *m_store, m_strings, state_dir);

    classroom::ServerOptions options;
    options.bind = setup.bind;
    options.port = setup.port;
    m_server = std::make_unique<classroom::ClassServer>(*m_room, options);
    try {
        m_port = m_server->listen();
    } catch (const std::runtime_error&) {
        // The usual port is taken (another class, another program): any free one will do, since
        // the trainees type what the panel shows.
        if (setup.port == 0) throw;
        options.port = 0;
        m_server = std::make_unique<classroom::ClassServer>(*m_room, options);
        m_port = m_server->listen();
    }
    m_join = host + ":" + std::to_string(m_port);
    m_address = "http://" + m_join;
    m_room->set_address(m_address);
    m_code = classroom::format_code(m_room->secrets().code);
    m_board_url = m_address + "/board#key=" + m_room->secrets().board_key;
    m_trainer_url = m_address + "/board#key=" + m_room->secrets().trainer_token;
    m_serving = std::thread([server = m_server.get()] { server->serve(); });
    poll();
}

RunningClass::~RunningClass() {
    stop();
}

void RunningClass::end() {
    m_room->end();
}

void RunningClass::stop() {
    if (!m_serving.joinable()) return;
    m_server->stop();
    m_room->wake_all();
    m_serving.join();
}

bool RunningClass::poll() {
    const std::uint64_t now = m_room->version();
    if (now == m_seen) return false;
    m_seen = now;
    const nlohmann::json board = m_room->board(m_room->secrets().trainer_token);
    m_joined = 0;
    m_finished = 0;
    if (board.contains("roster") && board["roster"].is_array()) {
        for (const auto& t : board["roster"]) {
            ++m_joined;
            if (t.value("finished", false)) ++m_finished;
        }
    }
    return true;
}

bool open_in_browser(const std::string& url) {
    std::vector<char*> argv{const_cast<char*>("xdg-open"), const_cast<char*>(url.c_str()), nullptr};
    pid_t pid = 0;
    if (::posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv.data(), environ) != 0) return false;
    // Reaped on a thread of its own: the window never waits for the browser.
    std::thread([pid] { ::waitpid(pid, nullptr, 0); }).detach();
    return true;
}

}  // namespace salesim::window
