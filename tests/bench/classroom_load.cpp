// A live class under load, on loopback: N simulated trainees join a class on an in-process
// classroom server (SQLite store in a temporary folder), each follows the class's event stream
// and makes a decision every second (a random valid option, with the client library trainees'
// programs use), and one who finishes stays on idle. A board follows the board's stream; the
// trainer freezes a decision, voters at it vote one after another, the trainer releases it; late
// joiners come in a burst. Prints the decision round trip (p50/p95/p99), errors, lost decisions
// (acknowledged against sent, then every decision in the store exactly once), vote -> board and
// freeze -> every client (p95 over clients), the late joins, and the saturation throughput
// (decisions per second with as many senders as the machine takes) against a bare cpp-httplib
// handler that returns a constant, measured in the same run (the ratio is the figure).
//
// A program to run by hand or from scripts/bench.sh, never a timed test: it exits 1 only for
// errors, lost decisions or a late joiner left out, never for a time.
//   classroom_load [--trainees N] [--seconds S] [--late N] [--voters N] [--scenario ID]
//                  [--max-senders N] [--smoke]
#include <salesim/classroom/client.hpp>
#include <salesim/classroom/server.hpp>
#include <salesim/results/sqlite_store.hpp>

#include <httplib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace salesim;
using namespace salesim::classroom;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

Clock::duration seconds_of(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

struct Options {
    int trainees = 250;
    double seconds = 60;
    int late = 30;
    double late_window = 10;  ///< the late joiners come within this many seconds
    int voters = 20;
    std::string scenario = "chairs-agency";
    int max_senders = 64;
    double level_seconds = 2;  ///< each saturation level runs this long at most
    bool smoke = false;
};

// ---- an event stream read as a browser's EventSource or ClassClient::follow reads it

class SseReader {
public:
    using OnEvent =
        std::function<void(const std::string& event, const std::string& data, Clock::time_point at)>;
    SseReader(int port, std::string path, OnEvent on_event)
        : m_port(port), m_path(std::move(path)), m_on_event(std::move(on_event)) {}
    ~SseReader() { stop(); }

    void start() {
        m_thread = std::thread([this] { run(); });
    }
    void stop() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
            if (m_client != nullptr) m_client->stop();
        }
        if (m_thread.joinable()) m_thread.join();
    }
    /// Times the stream ended or could not be opened before stop().
    int drops() const { return m_drops; }

private:
    void run() {
        for (int attempt = 0; attempt < 50; ++attempt) {
            httplib::Client client("127.0.0.1", m_port);
            client.set_connection_timeout(3, 0);
            client.set_read_timeout(40, 0);  // the server says something every 15 s
            {
                std::lock_guard lock(m_mutex);
                if (m_stop) return;
                m_client = &client;
            }
            std::string buffer;
            (void)client.Get(m_path.c_str(), {{"Accept", "text/event-stream"}},
                             [&](const char* data, size_t n) {
                                 const Clock::time_point at = Clock::now();
                                 buffer.append(data, n);
                                 for (auto end = buffer.find("\n\n"); end != std::string::npos;
                                      end = buffer.find("\n\n")) {
                                     const std::string block = buffer.substr(0, end);
                                     buffer.erase(0, end + 2);
                                     if (block.rfind("event: ", 0) != 0) continue;  // a keep-alive comment
                                     const auto nl = block.find('\n');
                                     const auto data_at = block.find("data: ");
                                     if (nl == std::string::npos || data_at == std::string::npos) continue;
                                     m_on_event(block.substr(7, nl - 7), block.substr(data_at + 6), at);
                                 }
                                 return true;
                             });
            {
                std::lock_guard lock(m_mutex);
                m_client = nullptr;
                if (m_stop) return;
            }
            ++m_drops;
            std::this_thread::sleep_for(200ms);
        }
    }

    int m_port;
    std::string m_path;
    OnEvent m_on_event;
    std::thread m_thread;
    std::mutex m_mutex;
    bool m_stop = false;
    httplib::Client* m_client = nullptr;
    std::atomic<int> m_drops{0};
};

// ---- what the run's threads share

struct Stats {
    std::mutex mutex;
    std::vector<double> round_trip_ms;
    std::vector<double> join_ms;
    std::vector<double> late_join_ms;
    std::map<std::string, int> error_codes;
    int errors = 0;
    int held = 0;  ///< decisions answered `frozen` and sent again after the release (the protocol)

    void error(const std::string& what) {
        std::lock_guard lock(mutex);
        ++errors;
        ++error_codes[what];
    }
};

struct Run {
    Options options;
    int port = 0;
    std::string address;
    std::string code;
    std::string trainer;
    std::string board_key;
    std::shared_ptr<const Scenario> scenario;
    std::uint64_t seed = 1;
    std::string freeze_point;  ///< the class's first decision, where the voters wait
    Clock::time_point start;
    Clock::time_point end;  ///< no new decision after this
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::condition_variable cv;  ///< wakes waiters when `stopping` is set
    std::atomic<std::int64_t> freeze_sent{0};
    std::atomic<std::int64_t> release_sent{0};
    Stats stats;

    bool sleep_until(Clock::time_point t) {
        std::unique_lock lock(mutex);
        return !cv.wait_until(lock, t, [&] { return stopping.load(); });
    }
};

std::int64_t ticks(Clock::time_point t) {
    return t.time_since_epoch().count();
}
Clock::time_point from_ticks(std::int64_t n) {
    return Clock::time_point(Clock::duration(n));
}

struct Trainee {
    std::string name;
    bool voter = false;
    bool late = false;
    double join_at = 0;  ///< seconds after the start
    std::uint32_t seed = 0;

    JoinInfo info;
    std::atomic<bool> joined{false};  ///< set once `info` is filled in
    std::optional<Session> session;
    std::vector<std::size_t> choices;  ///< acknowledged by the server, in order
    std::size_t made = 0;              ///< decisions made and sent (acknowledged or not)
    std::unique_ptr<SseReader> stream;

    // What the trainee's stream has shown, under `mutex`.
    std::mutex mutex;
    std::condition_variable cv;
    bool streaming = false;
    std::set<std::string> frozen;
    std::optional<Clock::time_point> saw_freeze;
    std::optional<Clock::time_point> saw_release;
    std::optional<Clock::time_point> first_event;

    void on_class_event(const Run& run, const std::string& data, Clock::time_point at) {
        const json j = json::parse(data, nullptr, false);
        if (!j.is_object()) return;
        std::set<std::string> now;
        for (const json& f : j.value("frozen", json::array()))
            if (f.is_object()) now.insert(f.value("point", ""));
        std::lock_guard lock(mutex);
        if (!first_event) first_event = at;
        streaming = true;
        frozen = std::move(now);
        const bool at_freeze = frozen.count(run.freeze_point) > 0;
        if (const auto sent = run.freeze_sent.load(); sent != 0 && at_freeze && !saw_freeze) saw_freeze = at;
        if (const auto sent = run.release_sent.load(); sent != 0 && !at_freeze && saw_freeze && !saw_release)
            saw_release = at;
        cv.notify_all();
    }
};

// The board as the projector follows it: the vote count at the frozen point, with when it came.
struct BoardWatch {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::pair<Clock::time_point, long>> votes;  ///< per board event
    int events = 0;

    void on_event(const std::string& point, const std::string& data, Clock::time_point at) {
        const json j = json::parse(data, nullptr, false);
        long v = -1;
        if (j.is_object())
            for (const json& p : j.value("points", json::array()))
                if (p.is_object() && p.value("point", "") == point) v = p.value("votes", 0L);
        std::lock_guard lock(mutex);
        ++events;
        votes.emplace_back(at, v);
        cv.notify_all();
    }
    long latest() {
        std::lock_guard lock(mutex);
        return votes.empty() ? -1 : votes.back().second;
    }
    /// When the board first showed at least `count` votes in an event after `after`.
    std::optional<Clock::time_point> wait_for(long count, Clock::time_point after,
                                              Clock::time_point deadline) {
        std::unique_lock lock(mutex);
        std::optional<Clock::time_point> found;
        cv.wait_until(lock, deadline, [&] {
            for (const auto& [at, v] : votes)
                if (at >= after && v >= count) {
                    found = at;
                    return true;
                }
            return false;
        });
        return found;
    }
};

httplib::Result trainer_post(const Run& run, const std::string& action, const json& body) {
    httplib::Client c("127.0.0.1", run.port);
    c.set_read_timeout(10, 0);
    return c.Post(("/api/v1/trainer/" + action).c_str(), {{"Authorization", "Bearer " + run.trainer}},
                  body.dump(), "application/json");
}

// A trainee's program: join, follow the class, a decision every second until the end.
void play(Run& run, Trainee& t) {
    if (!run.sleep_until(run.start + seconds_of(t.join_at))) return;
    ClassClient client(run.address);
    const auto t0 = Clock::now();
    try {
        t.info = client.join(run.code, t.name);
    } catch (const ClientError& e) {
        run.stats.error("join: " + e.code());
        return;
    }
    {
        std::lock_guard lock(run.stats.mutex);
        (t.late ? run.stats.late_join_ms : run.stats.join_ms).push_back(ms_between(t0, Clock::now()));
    }
    t.joined = true;
    t.session.emplace(run.scenario, t.info.seed);
    t.stream = std::make_unique<SseReader>(
        run.port, "/api/v1/events?key=" + t.info.token,
        [&run, &t](const std::string& event, const std::string& data, Clock::time_point at) {
            if (event == "class") t.on_class_event(run, data, at);
        });
    t.stream->start();
    if (t.voter) return;  // the trainer's thread votes for them

    std::mt19937 rng(t.seed);
    auto next = Clock::now() + std::chrono::milliseconds(rng() % 1000);
    std::optional<std::size_t> pending;  // chosen, not yet acknowledged
    bool sent = false;                   // `pending` counted in `made` (sent and not refused as frozen)
    enum class Sent { Acknowledged, Held, Failed };
    // Sends the pending decision. Held: the class is frozen there, so it is not made yet; it is
    // sent again after the release, as the vote a trainee's program applies.
    const auto send = [&]() {
        const std::size_t index = t.session->decisions().size();
        if (!sent) {
            ++t.made;
            sent = true;
        }
        const auto s0 = Clock::now();
        try {
            const std::size_t ack =
                client.send_decision(t.info.token, t.info.registration, index, *pending, false);
            const double ms = ms_between(s0, Clock::now());
            {
                std::lock_guard lock(run.stats.mutex);
                run.stats.round_trip_ms.push_back(ms);
            }
            if (ack != index + 1) {
                run.stats.error("acknowledged " + std::to_string(ack) + " for decision " +
                                std::to_string(index));
                return Sent::Failed;
            }
            t.session->choose(*pending);
            t.choices.push_back(*pending);
            pending.reset();
            sent = false;
            return Sent::Acknowledged;
        } catch (const ClientError& e) {
            if (e.code() == "frozen") {
                --t.made;
                sent = false;
                {
                    std::lock_guard lock(run.stats.mutex);
                    ++run.stats.held;
                }
                // Wait for the release on the stream, as a trainee's program does.
                const std::string at = current_point(*t.session);
                std::unique_lock lock(t.mutex);
                t.cv.wait_until(lock, run.end + 5s,
                                [&] { return !t.frozen.count(at) || run.stopping.load(); });
                return Sent::Held;
            }
            run.stats.error("decision: " + e.code());
            return Sent::Failed;
        }
    };
    Sent last = Sent::Acknowledged;
    while (Clock::now() < run.end && !run.stopping) {
        if (!run.sleep_until(std::min(next, run.end))) break;
        if (Clock::now() >= run.end) break;
        next = std::max(next + 1s, Clock::now());  // after a wait at a freeze, no burst to catch up
        if (!pending) {
            if (t.session->finished()) break;  // idle from here: the stream stays open
            pending = rng() % t.session->current().options.size();
        }
        last = send();
    }
    // A decision sent and not acknowledged is sent again, as the client's queue does (bounded);
    // one held at a freeze that was not released before the end was never made.
    for (int i = 0; i < 20 && pending && last == Sent::Failed; ++i) {
        std::this_thread::sleep_for(200ms);
        last = send();
    }
}

// ---- saturation: as many decisions as the server takes, against a bare handler

struct Level {
    int senders = 0;
    double per_second = 0;
    long decisions = 0;
    int errors = 0;
};

struct Pool {
    std::vector<std::pair<std::string, std::string>> trainees;  ///< token, registration
    std::atomic<std::size_t> next{0};
};

// `senders` threads, each on one keep-alive connection, play trainees of the pool to the end, a
// decision after the other, until the pool is used up or `seconds` pass.
Level saturate(int port, Pool& pool, const std::shared_ptr<const Scenario>& scenario, std::uint64_t seed,
               int senders, double seconds) {
    std::atomic<long> done{0};
    std::atomic<int> errors{0};
    const auto start = Clock::now();
    const auto deadline = start + seconds_of(seconds);
    std::atomic<std::int64_t> dry{ticks(deadline)};  // when the pool ran out
    std::vector<std::thread> threads;
    for (int s = 0; s < senders; ++s)
        threads.emplace_back([&, s] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            c.set_tcp_nodelay(true);  // as the classroom's client
            c.set_read_timeout(10, 0);
            std::mt19937 rng(static_cast<std::uint32_t>(s) + 17u);
            while (Clock::now() < deadline) {
                const std::size_t i = pool.next++;
                if (i >= pool.trainees.size()) {
                    std::int64_t expected = dry.load();
                    const std::int64_t now = ticks(Clock::now());
                    while (now < expected && !dry.compare_exchange_weak(expected, now)) {
                    }
                    return;
                }
                const auto& [token, registration] = pool.trainees[i];
                const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
                Session session(scenario, seed);
                while (!session.finished() && Clock::now() < deadline) {
                    const std::size_t option = rng() % session.current().options.size();
                    const json body = {{"registration", registration},
                                       {"index", session.decisions().size()},
                                       {"option", option},
                                       {"hinted", false}};
                    const auto res = c.Post("/api/v1/decisions", headers, body.dump(), "application/json");
                    if (!res || res->status != 200) {
                        ++errors;
                        break;
                    }
                    if (Clock::now() <= from_ticks(dry.load())) ++done;
                    session.choose(option);
                }
            }
        });
    for (auto& th : threads) th.join();
    const double elapsed =
        std::chrono::duration<double>(std::min(from_ticks(dry.load()), deadline) - start).count();
    return {senders, elapsed > 0 ? static_cast<double>(done.load()) / elapsed : 0, done.load(),
            errors.load()};
}

std::vector<int> sender_levels(int max_senders) {
    std::vector<int> levels;
    for (int n = 1; n <= max_senders; n *= 2) levels.push_back(n);
    return levels;
}

Level best_of(const std::vector<Level>& levels) {
    Level best;
    for (const Level& l : levels)
        if (l.per_second > best.per_second) best = l;
    return best;
}

void print_levels(const char* what, const std::vector<Level>& levels) {
    std::printf("  %-26s", what);
    for (const Level& l : levels) std::printf("  %d: %.0f/s", l.senders, l.per_second);
    std::printf("\n");
}

// The classroom's decisions: a fresh class per level (the same store), its trainees joined first.
std::vector<Level> saturate_classroom(const Options& o, results::ResultsStore& store,
                                      const app::Strings& strings,
                                      const std::shared_ptr<const Scenario>& scenario, int& errors) {
    std::vector<Level> out;
    for (const int senders : sender_levels(o.max_senders)) {
        ClassConfig c;
        c.scenario = scenario;
        c.seed = 11;
        ClassRoom room(c, store, strings, fs::path());
        ServerOptions so;
        so.bind = "127.0.0.1";
        so.port = 0;
        ClassServer server(room, so);
        const int port = server.listen();
        std::thread serving([&] { server.serve(); });
        Pool pool;
        const int size = o.smoke ? 40 : 300;  // about 5,500 decisions
        for (int i = 0; i < size; ++i) {
            const json a =
                room.join({{"code", room.secrets().code}, {"name", "Sender " + std::to_string(i + 1)}});
            pool.trainees.emplace_back(a["token"].get<std::string>(), a["registration"].get<std::string>());
        }
        const Level l = saturate(port, pool, scenario, c.seed, senders, o.level_seconds);
        errors += l.errors;
        out.push_back(l);
        server.stop();
        serving.join();
    }
    return out;
}

// The reference: cpp-httplib with the classroom server's settings and a handler that answers a
// constant, driven by the same senders with the same requests.
std::vector<Level> saturate_bare(const Options& o, const std::shared_ptr<const Scenario>& scenario) {
    std::vector<Level> out;
    for (const int senders : sender_levels(o.max_senders)) {
        httplib::Server svr;
        const int threads = ServerOptions{}.threads;
        svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
        svr.set_payload_max_length(max_body_bytes);
        svr.set_tcp_nodelay(true);
        svr.set_keep_alive_max_count(1000);
        svr.set_keep_alive_timeout(30);
        svr.Post("/api/v1/decisions", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"acknowledged":1,"finished":false})", "application/json");
        });
        const int port = svr.bind_to_any_port("127.0.0.1");
        std::thread serving([&] { svr.listen_after_bind(); });
        Pool pool;
        for (int i = 0; i < 100000; ++i)
            pool.trainees.emplace_back(std::string(32, 'a'), std::string(36, 'b'));
        out.push_back(saturate(port, pool, scenario, 11, senders, o.level_seconds));
        svr.stop();
        serving.join();
    }
    return out;
}

// ---- the store afterwards: every acknowledged decision there, once, with its option

struct StoreCheck {
    int missing = 0;
    int extra = 0;
    int different = 0;
};

StoreCheck check_store(const results::ResultsStore& store,
                       const std::vector<std::unique_ptr<Trainee>>& trainees) {
    StoreCheck c;
    for (const auto& t : trainees) {
        if (!t->joined) continue;
        const auto a = store.find_attempt(t->info.registration);
        if (!a) {
            c.missing += static_cast<int>(t->choices.size());
            continue;
        }
        std::map<int, int> seen;
        std::map<int, int> chosen;
        for (const results::DecisionRow& d : store.decisions(a->id)) {
            ++seen[d.index];
            chosen[d.index] = d.chosen;
        }
        for (std::size_t i = 0; i < t->choices.size(); ++i) {
            const int n = seen.count(static_cast<int>(i)) ? seen[static_cast<int>(i)] : 0;
            if (n == 0) ++c.missing;
            if (n > 1) c.extra += n - 1;
            if (n > 0 && chosen[static_cast<int>(i)] != static_cast<int>(t->choices[i])) ++c.different;
        }
        for (const auto& [index, n] : seen)
            if (index < 0 || static_cast<std::size_t>(index) >= t->choices.size()) c.extra += n;
    }
    return c;
}

void usage() {
    std::fprintf(
        stderr,
        "usage: classroom_load [--trainees N] [--seconds S] [--late N] [--voters N] [--scenario ID]\n"
        "                      [--max-senders N] [--smoke]\n");
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::map<std::string, std::string> given;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--smoke") {
            o.smoke = true;
        } else if (a.rfind("--", 0) == 0 && i + 1 < argc) {
            given[a] = argv[++i];
        } else {
            usage();
            return 2;
        }
    }
    if (o.smoke) {
        o.trainees = 20;
        o.seconds = 3;
        o.late = 5;
        o.voters = 5;
        o.max_senders = 4;
        o.level_seconds = 0.3;
    }
    try {
        for (const auto& [k, v] : given) {
            if (k == "--trainees")
                o.trainees = std::stoi(v);
            else if (k == "--seconds")
                o.seconds = std::stod(v);
            else if (k == "--late")
                o.late = std::stoi(v);
            else if (k == "--voters")
                o.voters = std::stoi(v);
            else if (k == "--scenario")
                o.scenario = v;
            else if (k == "--max-senders")
                o.max_senders = std::stoi(v);
            else
                throw std::invalid_argument(k);
        }
    } catch (const std::exception&) {
        usage();
        return 2;
    }
    if (o.trainees < 1 || o.seconds <= 0 || o.late < 0 || o.voters < 1 || o.max_senders < 1) {
        usage();
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    // Two sockets per loopback connection, both in this process.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }

    const fs::path work =
        fs::temp_directory_path() / ("salesim-classroom-load-" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    int status = 0;
    try {
        const Library library = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
        app::Strings strings;
        strings.load_dir(std::string(SALESIM_SOURCE_DIR) + "/assets/strings");
        Run run;
        run.options = o;
        run.scenario = library.find_shared(o.scenario);
        if (!run.scenario) throw std::runtime_error("no scenario " + o.scenario);
        results::SqliteStore store(work / "results.db");

        ClassConfig config;
        config.scenario = run.scenario;
        config.seed = 42;
        config.mode = Mode::Practice;
        config.group = "Load";
        ClassRoom room(config, store, strings, work / "classes");
        ServerOptions so;
        so.bind = "127.0.0.1";
        so.port = 0;
        ClassServer server(room, so);
        run.port = server.listen();
        run.address = "127.0.0.1:" + std::to_string(run.port);
        room.set_address("http://" + run.address);
        std::thread serving([&] { server.serve(); });
        run.code = format_code(room.secrets().code);
        run.trainer = room.secrets().trainer_token;
        run.board_key = room.secrets().board_key;
        run.seed = config.seed;
        run.freeze_point = current_point(Session(run.scenario, config.seed));

        std::printf(
            "classroom_load: %d trainees + %d late joiners + %d voters, a decision a second each for %.0f s, "
            "scenario %s, %u processors\n",
            o.trainees, o.late, o.voters, o.seconds, o.scenario.c_str(), std::thread::hardware_concurrency());

        // The board on the projector.
        BoardWatch board;
        SseReader board_stream(run.port, "/api/v1/board/events?key=" + run.board_key,
                               [&](const std::string& event, const std::string& data, Clock::time_point at) {
                                   if (event == "board") board.on_event(run.freeze_point, data, at);
                               });
        board_stream.start();

        // Who plays: the class at the start, the voters (who stay at the first decision), late joiners.
        std::vector<std::unique_ptr<Trainee>> trainees;
        std::mt19937 rng(2026);
        const double late_start = std::min(1.0, o.seconds * 0.2);
        const double late_window = std::min(o.late_window, o.seconds * 0.5);
        for (int i = 0; i < o.trainees + o.voters + o.late; ++i) {
            auto t = std::make_unique<Trainee>();
            t->seed = static_cast<std::uint32_t>(i) * 7919u + 1u;
            if (i < o.trainees) {
                t->name = "Trainee " + std::to_string(i + 1);
            } else if (i < o.trainees + o.voters) {
                t->name = "Voter " + std::to_string(i - o.trainees + 1);
                t->voter = true;
            } else {
                t->name = "Late " + std::to_string(i - o.trainees - o.voters + 1);
                t->late = true;
                t->join_at = late_start + std::uniform_real_distribution<double>(0, late_window)(rng);
            }
            trainees.push_back(std::move(t));
        }
        run.start = Clock::now() + 200ms;
        run.end = run.start + seconds_of(o.seconds);
        std::vector<std::thread> threads;
        for (auto& t : trainees) threads.emplace_back([&run, &t] { play(run, *t); });

        // The trainer: freezes the first decision while the class plays, the voters vote one after
        // another, then the release.
        std::vector<double> vote_ms;
        int votes_unseen = 0;
        std::vector<double> freeze_ms;
        std::vector<double> release_ms;
        int freeze_missed = 0;
        int clients_at_freeze = 0;
        const double freeze_at = std::min(8.0, o.seconds * 0.4);
        if (run.sleep_until(run.start + seconds_of(freeze_at))) {
            std::vector<Trainee*> following;
            for (auto& t : trainees) {
                std::lock_guard lock(t->mutex);
                if (t->streaming) following.push_back(t.get());
            }
            clients_at_freeze = static_cast<int>(following.size());
            const auto sent = Clock::now();
            run.freeze_sent = ticks(sent);
            const auto res = trainer_post(run, "freeze", {{"point", run.freeze_point}});
            if (!res || res->status != 200) run.stats.error("freeze");
            for (Trainee* t : following) {
                std::unique_lock lock(t->mutex);
                t->cv.wait_until(lock, sent + 5s, [&] { return t->saw_freeze.has_value(); });
                if (t->saw_freeze)
                    freeze_ms.push_back(ms_between(sent, *t->saw_freeze));
                else
                    ++freeze_missed;
            }
            int option = 0;
            for (auto& t : trainees) {
                if (!t->voter || !t->joined) continue;
                const long before = std::max(board.latest(), 0L);
                const auto v0 = Clock::now();
                try {
                    ClassClient(run.address)
                        .vote(t->info.token, t->info.registration, run.freeze_point,
                              static_cast<std::size_t>(option++ % 2));
                } catch (const ClientError& e) {
                    run.stats.error("vote: " + e.code());
                    continue;
                }
                if (const auto at = board.wait_for(before + 1, v0, v0 + 5s))
                    vote_ms.push_back(ms_between(v0, *at));
                else
                    ++votes_unseen;
                std::this_thread::sleep_for(250ms);
            }
            const auto released = Clock::now();
            run.release_sent = ticks(released);
            const auto rel = trainer_post(run, "release", {{"point", run.freeze_point}});
            if (!rel || rel->status != 200) run.stats.error("release");
            for (Trainee* t : following) {
                std::unique_lock lock(t->mutex);
                t->cv.wait_until(lock, released + 5s, [&] { return t->saw_release.has_value(); });
                if (t->saw_release) release_ms.push_back(ms_between(released, *t->saw_release));
            }
        }
        // The voters stay at the first decision; the others play on to the end.
        run.sleep_until(run.end);
        {
            std::lock_guard lock(run.mutex);
            run.stopping = true;
        }
        run.cv.notify_all();
        for (auto& t : trainees) {
            std::lock_guard lock(t->mutex);
            t->cv.notify_all();  // one waiting at a frozen decision
        }
        for (auto& th : threads) th.join();
        int drops = 0;
        for (auto& t : trainees)
            if (t->stream) {
                t->stream->stop();
                drops += t->stream->drops();
            }
        board_stream.stop();
        drops += board_stream.drops();
        server.stop();
        serving.join();

        // Lost: made and sent but never acknowledged, or acknowledged and not in the store once.
        long made = 0, acknowledged = 0;
        int joined = 0, late_joined = 0, finished = 0;
        for (const auto& t : trainees) {
            made += static_cast<long>(t->made);
            acknowledged += static_cast<long>(t->choices.size());
            if (t->joined) ++(t->late ? late_joined : joined);
            if (t->session && t->session->finished()) ++finished;
        }
        const StoreCheck sc = check_store(store, trainees);
        const long lost = (made - acknowledged) + sc.missing + sc.different;
        const int errors = run.stats.errors + drops;

        // Saturation, after the class: no streams open.
        int saturation_errors = 0;
        const std::vector<Level> ours =
            saturate_classroom(o, store, strings, run.scenario, saturation_errors);
        const std::vector<Level> bare = saturate_bare(o, run.scenario);
        const Level best = best_of(ours);
        const Level best_bare = best_of(bare);
        const double ratio = best_bare.per_second > 0 ? best.per_second / best_bare.per_second : 0;

        const auto& s = run.stats;
        std::printf("joined: %d of %d at the start (p95 %.1f ms, max %.1f ms); %d finished the scenario\n",
                    joined, o.trainees + o.voters, percentile(s.join_ms, 0.95), percentile(s.join_ms, 1.0),
                    finished);
        std::printf("late joiners: %d of %d within %.0f s (p95 %.1f ms, max %.1f ms)\n", late_joined, o.late,
                    late_window, percentile(s.late_join_ms, 0.95), percentile(s.late_join_ms, 1.0));
        std::printf("decisions: %zu round trips, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    s.round_trip_ms.size(), percentile(s.round_trip_ms, 0.5),
                    percentile(s.round_trip_ms, 0.95), percentile(s.round_trip_ms, 0.99),
                    percentile(s.round_trip_ms, 1.0));
        std::printf(
            "  made %ld, acknowledged %ld, held at the freeze %d; store: %d missing, %d twice, %d another "
            "option\n",
            made, acknowledged, s.held, sc.missing, sc.extra, sc.different);
        std::printf("errors: %d", errors);
        for (const auto& [what, n] : s.error_codes) std::printf("  [%s: %d]", what.c_str(), n);
        if (drops > 0) std::printf("  [streams dropped: %d]", drops);
        std::printf("\nlost: %ld\n", lost + sc.extra);
        std::printf(
            "vote -> board: %zu votes, p50 %.0f ms, p95 %.0f ms, max %.0f ms, %d not shown within 5 s (%d "
            "board events)\n",
            vote_ms.size(), percentile(vote_ms, 0.5), percentile(vote_ms, 0.95), percentile(vote_ms, 1.0),
            votes_unseen, board.events);
        std::printf(
            "freeze -> clients: %zu of %d, p50 %.0f ms, p95 %.0f ms, max %.0f ms, %d not within 5 s\n",
            freeze_ms.size(), clients_at_freeze, percentile(freeze_ms, 0.5), percentile(freeze_ms, 0.95),
            percentile(freeze_ms, 1.0), freeze_missed);
        std::printf("release -> clients: %zu, p95 %.0f ms\n", release_ms.size(),
                    percentile(release_ms, 0.95));
        std::printf("saturation (decisions/s by concurrent senders, each on one keep-alive connection):\n");
        print_levels("classroom server", ours);
        print_levels("bare cpp-httplib handler", bare);

        // One block for scripts/bench.sh.
        const auto goal = [](bool ok) { return ok ? "ok" : "MISSED"; };
        const double p99 = percentile(s.round_trip_ms, 0.99);
        const double vote_p95 = percentile(vote_ms, 0.95);
        const double freeze_p95 = freeze_missed > 0 ? std::nan("") : percentile(freeze_ms, 0.95);
        std::printf("\n%-36s %-28s %-12s %s\n", "figure", "value", "goal", "");
        std::printf("%-36s %-28s %-12s %s\n", "trainees in",
                    (std::to_string(joined) + " of " + std::to_string(o.trainees + o.voters)).c_str(), "all",
                    goal(joined == o.trainees + o.voters));
        std::printf("%-36s %-28s %-12s %s\n", "decision round trip p99 ms", fixed(p99, 1).c_str(), "<= 50",
                    goal(p99 <= 50));
        std::printf("%-36s %-28d %-12s %s\n", "errors", errors + saturation_errors, "0",
                    goal(errors + saturation_errors == 0));
        std::printf("%-36s %-28ld %-12s %s\n", "lost", lost + sc.extra, "0", goal(lost + sc.extra == 0));
        std::printf("%-36s %-28.0f %-12s %s\n", "vote -> board p95 ms", vote_p95, "<= 1000",
                    goal(vote_p95 <= 1000 && votes_unseen == 0));
        std::printf("%-36s %-28.0f %-12s %s\n", "freeze -> every client p95 ms", freeze_p95, "<= 1000",
                    goal(freeze_p95 <= 1000));
        std::printf("%-36s %-28s %-12s %s\n", "late joiners in",
                    (std::to_string(late_joined) + " of " + std::to_string(o.late)).c_str(), "all",
                    goal(late_joined == o.late));
        std::printf(
            "%-36s %-28s %-12s\n", "saturation decisions/s",
            (std::to_string(std::lround(best.per_second)) + " (" + std::to_string(best.senders) + " senders)")
                .c_str(),
            "");
        std::printf("%-36s %-28s %-12s\n", "bare cpp-httplib handler/s",
                    (std::to_string(std::lround(best_bare.per_second)) + " (" +
                     std::to_string(best_bare.senders) + " senders)")
                        .c_str(),
                    "");
        std::printf("%-36s %.3f\n", "saturation ratio", ratio);
        std::printf(
            "summary p50=%.2f p95=%.2f p99=%.2f errors=%d lost=%ld vote_p95=%.0f freeze_p95=%.0f "
            "late=%d/%d trainees=%d saturation=%.0f bare=%.0f ratio=%.3f\n",
            percentile(s.round_trip_ms, 0.5), percentile(s.round_trip_ms, 0.95), p99,
            errors + saturation_errors, lost + sc.extra, vote_p95, freeze_p95, late_joined, o.late, joined,
            best.per_second, best_bare.per_second, ratio);
        if (errors + saturation_errors > 0 || lost + sc.extra > 0 || late_joined != o.late ||
            joined != o.trainees + o.voters)
            status = 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "classroom_load: %s\n", e.what());
        status = 2;
    }
    fs::remove_all(work);
    return status;
}
