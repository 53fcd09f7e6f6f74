// The window's live classes: the class this window's trainee has joined (played over the window's own
// attempt controller) and the class this window runs for the trainees (a ClassRoom served on a thread
// of its own, with its own connection to the results store). No SDL or ImGui.
#pragma once

#include <salesim/app/attempt_controller.hpp>
#include <salesim/app/strings.hpp>
#include <salesim/classroom/class_play.hpp>
#include <salesim/classroom/class_room.hpp>
#include <salesim/classroom/server.hpp>
#include <salesim/mode.hpp>
#include <salesim/results/store.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace salesim::window {

/// Joining a class failed; the message is for the join form.
class ClassJoinError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A class joined: the client, and the play over the window's attempt controller.
struct JoinedClass {
    JoinedClass(const std::string& address, app::AttemptController& attempt, std::filesystem::path data_dir,
                const results::ResultsStore* local_store)
        : client(address), play(client, attempt, std::move(data_dir), local_store) {}
    classroom::ClassClient client;
    classroom::ClassPlay play;
    /// The trainee's turn as last read (ClassPlay::turn() asks the latest state, so it is not const).
    classroom::ClassTurn turn = classroom::ClassTurn::Decide;
    std::string previous_name;  ///< the window's trainee before joining under another name
};

/// What the trainer's "Run a class" form asks for.
struct ClassSetup {
    std::string scenario_id;
    std::string group;  ///< "" for none
    Mode mode = Mode::Practice;
    classroom::Pacing pacing = classroom::Pacing::Self;
    std::string bind = "0.0.0.0";
    int port = 8765;   ///< when it is taken, any free port
    std::string host;  ///< the host trainees type ("": this machine's address on the network)
};

/// A class this window runs: its own store connection (never the window's, which stays on the main
/// thread), the room, and its server on a thread. Destroying it stops the server.
class RunningClass {
public:
    RunningClass(const ClassSetup& setup, std::shared_ptr<const Scenario> scenario,
                 std::unique_ptr<results::ResultsStore> store, const app::Strings& strings,
                 const std::filesystem::path& state_dir, const std::string& lang);
    ~RunningClass();
    RunningClass(const RunningClass&) = delete;
    RunningClass& operator=(const RunningClass&) = delete;

    const std::string& address() const { return m_address; }    ///< "http://HOST:PORT"
    const std::string& join_address() const { return m_join; }  ///< "HOST:PORT", as trainees type it
    const std::string& code() const { return m_code; }          ///< "K7QM-3XPA"
    const std::string& board_url() const { return m_board_url; }
    const std::string& trainer_url() const { return m_trainer_url; }
    int port() const { return m_port; }
    const classroom::ClassRoom& room() const { return *m_room; }
    classroom::ClassRoom& room() { return *m_room; }

    /// Ends the class: the code stops working; the board stays up until stop().
    void end();
    bool ended() const { return m_room->ended(); }
    /// Stops the server (idempotent).
    void stop();
    bool serving() const { return m_serving.joinable(); }

    /// Reads the board again when the class changed; true when it did.
    bool poll();
    /// How many trainees have joined, and how many have finished (as of the last poll()).
    int joined() const { return m_joined; }
    int finished() const { return m_finished; }

private:
    std::unique_ptr<results::ResultsStore> m_store;
    app::Strings m_strings;  ///< a copy: the window's tables change language on the main thread
    std::unique_ptr<classroom::ClassRoom> m_room;
    std::unique_ptr<classroom::ClassServer> m_server;
    std::thread m_serving;
    std::string m_address;
    std::string m_join;
    std::string m_code;
    std::string m_board_url;
    std::string m_trainer_url;
    int m_port = 0;
    std::uint64_t m_seen = 0;
    int m_joined = 0;
    int m_finished = 0;
};

/// Opens `url` in the desktop's browser with xdg-open (no shell); false when it could not be started.
bool open_in_browser(const std::string& url);

}  // namespace salesim::window
