// Reports at a school's size: builds a results store of N attempts (default 100,000, 200 trainees)
// from real plays of the shipped scenarios, then runs `salesim report`, `report --json`,
// `attempt list`, `export --format csv` and `--format xapi` (and, with --window, the window's
// Trainer view to its fifth frame) on it as child processes, and prints each one's wall time and
// peak resident memory (wait4's ru_maxrss) against a reference measured in the same run: a child
// that only opens the same database and counts its decisions (`SELECT count(*) FROM decisions`).
// The store is written through the results model in transactions of a thousand attempts;
// PostgreSQL (a throwaway server from tests/support/pg_cluster.sh, or --url) gets a copy of the
// SQLite store's rows by COPY, so both backends hold the same results. A program to run by hand
// or from scripts/bench.sh, never a timed test.
//   bench_reports [--attempts N] [--trainees N] [--backend sqlite|postgresql|both] [--url URL]
//                 [--salesim PATH] [--runs K] [--window] [--keep DIR [--build-only]] [--only WORD]
//                 [--skip WORD] [--smoke]
//   (--keep DIR keeps the store in DIR/data and uses it again next time; --build-only stops there;
//   --only WORD runs the commands whose name holds WORD, --skip WORD the others)
//   bench_reports --count LOCATION   (the reference: prints the number of decisions)
#include <salesim/loader.hpp>
#include <salesim/results/pg_store.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>
#include <salesim/session.hpp>

#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace salesim;
using namespace salesim::results;
using Clock = std::chrono::steady_clock;

namespace {

// ---- the reference: open the database and count its decisions

int count_decisions(const std::string& location) {
    if (is_postgresql_url(location)) {
        PGconn* c = PQconnectdb(location.c_str());
        if (PQstatus(c) != CONNECTION_OK) {
            std::cerr << PQerrorMessage(c);
            PQfinish(c);
            return 1;
        }
        PGresult* r = PQexec(c, "SELECT count(*) FROM decisions");
        const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        if (ok) std::printf("%s\n", PQgetvalue(r, 0, 0));
        PQclear(r);
        PQfinish(c);
        return ok ? 0 : 1;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(location.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM decisions", -1, &st, nullptr);
    const bool ok = st != nullptr && sqlite3_step(st) == SQLITE_ROW;
    if (ok) std::printf("%lld\n", static_cast<long long>(sqlite3_column_int64(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok ? 0 : 1;
}

// ---- real plays to copy from

struct Template {
    Attempt attempt;  ///< as recorded: status, outcome, scores, title, hash
    std::vector<DecisionRow> decisions;
};

// Plays every shipped scenario a few times in English and Finnish with random choices, recorded
// as play records them; some plays stop part-way (left in progress, or abandoned).
std::vector<Template> real_plays(int per_scenario, std::mt19937_64& rng) {
    const std::string dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";
    const Library lib = load_library(dir, dir + "/rulebook.yaml");
    SqliteStore mem(":memory:");
    Recorder rec(mem);
    for (const auto& sc : lib.scenarios) {
        for (int k = 0; k < per_scenario; ++k) {
            Session s(sc, rng());
            const AttemptId id = rec.begin_attempt("Template", s, k % 3 == 2 ? "fi" : "en");
            // One play in eight stops part-way: five of those are given up, three left open.
            const bool cut = k % 8 == 7;
            const std::size_t stop = cut ? 2 + rng() % 5 : 1000;
            while (!s.finished() && s.choices().size() < stop) {
                const DecisionRecord& r = s.choose(rng() % s.current().options.size());
                rec.record_decision(id, s, r);
            }
            if (s.finished())
                rec.finish_attempt(id, s);
            else if (rng() % 8 < 5)
                rec.abandon(id);
        }
    }
    std::vector<Template> out;
    for (const Attempt& a : mem.attempts()) out.push_back({a, mem.decisions(a.id)});
    return out;
}

// ---- the store

std::string iso(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

struct Built {
    std::int64_t attempts = 0;
    std::int64_t decisions = 0;
    double seconds = 0;
};

// Trainees with names from two lists, eight groups of a class each (every tenth trainee in a second
// group too), then `n` attempts copied from the real plays with other trainees, dates (a school year,
// oldest first), modes and registrations, each written as play writes it: started, its decisions one
// by one, then finished or abandoned.
Built build_store(ResultsStore& store, int n, int trainees, const std::vector<Template>& plays,
                  std::mt19937_64& rng) {
    const auto t0 = Clock::now();
    static const char* const first[] = {"Maija", "Juho",  "Aino",   "Pekka", "Liisa",  "Mikko", "Sanna",
                                        "Jari",  "Elina", "Timo",   "Kaisa", "Ville",  "Noora", "Antti",
                                        "Heidi", "Olli",  "Riikka", "Lauri", "Emilia", "Eero"};
    static const char* const last[] = {"Virtanen",   "Korhonen", "Mäkinen",   "Nieminen", "Mäkelä",
                                       "Hämäläinen", "Laine",    "Heikkinen", "Koskinen", "Järvinen"};
    std::vector<std::int64_t> ids;
    std::vector<Group> groups;
    store.transaction([&] {
        for (int g = 0; g < 8; ++g)
            groups.push_back(store.add_group("Myynti " + std::to_string(g + 1) + "B"));
        store.set_group_mode(groups[7].id, Mode::Assessment);
        for (int i = 0; i < trainees; ++i) {
            Trainee t;
            t.name = std::string(first[i % 20]) + " " + last[(i / 20) % 10] +
                     (i >= 200 ? " " + std::to_string(i / 200 + 1) : std::string());
            if (i % 3 != 0) t.email = "trainee" + std::to_string(i) + "@school.example";
            if (i % 4 != 0) t.external_id = "S-" + std::to_string(10000 + i);
            ids.push_back(store.add_trainee(t).id);
            store.join_group(groups[static_cast<std::size_t>(i % 8)].id, ids.back());
            if (i % 10 == 0) store.join_group(groups[static_cast<std::size_t>((i + 3) % 8)].id, ids.back());
        }
    });
    Built b;
    const std::int64_t year_start = 1767571200000;       // 2026-01-05T00:00:00Z
    const std::int64_t span = 340LL * 24 * 3600 * 1000;  // to mid-December
    const std::int64_t step = span / std::max(n, 1);
    constexpr int per_transaction = 1000;
    for (int done = 0; done < n;) {
        store.transaction([&] {
            for (int k = 0; k < per_transaction && done < n; ++k, ++done) {
                const Template& tpl = plays[rng() % plays.size()];
                Attempt a = tpl.attempt;
                a.id = 0;
                a.uuid.clear();
                a.trainee_id = ids[rng() % ids.size()];
                std::int64_t at = year_start + done * step + static_cast<std::int64_t>(rng() % step);
                a.started = iso(at);
                const int m = static_cast<int>(rng() % 20);
                a.mode = m < 12 ? Mode::Guided : m < 17 ? Mode::Practice : Mode::Assessment;
                a.seed = rng();
                Attempt open = a;
                open.status = AttemptStatus::InProgress;
                open.finished.clear();
                open.outcome.clear();
                open.overall = 0;
                open.passed = false;
                open.hints = 0;
                open.stage_scores.clear();
                open.competency_scores.clear();
                a.id = store.add_attempt(open);
                for (DecisionRow d : tpl.decisions) {
                    at += 8000 + static_cast<std::int64_t>(rng() % 50000);
                    d.timestamp = iso(at);
                    store.add_decision(a.id, d);
                }
                b.decisions += static_cast<std::int64_t>(tpl.decisions.size());
                ++b.attempts;
                if (a.status == AttemptStatus::InProgress) continue;
                a.finished = iso(at + 4000);
                store.update_attempt(a);
            }
        });
    }
    b.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return b;
}

// ---- a copy on PostgreSQL

std::string pg_quote_ident(const std::string& s) {
    return "\"" + s + "\"";
}

// COPY's text form of one value: backslash, tab, newline and carriage return escaped; NULL as \N.
void copy_value(std::string& out, const unsigned char* v) {
    if (v == nullptr) {
        out += "\\N";
        return;
    }
    for (const unsigned char* p = v; *p != 0; ++p) {
        switch (*p) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += static_cast<char>(*p);
        }
    }
}

void pg_exec(PGconn* c, const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    const std::string why = PQresultErrorMessage(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + why);
}

// Every row of the SQLite store's results tables into the PostgreSQL store's (made by PgStore, so
// at this program's schema), by COPY, ids kept; then the identity sequences and the statistics.
// (A store of an earlier schema lacks the later tables, which are skipped.)
void copy_to_pg(const fs::path& sqlite_file, const std::string& url) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(sqlite_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("cannot open " + sqlite_file.string());
    PGconn* c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
    pg_exec(c, "SET client_min_messages = warning");
    pg_exec(c, "BEGIN");
    for (const std::string table : {"trainees", "groups", "memberships", "attempts", "scores", "decisions",
                                    "score_sums", "title_firsts", "method_counts"}) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &st, nullptr) != SQLITE_OK) {
            sqlite3_finalize(st);
            continue;  // a store of an earlier schema, without that table
        }
        const int cols = sqlite3_column_count(st);
        std::string list;
        for (int i = 0; i < cols; ++i) list += (i ? ", " : "") + pg_quote_ident(sqlite3_column_name(st, i));
        PGresult* r = PQexec(c, ("COPY " + table + " (" + list + ") FROM STDIN").c_str());
        if (PQresultStatus(r) != PGRES_COPY_IN) throw std::runtime_error(PQresultErrorMessage(r));
        PQclear(r);
        std::string buf;
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < cols; ++i) {
                if (i) buf += '\t';
                copy_value(buf,
                           sqlite3_column_type(st, i) == SQLITE_NULL ? nullptr : sqlite3_column_text(st, i));
            }
            buf += '\n';
            if (buf.size() > (1 << 20)) {
                PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
                buf.clear();
            }
        }
        if (!buf.empty()) PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
        PQputCopyEnd(c, nullptr);
        r = PQgetResult(c);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        const std::string why = PQresultErrorMessage(r);
        PQclear(r);
        while ((r = PQgetResult(c)) != nullptr) PQclear(r);
        sqlite3_finalize(st);
        if (!ok) throw std::runtime_error("COPY " + table + ": " + why);
        if (table == "trainees" || table == "groups" || table == "attempts")
            pg_exec(c, "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT max(id) FROM " +
                           table + "))");
    }
    pg_exec(c, "COMMIT");
    pg_exec(c, "VACUUM ANALYZE");
    PQfinish(c);
    sqlite3_close(db);
}

// ---- measuring a child

struct Run {
    double seconds = 0;
    long peak_kib = 0;
    int status = 0;
};

// Runs `argv` with stdout to `out` (stderr to `out`.err); its wall time and peak resident memory.
Run run_child(const std::vector<std::string>& argv, const fs::path& out) {
    const auto t0 = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int efd = ::open((out.string() + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 1);
        ::dup2(efd, 2);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        std::_Exit(127);
    }
    int status = 0;
    struct rusage ru {};
    ::wait4(pid, &status, 0, &ru);
    Run r;
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.peak_kib = ru.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// The best of `runs` runs (wall time), with the largest peak memory seen; a run that fails ends
// the series with its exit status (an older program without an option, a store it refuses).
Run best_of(int runs, const std::vector<std::string>& argv, const fs::path& out) {
    Run best;
    for (int i = 0; i < runs; ++i) {
        const Run r = run_child(argv, out);
        if (r.status != 0) return r;
        if (i == 0 || r.seconds < best.seconds) best.seconds = r.seconds;
        best.peak_kib = std::max(best.peak_kib, r.peak_kib);
    }
    return best;
}

void print_row(const std::string& backend, const std::string& what, const Run& r, const Run& ref,
               const fs::path& out) {
    if (r.status != 0) {
        std::ifstream err(out.string() + ".err");
        std::string line;
        std::getline(err, line);
        std::printf("%-11s  %-26s  failed (exit %d): %s\n", backend.c_str(), what.c_str(), r.status,
                    line.c_str());
    } else {
        std::printf("%-11s  %-26s  %8.3f  %9.1f  %8.1fx  %8.1fx\n", backend.c_str(), what.c_str(), r.seconds,
                    static_cast<double>(r.peak_kib) / 1024.0, r.seconds / ref.seconds,
                    static_cast<double>(r.peak_kib) / static_cast<double>(ref.peak_kib));
    }
    std::fflush(stdout);
}

// FNV-1a of a file's bytes.
std::uint64_t checksum(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::uint64_t h = 14695981039346656037ULL;
    std::vector<char> buf(1 << 20);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
        for (std::streamsize i = 0; i < in.gcount(); ++i) {
            h ^= static_cast<unsigned char>(buf[static_cast<std::size_t>(i)]);
            h *= 1099511628211ULL;
        }
    }
    return h;
}

// Outputs too large to keep: output file name (without the backend) -> backend -> checksum.
std::map<std::string, std::map<std::string, std::uint64_t>> checksums;

struct Command {
    std::string name;
    std::vector<std::string> args;
    bool once = false;  ///< a minute or more: run once whatever --runs says
};

void measure_backend(const std::string& backend, const std::string& salesim, const std::string& self,
                     const std::vector<std::string>& store_args, const std::string& location,
                     const fs::path& out_dir, int runs, bool window, const std::string& only,
                     const std::string& skip) {
    const fs::path ref_out = out_dir / (backend + "-count.txt");
    const Run ref = best_of(runs, {self, "--count", location}, ref_out);
    if (ref.status != 0) throw std::runtime_error("the reference count failed on " + backend);
    print_row(backend, "reference: count decisions", ref, ref, ref_out);
    std::vector<Command> commands = {
        {"report", {"report"}},
        {"report --json", {"report", "--json"}},
        {"report --group (1 of 8)", {"report", "--group", "Myynti 3B"}},
        {"report --since (a term)", {"report", "--since", "2026-08-15"}},
        {"report --until (the year)", {"report", "--until", "2026-12-31"}},
        {"attempt list", {"attempt", "list"}},
        {"attempt list --limit 50", {"attempt", "list", "--limit", "50"}},
        {"export --format csv", {"export", "--format", "csv"}},
        {"export --format xapi", {"export", "--format", "xapi"}, true},
    };
    for (const Command& c : commands) {
        if (c.name.find(only) == std::string::npos) continue;
        if (!skip.empty() && c.name.find(skip) != std::string::npos) continue;
        std::vector<std::string> argv = {salesim};
        argv.insert(argv.end(), store_args.begin(), store_args.end());
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        std::string file = backend + "-" + c.name + ".out";
        std::replace(file.begin(), file.end(), ' ', '_');
        print_row(backend, c.name, best_of(c.once ? 1 : runs, argv, out_dir / file), ref, out_dir / file);
        if (c.once) {
            // Gigabytes at a school's size: kept as a checksum, for comparing the backends.
            checksums[file.substr(backend.size() + 1)][backend] = checksum(out_dir / file);
            fs::remove(out_dir / file);
        }
    }
    if (window && std::string("window").find(only) != std::string::npos) {
        // The Trainer view as it opens: the report on the first frame, the selected trainee's
        // progress on the next; the fifth frame is drawn complete and written as a picture. Its
        // reference is the same run of the window on an empty store (starting the window, drawing).
        // The Trainer view opens behind the trainer's passphrase: each run sets it on first use or
        // unlocks with it, as a trainer types it (the Argon2id hash is in both runs alike).
        const fs::path passphrase = out_dir / "trainer-passphrase.txt";
        std::ofstream(passphrase) << "bench-trainer-passphrase\n";
        const auto trainer_view = [&](const std::vector<std::string>& where, const std::string& name) {
            std::vector<std::string> argv = {salesim};
            argv.insert(argv.end(), where.begin(), where.end());
            argv.emplace_back("--trainer-passphrase-file");
            argv.push_back(passphrase.string());
            for (const char* a :
                 {"--view", "trainer", "--frames", "5", "--width", "1280", "--height", "800", "--screenshot"})
                argv.emplace_back(a);
            argv.push_back((out_dir / (backend + "-" + name + ".png")).string());
            return best_of(runs, argv, out_dir / (backend + "-" + name + ".out"));
        };
        const fs::path empty = out_dir / (backend + "-empty");
        fs::create_directories(empty);
        const Run bare = trainer_view({"--data-dir", empty.string()}, "window-empty");
        print_row(backend, "window, empty store", bare, ref, out_dir / (backend + "-window-empty.out"));
        const Run full = trainer_view(store_args, "window");
        print_row(backend, "window: Trainer, 5 frames", full, ref, out_dir / (backend + "-window.out"));
        if (full.status == 0 && bare.status == 0)
            std::printf("%-11s  %-26s  %+8.3f  %+9.1f  (the store's part of the window's run)\n",
                        backend.c_str(), "window: Trainer - empty", full.seconds - bare.seconds,
                        static_cast<double>(full.peak_kib - bare.peak_kib) / 1024.0);
    }
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
    return std::equal(std::istreambuf_iterator<char>(x), std::istreambuf_iterator<char>(),
                      std::istreambuf_iterator<char>(y), std::istreambuf_iterator<char>());
}

std::string exec_sql(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    PQclear(PQexec(c, sql.c_str()));
    PQfinish(c);
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    int attempts = 100000;
    int trainees = 200;
    int runs = 3;
    bool window = false;
    bool smoke = false;
    bool build_only = false;
    std::string backend = "both";
    std::string url;
    std::string keep;
    std::string only;
    std::string skip;
    std::string salesim = SALESIM_EXE;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        if (a == "--count") return count_decisions(next());
        if (a == "--attempts")
            attempts = std::stoi(next());
        else if (a == "--trainees")
            trainees = std::stoi(next());
        else if (a == "--backend")
            backend = next();
        else if (a == "--url")
            url = next();
        else if (a == "--salesim")
            salesim = next();
        else if (a == "--runs")
            runs = std::stoi(next());
        else if (a == "--keep")
            keep = next();
        else if (a == "--window")
            window = true;
        else if (a == "--smoke")
            smoke = true;
        else if (a == "--only")
            only = next();
        else if (a == "--skip")
            skip = next();
        else if (a == "--build-only")
            build_only = true;
        else {
            std::cerr << "bench_reports: unknown argument " << a << "\n";
            return 2;
        }
    }
    if (smoke) {
        attempts = std::min(attempts, 300);
        trainees = std::min(trainees, 20);
        runs = 1;
        if (backend == "both") backend = "sqlite";
    }
    const bool want_pg = backend == "both" || backend == "postgresql";
    const bool want_sqlite = backend == "both" || backend == "sqlite";
    const fs::path work =
        keep.empty() ? fs::temp_directory_path() / ("salesim-bench-reports-" + std::to_string(::getpid()))
                     : fs::path(keep);
    fs::create_directories(work);
    const std::string self = fs::canonical("/proc/self/exe").string();
    const std::string cluster = std::string("bash '") + SALESIM_SOURCE_DIR + "/tests/support/pg_cluster.sh' ";
    bool started = false;
    int rc = 0;
    try {
        std::mt19937_64 rng(20260105);
        const fs::path db = work / "data" / "results.db";
        if (!fs::exists(db)) {
            fs::create_directories(db.parent_path());
            const auto t0 = Clock::now();
            const std::vector<Template> plays = real_plays(smoke ? 2 : 8, rng);
            const double play_s = std::chrono::duration<double>(Clock::now() - t0).count();
            Built b;
            {
                SqliteStore store(db);
                b = build_store(store, attempts, trainees, plays, rng);
            }
            std::printf(
                "built: %lld attempts, %lld decisions, %d trainees from %zu real plays (%.1f s) in "
                "%.1f s (%.0f attempts/s); SQLite file %.0f MB\n",
                static_cast<long long>(b.attempts), static_cast<long long>(b.decisions), trainees,
                plays.size(), play_s, b.seconds, static_cast<double>(b.attempts) / b.seconds,
                static_cast<double>(fs::file_size(db)) / 1e6);
        } else {
            std::printf("using the store in %s\n", db.c_str());
        }
        if (build_only) {
            if (keep.empty()) fs::remove_all(work);
            return 0;
        }
        std::printf("%-11s  %-26s  %8s  %9s  %9s  %9s\n", "backend", "command", "wall s", "peak MiB",
                    "x time", "x memory");
        if (want_sqlite)
            measure_backend("sqlite", salesim, self, {"--data-dir", (work / "data").string()}, db.string(),
                            work, runs, window, only, skip);
        if (want_pg) {
            if (url.empty()) {
                if (std::system((cluster + "start '" + (work / "pg").string() + "' >/dev/null").c_str()) != 0)
                    throw std::runtime_error(
                        "cannot start a PostgreSQL server (scripts/setup.sh test installs it)");
                started = true;
                std::ifstream in(work / "pg" / "url");
                std::getline(in, url);
            }
            exec_sql(url, "DROP SCHEMA IF EXISTS bench_reports CASCADE; CREATE SCHEMA bench_reports");
            const std::string in_schema = url + (url.find('?') == std::string::npos ? "?" : "&") +
                                          "options=-csearch_path%3Dbench_reports";
            const auto t0 = Clock::now();
            { PgStore create(in_schema); }
            copy_to_pg(db, in_schema);
            std::printf("copied to PostgreSQL in %.1f s\n",
                        std::chrono::duration<double>(Clock::now() - t0).count());
            measure_backend("postgresql", salesim, self,
                            {"--data-dir", (work / "data").string(), "--store", in_schema}, in_schema, work,
                            runs, window, only, skip);
            if (want_sqlite) {
                for (const char* f : {"report.out", "report_--json.out", "attempt_list.out",
                                      "export_--format_csv.out", "export_--format_xapi.out"}) {
                    const fs::path a = work / ("sqlite-" + std::string(f));
                    const fs::path b = work / ("postgresql-" + std::string(f));
                    const auto& sums = checksums[f];
                    bool same = false;
                    if (fs::exists(a) && fs::exists(b))
                        same = same_file(a, b);
                    else if (sums.count("sqlite") != 0 && sums.count("postgresql") != 0)
                        same = sums.at("sqlite") == sums.at("postgresql");
                    else
                        continue;
                    std::printf("%s: %s on both backends\n", f, same ? "the same" : "DIFFERENT");
                    if (!same) rc = 1;
                }
            }
            if (keep.empty()) exec_sql(url, "DROP SCHEMA IF EXISTS bench_reports CASCADE");
        }
    } catch (const std::exception& e) {
        std::cerr << "bench_reports: " << e.what() << "\n";
        rc = 1;
    }
    if (started) std::system((cluster + "stop '" + (work / "pg").string() + "' >/dev/null").c_str());
    if (keep.empty()) fs::remove_all(work);
    return rc;
}
