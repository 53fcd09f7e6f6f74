// One class session on the classroom server: who has joined, every trainee's attempt replayed with
// the server's own engine and recorded in the results store, the points the class is frozen at
// with their votes, and the board's view of it all. Thread-safe: the server calls it from many
// connections at once. The HTTP layer (server.hpp) only parses requests and writes answers.
#pragma once

#include "salesim/classroom/protocol.hpp"

#include <salesim/app/strings.hpp>
#include <salesim/loader.hpp>
#include <salesim/mode.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/store.hpp>
#include <salesim/session.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace salesim::classroom {

enum class Pacing { Self, Trainer };
enum class Admission { Open, Roster };
std::string_view to_string(Pacing p);
std::string_view to_string(Admission a);
std::optional<Pacing> parse_pacing(std::string_view id);
std::optional<Admission> parse_admission(std::string_view id);

using Clock = std::chrono::steady_clock;

/// What a class is run with.
struct ClassConfig {
    std::shared_ptr<const Scenario> scenario;
    std::uint64_t seed = 1;
    Mode mode = Mode::Practice;
    Pacing pacing = Pacing::Self;
    Admission admission = Admission::Open;
    std::string group;  ///< the group's name ("" for none); a roster class admits its members only
    std::string lang = "en";
    std::string address;  ///< the join address shown on the board ("http://192.168.1.20:8765")
};

/// The secrets and members that must outlive the server process, kept in a state file so that a
/// server started again after a crash goes on with the same class (same code, same tokens).
struct ClassSecrets {
    std::string code;
    std::string trainer_token;
    std::string board_key;
};

/// A class session. The results store is not owned and is used only under the class's lock.
class ClassRoom {
public:
    /// Starts a new class: stores it (with its group, when named) and draws its code and secrets.
    /// What a restarted server needs is kept in `state_dir`/class-ID.json ("" keeps nothing).
    ClassRoom(ClassConfig config, results::ResultsStore& store, const app::Strings& strings,
              const std::filesystem::path& state_dir);
    /// Goes on with the class kept in `state_file` (after the server stopped or crashed): members,
    /// tokens and code as they were, every attempt replayed from the store, freezes and votes
    /// from the class's events. Throws std::runtime_error when the file cannot be used.
    static std::unique_ptr<ClassRoom> resume(const std::filesystem::path& state_file, const Library& library,
                                             results::ResultsStore& store, const app::Strings& strings,
                                             const std::string& address);

    ~ClassRoom();
    ClassRoom(const ClassRoom&) = delete;
    ClassRoom& operator=(const ClassRoom&) = delete;

    const ClassSecrets& secrets() const { return m_secrets; }
    const std::filesystem::path& state_file() const { return m_state_file; }
    /// The join address, once the server knows its port.
    void set_address(std::string address);
    const ClassConfig& config() const { return m_config; }
    const results::ClassSession& session_row() const { return m_row; }

    // [SECTION] Requests. Each throws ProtocolError for a request it refuses.
    /// POST /api/v1/join
    nlohmann::json join(const nlohmann::json& body);
    /// POST /api/v1/decisions (the bearer token's trainee)
    nlohmann::json decide(const std::string& token, const nlohmann::json& body);
    /// POST /api/v1/votes
    nlohmann::json vote(const std::string& token, const nlohmann::json& body);
    /// GET /api/v1/class
    nlohmann::json class_view(const std::string& token);
    /// GET /api/v1/board: with the trainer token or the board key.
    nlohmann::json board(const std::string& key);
    /// POST /api/v1/trainer/ACTION
    nlohmann::json trainer(const std::string& token, const std::string& action, const nlohmann::json& body);
    /// Checks the trainer token (exports); throws ProtocolError.
    void require_trainer(const std::string& token) const;
    /// Which kind of secret `key` is: "trainer", "board", "trainee" or "" for none.
    std::string key_kind(const std::string& key) const;

    /// The class's attempts as the CSV gradebook and as xAPI statements.
    std::string export_csv() const;
    std::string export_xapi() const;
    /// The string `key` in the class's language.
    std::string text(std::string_view key) const;
    /// The text of error `code` (classroom.error.CODE) in the class's language.
    std::string message(std::string_view code) const;

    /// Ends the class (also the trainer's `end`): open attempts abandoned, the code stops working.
    void end();
    bool ended() const;

    // [SECTION] Waiting for changes (the event streams)
    /// A number that grows with every change the board or a client would show.
    std::uint64_t version() const;
    /// Waits until version() differs from `seen` or `timeout` passes; returns the version.
    std::uint64_t wait_change(std::uint64_t seen, std::chrono::milliseconds timeout) const;
    /// A number that grows with every change trainee `token`'s class view (GET /api/v1/class) would
    /// show: their own decisions and votes, and what every trainee sees (freezes, releases, timers,
    /// the end); 0 for a token that is not a trainee's.
    std::uint64_t view_version(const std::string& token) const;
    /// Waits until view_version(token) differs from `seen` or `timeout` passes; returns it. Only
    /// changes to that view wake it: with wait_change(), every decision of a class of hundreds
    /// woke every trainee's event stream.
    std::uint64_t wait_view_change(const std::string& token, std::uint64_t seen,
                                   std::chrono::milliseconds timeout) const;
    /// Wakes every waiter (the server stopping).
    void wake_all();
    /// Timers that ran out and presence that changed count as changes: called by the server's clock.
    void tick();
    /// A trainee's event stream opened (+1) or closed (-1): while one is open they are present.
    void stream_opened(const std::string& token, int delta);

    /// The time source, for tests: "now" on the class's clock.
    void set_clock(std::function<Clock::time_point()> now) { m_now = std::move(now); }

private:
    struct Member;
    struct Point;
    ClassRoom(ClassConfig config, results::ResultsStore& store, const app::Strings& strings,
              std::filesystem::path state_file, ClassSecrets secrets, results::ClassSession row);

    [[noreturn]] void refuse(int status, const std::string& code,
                             const std::vector<std::pair<std::string_view, std::string>>& values = {}) const;
    Member& member_by_token(const std::string& token);
    Member* member_by_number(int number);
    Member* member_by_name(const std::string& name);
    void touch(Member& m);
    std::string presence(const Member& m) const;
    void start_attempt(Member& m);
    /// The trainee now stands at their session's decision at hand (or has finished).
    void reached(Member& m);
    Point* find_point(const std::string& name);
    Point& ensure_point(const std::string& name);
    /// Fills the point's prompt and options (with the rule book's verdicts) from a session at it.
    void describe(Point& p, const Session& session);
    /// Whether a trainee at point `name` waits (frozen, or not yet released in trainer pacing).
    bool point_waits(const std::string& name) const;
    /// Applies a freeze, reveal, release, vote or names event (as it happens, and on resume).
    void replay_event(const results::ClassEvent& e);
    void record_event(const std::string& kind, const std::string& point, const Member* m, int choice,
                      const std::string& value);
    /// The members, tokens or settings a restarted server needs changed (under the lock).
    void state_changed();
    /// Writes the state file with every change up to `seq` (m_state_seq after it), unless a
    /// write since took it in: one write answers for all the joins that waited on it. Called
    /// without the class's lock, so decisions go on while the file is flushed to disk.
    void persist(std::uint64_t seq);
    std::string state_text() const;
    void changed();
    /// What trainee `m`'s class view shows changed (nullptr: every trainee's): see view_version().
    void view_changed(Member* m);
    const Member* find_member(const std::string& token) const;
    nlohmann::json board_json(bool trainer) const;
    std::string tr(std::string_view key) const;
    /// Seconds left on the point's timer; -1 without one.
    int timer_left(const Point& p) const;

    ClassConfig m_config;
    results::ResultsStore& m_store;
    results::Recorder m_recorder;
    const app::Strings& m_strings;
    std::filesystem::path m_state_file;
    ClassSecrets m_secrets;
    results::ClassSession m_row;
    std::set<std::string> m_roster;  ///< a roster class's members' names
    std::function<Clock::time_point()> m_now = [] { return Clock::now(); };

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    std::uint64_t m_version = 1;
    std::uint64_t m_view_version = 1;  ///< changes every trainee's view shows
    bool m_waking = false;
    bool m_replaying = false;  ///< resuming: what is replayed is not recorded again
    std::string m_tick_signature;
    std::uint64_t m_state_seq = 0;      ///< state changes so far (under m_mutex)
    std::mutex m_state_mutex;           ///< one state-file writer at a time; taken before m_mutex
    std::uint64_t m_state_written = 0;  ///< the last change the file holds (under m_state_mutex)
    bool m_ended = false;
    bool m_names_hidden = false;
    std::vector<std::unique_ptr<Member>> m_members;
    std::set<std::string> m_banned;                ///< names
    std::vector<std::unique_ptr<Point>> m_points;  ///< in the order first reached
    std::map<std::string, Point*, std::less<>> m_point_index;
    std::set<std::string> m_released;
};

}  // namespace salesim::classroom
