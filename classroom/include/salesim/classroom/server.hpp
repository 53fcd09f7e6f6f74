// The classroom server: the class's HTTP API, its event streams and the board's page, over
// cpp-httplib (with OpenSSL for --tls-cert/--tls-key). Requests are parsed and answered by
// handle(), which a fuzzer can call in-process; only the event streams need a real connection.
#pragma once

#include "salesim/classroom/class_room.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace salesim::classroom {

struct ServerOptions {
    std::string bind = "0.0.0.0";  ///< the interface to listen on
    int port = 8765;               ///< 0: any free port
    std::string tls_cert;          ///< PEM files: both set serves HTTPS
    std::string tls_key;
    /// Wrong join codes are answered after this delay, and at most `wrong_codes_per_minute`
    /// of them are taken from one address.
    std::chrono::milliseconds wrong_code_delay{400};
    int wrong_codes_per_minute = 10;
    int threads = 600;  ///< connections served at once (every event stream holds one)
};

/// One request as the router sees it.
struct HttpRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> query;
    std::string authorization;  ///< the Authorization header
    std::string body;
    std::string remote;  ///< the client's address
};

/// The answer: a body, or an event stream to hold open.
struct HttpReply {
    enum class Stream { None, Class, Board };
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    Stream stream = Stream::None;
    std::string key;  ///< whose stream
};

class ClassServer {
public:
    ClassServer(ClassRoom& room, ServerOptions options);
    ~ClassServer();
    ClassServer(const ClassServer&) = delete;
    ClassServer& operator=(const ClassServer&) = delete;

    /// Listens on options.bind:port; returns the port (the free one chosen for port 0). Throws
    /// std::runtime_error saying why it cannot (the address in use, a bad certificate).
    int listen();
    /// Serves until stop(); returns when the server has stopped.
    void serve();
    /// Stops serving (from any thread or a signal-watching thread): streams end, serve() returns.
    void stop();
    bool tls() const { return m_tls; }

    /// Answers one request (every endpoint of docs/classroom.md except the streams' contents).
    HttpReply handle(const HttpRequest& request);

private:
    struct Impl;
    HttpReply route(const HttpRequest& request);
    bool join_allowed(const std::string& remote);
    void count_wrong_code(const std::string& remote);

    ClassRoom& m_room;
    ServerOptions m_options;
    bool m_tls = false;
    std::unique_ptr<Impl> m_impl;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_serving{false};
    std::thread m_clock;
    std::mutex m_limit_mutex;
    std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> m_wrong_codes;
};

}  // namespace salesim::classroom
