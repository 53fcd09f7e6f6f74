// A trainee's side of a class: the HTTP client of the classroom's protocol, and ClassPlay, which
// plays an attempt of the class through the attempt controller, keeps what the server has not yet
// acknowledged in a queue file, and sends it again after a restart or a dropped connection.
#pragma once

#include "salesim/classroom/protocol.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/loader.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace salesim::classroom {

/// A request the server refused (status and code from its answer), or one that never reached it
/// (status 0: no connection; the message says why).
class ClientError : public std::runtime_error {
public:
    ClientError(int status, std::string code, const std::string& message, nlohmann::json body = {})
        : std::runtime_error(message), m_status(status), m_code(std::move(code)), m_body(std::move(body)) {}
    int status() const { return m_status; }
    const std::string& code() const { return m_code; }
    const nlohmann::json& body() const { return m_body; }
    bool unreachable() const { return m_status == 0 || m_status == 503; }

private:
    int m_status;
    std::string m_code;
    nlohmann::json m_body;
};

/// What joining gave (POST /api/v1/join).
struct JoinInfo {
    std::string token;
    std::string name;
    int number = 0;
    std::string registration;
    std::string class_id;
    std::string scenario_id;
    std::string content_hash;
    std::uint64_t seed = 1;
    Mode mode = Mode::Practice;
    std::string pacing = "self";
    std::string lang = "en";
    std::vector<std::size_t> choices;
    std::vector<int> hinted;
};

/// What a trainee's program waits on (GET /api/v1/class).
struct ClassState {
    bool ended = false;
    bool removed = false;
    std::string pacing = "self";
    std::size_t acknowledged = 0;
    struct Frozen {
        std::string point;
        int timer_left = -1;
        bool voted = false;
    };
    std::vector<Frozen> frozen;
    std::set<std::string> released;

    /// Whether a trainee at `point` must wait (and vote) instead of deciding.
    bool waits_at(const std::string& point) const;
    const Frozen* frozen_at(const std::string& point) const;
};

/// The HTTP client. Thread-safe for one request at a time per object; follow() runs its own.
class ClassClient {
public:
    /// `address`: "HOST:PORT", "http://HOST:PORT" or "https://HOST:PORT".
    explicit ClassClient(const std::string& address);
    ~ClassClient();
    /// Checks an https server's certificate against this CA file (PEM) instead of the system's.
    void set_ca_file(const std::string& file) { m_ca_file = file; }
    const std::string& base() const { return m_base; }

    JoinInfo join(const std::string& code, const std::string& name, const std::string& token = {});
    /// Sends one decision; returns how many the server holds.
    std::size_t send_decision(const std::string& token, const std::string& registration, std::size_t index,
                              std::size_t option, bool hinted);
    void vote(const std::string& token, const std::string& registration, const std::string& point,
              std::size_t option);
    ClassState state(const std::string& token);

    /// Follows the class's event stream in the background (polling every 2 s when the stream
    /// cannot be held), so that wait_change() wakes at once when the trainer acts.
    void follow(const std::string& token);
    /// Waits until the state changes from the `seen`-th one or `timeout` passes; returns the newest
    /// state known and sets `seen`. Without follow() it asks the server.
    ClassState wait_change(std::uint64_t& seen, std::chrono::milliseconds timeout);
    void stop_following();

private:
    nlohmann::json request(const std::string& method, const std::string& path, const std::string& token,
                           const nlohmann::json& body);
    void publish(const ClassState& s);

    std::string m_base;
    std::string m_ca_file;
    std::mutex m_request_mutex;

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::optional<ClassState> m_latest;
    std::uint64_t m_version = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_follower;
    struct Stream;
    std::shared_ptr<Stream> m_stream;
};

ClassState parse_class_state(const nlohmann::json& j);

/// The link between a trainee's program and a class: written after every change, so a program
/// that restarts (or a laptop that was closed) rejoins as the same trainee and sends what the
/// server has not acknowledged.
struct ClassLink {
    std::string address;
    std::string code;
    std::string name;
    std::string token;
    std::string registration;
    std::vector<std::size_t> choices;  ///< every choice made, acknowledged or not
    std::vector<int> hinted;           ///< decision indices taken with a hint
    std::size_t acknowledged = 0;      ///< how many of `choices` the server holds
    /// A vote cast at a frozen point, applied when the point is released.
    std::string vote_point;
    std::optional<std::size_t> vote_option;
};

/// The file a trainee's link to a class is kept in: one per address, code and name, in the data
/// folder's classes/.
std::filesystem::path link_file(const std::filesystem::path& data_dir, const std::string& address,
                                const std::string& code, const std::string& name);
std::optional<ClassLink> read_link(const std::filesystem::path& file);
void write_link(const std::filesystem::path& file, const ClassLink& link);

}  // namespace salesim::classroom
