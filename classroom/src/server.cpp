#include "salesim/classroom/server.hpp"

#include "salesim/classroom/qr_svg.hpp"
#include "salesim/classroom/web_assets.hpp"

#include <salesim/results/json_limits.hpp>

#include <httplib.h>

#include <csignal>

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <thread>

namespace salesim::classroom {

using nlohmann::json;

struct ClassServer::Impl {
    std::unique_ptr<httplib::Server> server;
};

namespace {

HttpReply json_reply(int status, const json& body) {
    HttpReply r;
    r.status = status;
    r.body = body.dump();
    return r;
}

HttpReply problem(int status, const std::string& code, const std::string& message) {
    return json_reply(status, {{"error", {{"code", code}, {"message", message}}}});
}

// The bearer secret of a request: the Authorization header, else ?key= (event streams, links).
std::string bearer(const HttpRequest& r) {
    constexpr std::string_view prefix = "Bearer ";
    if (r.authorization.size() > prefix.size() && r.authorization.compare(0, prefix.size(), prefix) == 0)
        return r.authorization.substr(prefix.size());
    if (const auto it = r.query.find("key"); it != r.query.end()) return it->second;
    return {};
}

std::string sse_event(const char* name, const json& body) {
    return std::string("event: ") + name + "\ndata: " + body.dump() + "\n\n";
}

}  // namespace

ClassServer::ClassServer(ClassRoom& room, ServerOptions options)
    : m_room(room), m_options(std::move(options)), m_impl(std::make_unique<Impl>()) {}

ClassServer::~ClassServer() {
    stop();
    if (m_clock.joinable()) m_clock.join();
}

bool ClassServer::join_allowed(const std::string& remote) {
    std::lock_guard lock(m_limit_mutex);
    auto& times = m_wrong_codes[remote];
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(times, [&](auto t) { return now - t > std::chrono::minutes(1); });
    return static_cast<int>(times.size()) < m_options.wrong_codes_per_minute;
}

void ClassServer::count_wrong_code(const std::string& remote) {
    std::lock_guard lock(m_limit_mutex);
    m_wrong_codes[remote].push_back(std::chrono::steady_clock::now());
    if (m_wrong_codes.size() > 10000) m_wrong_codes.clear();  // bounded, whoever floods it
}

HttpReply ClassServer::handle(const HttpRequest& request) {
    try {
        return route(request);
    } catch (const ProtocolError& e) {
        return problem(e.status(), e.code(), e.what());
    } catch (const json::exception&) {
        return problem(400, "bad_request", m_room.message("bad_json"));
    } catch (const std::exception& e) {
        return problem(500, "internal", e.what());
    }
}

HttpReply ClassServer::route(const HttpRequest& r) {
    const std::string& p = r.path;
    // Pages and the QR code.
    if (r.method == "GET" && p.rfind("/api/", 0) != 0) {
        if (p == "/qr.svg") {
            HttpReply reply;
            reply.content_type = "image/svg+xml";
            reply.body = qr_svg(m_room.config().address);
            return reply;
        }
        const std::string asset = p == "/" ? "/index.html" : p == "/board" ? "/board.html" : p;
        if (const WebAsset* a = find_web_asset(asset)) {
            HttpReply reply;
            reply.content_type = std::string(a->content_type);
            reply.body = a->path == "/index.html"
                             ? fill_page(a->body,
                                         [&](std::string_view n) {
                                             return n == "lang" ? m_room.config().lang : m_room.text(n);
                                         })
                             : std::string(a->body);
            reply.headers.emplace_back("Cache-Control", "no-store");
            reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
            reply.headers.emplace_back("Referrer-Policy", "no-referrer");
            reply.headers.emplace_back("Content-Security-Policy",
                                       "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                       "base-uri 'none'; frame-ancestors 'none'");
            return reply;
        }
        return problem(404, "not_found", m_room.message("not_found"));
    }
    if (r.body.size() > max_body_bytes) return problem(413, "too_large", m_room.message("too_large"));
    const auto body = [&]() -> json {
        if (r.body.empty()) return json::object();
        if (results::json_too_deep(r.body, max_body_depth))
            throw ProtocolError(400, "bad_request", m_room.message("too_deep"));
        return json::parse(r.body);
    };
    const std::string key = bearer(r);
    const auto needs = [&](const char* method) {
        if (r.method != method) throw ProtocolError(405, "method", m_room.message("method"));
    };

    if (p == "/api/v1/join") {
        needs("POST");
        if (!join_allowed(r.remote)) {
            HttpReply reply = problem(429, "too_many", m_room.message("too_many"));
            reply.headers.emplace_back("Retry-After", "60");
            return reply;
        }
        try {
            return json_reply(200, m_room.join(body()));
        } catch (const ProtocolError& e) {
            if (e.code() == "wrong_code") {
                count_wrong_code(r.remote);
                std::this_thread::sleep_for(m_options.wrong_code_delay);
            }
            throw;
        }
    }
    if (p == "/api/v1/decisions") {
        needs("POST");
        return json_reply(200, m_room.decide(key, body()));
    }
    if (p == "/api/v1/votes") {
        needs("POST");
        return json_reply(200, m_room.vote(key, body()));
    }
    if (p == "/api/v1/class") {
        needs("GET");
        return json_reply(200, m_room.class_view(key));
    }
    if (p == "/api/v1/board") {
        needs("GET");
        return json_reply(200, m_room.board(key));
    }
    if (p == "/api/v1/events" || p == "/api/v1/board/events") {
        needs("GET");
        const bool board = p == "/api/v1/board/events";
        // Checked before the stream opens, so a bad key is an error and not an empty stream.
        HttpReply reply = json_reply(200, board ? m_room.board(key) : m_room.class_view(key));
        reply.stream = board ? HttpReply::Stream::Board : HttpReply::Stream::Class;
        reply.key = key;
        reply.content_type = "text/event-stream";
        return reply;
    }
    if (p.rfind("/api/v1/trainer/", 0) == 0) {
        needs("POST");
        return json_reply(200, m_room.trainer(key, p.substr(16), body()));
    }
    if (p == "/api/v1/export/csv" || p == "/api/v1/export/xapi") {
        needs("GET");
        m_room.require_trainer(key);
        HttpReply reply;
        const bool csv = p.ends_with("csv");
        reply.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
        reply.body = csv ? m_room.export_csv() : m_room.export_xapi();
        reply.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"class-") +
                                                              m_room.session_row().uuid +
                                                              (csv ? ".csv\"" : ".json\""));
        return reply;
    }
    return problem(404, "not_found", m_room.message("not_found"));
}

int ClassServer::listen() {
    // A peer that hangs up mid-answer is an error of that answer, not the end of the program (TLS
    // writes go through OpenSSL, which does not ask the kernel to spare the signal).
    ::signal(SIGPIPE, SIG_IGN);
    if (!m_options.tls_cert.empty() || !m_options.tls_key.empty()) {
        auto s = std::make_unique<httplib::SSLServer>(m_options.tls_cert.c_str(), m_options.tls_key.c_str());
        if (!s->is_valid()) throw std::runtime_error(m_room.message("tls_files"));
        m_impl->server = std::move(s);
        m_tls = true;
    } else {
        m_impl->server = std::make_unique<httplib::Server>();
    }
    httplib::Server& svr = *m_impl->server;
    const int threads = m_options.threads;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    svr.set_payload_max_length(max_body_bytes);
    // An answer's head and body go out as two writes: with Nagle's algorithm the body waits for
    // the client's delayed ACK of the head (40 ms on Linux) on every request.
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(1000);
    // Short: an idle connection (a browser's, a client's) holds a worker, and stop() waits for it.
    svr.set_keep_alive_timeout(2);
    svr.set_read_timeout(10, 0);
    svr.set_write_timeout(10, 0);

    const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
        HttpRequest r;
        r.method = req.method;
        r.path = req.path;
        for (const auto& [k, v] : req.params) r.query.emplace(k, v);
        r.authorization = req.get_header_value("Authorization");
        r.body = req.body;
        r.remote = req.remote_addr;
        HttpReply reply = handle(r);
        res.status = reply.status;
        for (const auto& [k, v] : reply.headers) res.set_header(k, v);
        if (reply.stream == HttpReply::Stream::None) {
            res.set_content(reply.body, reply.content_type);
            return;
        }
        // An event stream: the state at once, then on every change, a comment every 15 s.
        const bool board = reply.stream == HttpReply::Stream::Board;
        const std::string key = reply.key;
        res.set_header("Cache-Control", "no-store");
        res.set_header("X-Accel-Buffering", "no");
        if (!board) m_room.stream_opened(key, +1);
        auto seen = std::make_shared<std::uint64_t>(0);
        auto last_sent = std::make_shared<std::chrono::steady_clock::time_point>();
        res.set_chunked_content_provider(
            "text/event-stream",
            [this, board, key, seen, last_sent](size_t, httplib::DataSink& sink) {
                if (m_stopping) return false;
                if (*seen != 0) {
                    // A trainee's stream wakes for changes to their own view only (see wait_view_change).
                    const std::uint64_t now =
                        board ? m_room.wait_change(*seen, std::chrono::seconds(15))
                              : m_room.wait_view_change(key, *seen, std::chrono::seconds(15));
                    if (m_stopping) return false;
                    if (now == *seen) return sink.write(": keep-alive\n\n", 14);
                }
                if (board) {
                    // At most five boards a second: a class of hundreds changes faster than that.
                    const auto since = std::chrono::steady_clock::now() - *last_sent;
                    if (since < std::chrono::milliseconds(200))
                        std::this_thread::sleep_for(std::chrono::milliseconds(200) - since);
                }
                *seen = board ? m_room.version() : m_room.view_version(key);
                std::string event;
                try {
                    event = board ? sse_event("board", m_room.board(key))
                                  : sse_event("class", m_room.class_view(key));
                } catch (const std::exception&) {
                    return false;  // the key stopped working (the class ended, a trainee banned)
                }
                *last_sent = std::chrono::steady_clock::now();
                return sink.write(event.data(), event.size());
            },
            [this, board, key](bool) {
                if (!board) m_room.stream_opened(key, -1);
            });
    };
    svr.Get(".*", dispatch);
    svr.Post(".*", dispatch);
    const auto other = [this](const httplib::Request&, httplib::Response& res) {
        const HttpReply reply = problem(405, "method", m_room.message("method"));
        res.status = reply.status;
        res.set_content(reply.body, reply.content_type);
    };
    svr.Put(".*", other);
    svr.Delete(".*", other);
    svr.Patch(".*", other);
    svr.Options(".*", other);
    svr.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string code = res.status == 413   ? "too_large"
                                 : res.status == 404 ? "not_found"
                                                     : "bad_request";
        res.set_content(json{{"error", {{"code", code}, {"message", m_room.message(code)}}}}.dump(),
                        "application/json");
    });

    // cpp-httplib 0.11 listens with a backlog of 5: a class joining in the same second overflowed
    // it, and each connection dropped waited for the SYN to be sent again (1 s, then 3 s), past
    // the client's 3 s connection timeout. The listening socket is kept from the socket-options
    // hook and listen() is called again with a longer backlog (Linux takes the new one).
    auto listening = std::make_shared<std::atomic<int>>(-1);
    svr.set_socket_options([listening](socket_t sock) {
        httplib::default_socket_options(sock);
        listening->store(sock);
    });
    int port = m_options.port;
    if (port == 0) {
        port = svr.bind_to_any_port(m_options.bind.c_str());
        if (port < 0) throw std::runtime_error(m_room.message("cannot_listen"));
    } else if (!svr.bind_to_port(m_options.bind.c_str(), port)) {
        throw std::runtime_error(app::fill(m_room.message("port_in_use"), {{"port", std::to_string(port)}}));
    }
    if (const int sock = listening->load(); sock >= 0) ::listen(sock, SOMAXCONN);
    m_clock = std::thread([this] {
        for (int n = 1; !m_stopping; ++n) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (n % 10 == 0) m_room.tick();
        }
    });
    return port;
}

void ClassServer::serve() {
    m_serving = true;
    if (m_impl->server && !m_stopping) m_impl->server->listen_after_bind();
    m_serving = false;
}

void ClassServer::stop() {
    m_stopping = true;
    m_room.wake_all();
    if (!m_impl->server) return;
    // httplib's stop() does nothing before the server listens: a serve() that has just started
    // is waited for (briefly), or it would listen for ever.
    for (int i = 0; i < 500 && m_serving && !m_impl->server->is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    m_impl->server->stop();
}

}  // namespace salesim::classroom
