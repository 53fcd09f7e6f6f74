// `salesim play` as a trainee meets it: one attempt per play however the play is cut off (a kill,
// q at a terminal, a script that runs out), the offer to resume at a terminal, failed saves and
// hostile save files. Runs the built program, at a pseudo-terminal where a person would type.
#include "results_test_util.hpp"

#include <salesim/results/sqlite_store.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace salesim::results {
namespace {

namespace fs = std::filesystem;

// The tutorial's full play at seed 7 (as the golden transcript), typed one entry per line.
const std::vector<std::string> tutorial_seed7 = {"3", "3", "2", "3", "1", "2", "1", "h", "2",
                                                 "4", "3", "5", "4", "1", "1", "1", "2", "2"};
// Decisions in it (h is a hint, not a decision).
constexpr std::size_t tutorial_decisions = 17;
// Waiting for the program is bounded so that a hang fails the test instead of stalling the suite.
constexpr auto patience = std::chrono::seconds(120);

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

std::vector<std::string> command(const std::vector<std::string>& args, const fs::path& data) {
    std::vector<std::string> all{SALESIM_EXE};
    all.insert(all.end(), args.begin(), args.end());
    all.push_back("--data-dir");
    all.push_back(data.string());
    return all;
}

/// The program running at a pseudo-terminal: what a person at a terminal sees and types.
class Terminal {
public:
    Terminal(const std::vector<std::string>& args, const fs::path& dir) {
        std::vector<std::string> all = args;
        struct winsize ws {};
        ws.ws_col = 100;
        ws.ws_row = 40;
        m_pid = ::forkpty(&m_fd, nullptr, nullptr, &ws);
        if (m_pid == 0) {
            if (::chdir(dir.c_str()) != 0) ::_exit(126);
            std::vector<char*> argv = argv_of(all);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;
    ~Terminal() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_fd >= 0) ::close(m_fd);
    }

    bool started() const { return m_pid > 0; }
    /// Reads until `text` appears after what was already waited for; false at the end of the
    /// output or when the program takes too long.
    bool wait_for(const std::string& text) {
        const auto until = std::chrono::steady_clock::now() + patience;
        for (;;) {
            if (const auto at = m_out.find(text, m_seen); at != std::string::npos) {
                m_seen = at + text.size();
                return true;
            }
            if (!read_some(until)) return false;
        }
    }
    void type(const std::string& line) {
        const std::string bytes = line + "\n";
        ASSERT_EQ(::write(m_fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }
    /// Waits for the program to end; its exit status (-signal when killed).
    int finish() {
        const auto until = std::chrono::steady_clock::now() + patience;
        while (read_some(until)) {
        }
        return reap();
    }
    /// SIGKILL, as a power cut or a crash would.
    int kill() {
        ::kill(m_pid, SIGKILL);
        return reap();
    }
    const std::string& output() const { return m_out; }

private:
    bool read_some(std::chrono::steady_clock::time_point until) {
        while (std::chrono::steady_clock::now() < until) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 200) <= 0) continue;
            char buf[4096];
            const ssize_t n = ::read(m_fd, buf, sizeof buf);
            if (n <= 0) return false;  // EIO: the program has closed the terminal
            m_out.append(buf, static_cast<std::size_t>(n));
            return true;
        }
        return false;
    }
    int reap() {
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
        return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    }

    pid_t m_pid = -1;
    int m_fd = -1;
    std::string m_out;
    std::size_t m_seen = 0;
};

struct Ran {
    int code = -1;
    std::string out;
    std::string err;
};

/// Runs the program with `input` on a pipe (not a terminal), its output in files.
Ran run(const std::vector<std::string>& args, const fs::path& dir, const std::string& input = {}) {
    const fs::path in = dir / ".stdin", out = dir / ".stdout", err = dir / ".stderr";
    std::ofstream(in, std::ios::binary) << input;
    std::vector<std::string> all = args;
    const pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(dir.c_str()) != 0) ::_exit(126);
        const int i = ::open(in.c_str(), O_RDONLY);
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (i < 0 || o < 0 || e < 0) ::_exit(125);
        ::dup2(i, 0);
        ::dup2(o, 1);
        ::dup2(e, 2);
        ::alarm(120);  // a program that hangs is ended, and the test fails on its status
        std::vector<char*> argv = argv_of(all);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    Ran r;
    r.code = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
    r.out = slurp(out);
    r.err = slurp(err);
    fs::remove(in);
    fs::remove(out);
    fs::remove(err);
    return r;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class PlayResume : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = test::scratch(std::string("play-resume-") + info->name());
        data = dir / "data";
    }
    void TearDown() override { fs::remove_all(dir); }

    std::vector<std::string> play(std::vector<std::string> args) const { return command(args, data); }

    /// Every attempt in the data folder, each with its decision indexes.
    std::vector<std::pair<Attempt, std::vector<int>>> attempts() const {
        SqliteStore store(data / "results.db");
        std::vector<std::pair<Attempt, std::vector<int>>> out;
        for (const Attempt& a : store.attempts()) {
            std::vector<int> indexes;
            for (const DecisionRow& d : store.decisions(a.id)) indexes.push_back(d.index);
            out.emplace_back(a, indexes);
        }
        return out;
    }
    static std::vector<int> first(std::size_t n) {
        std::vector<int> v;
        for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<int>(i));
        return v;
    }

    fs::path dir;
    fs::path data;
};

// [SECTION] One attempt per play

TEST_F(PlayResume, AKilledPlayResumedFromItsSaveIsOneAttemptWithEveryDecisionOnce) {
    Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--save", "s.json", "--trainee", "Kim"}),
               dir);
    ASSERT_TRUE(t.started());
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
        t.type(tutorial_seed7[static_cast<std::size_t>(i)]);
    }
    // The fourth question is asked once the third decision is recorded and saved.
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    ASSERT_EQ(t.kill(), -SIGKILL);

    std::string rest;
    for (std::size_t i = 3; i < tutorial_seed7.size(); ++i) {
        if (tutorial_seed7[i] == "h") {
            rest += "h";
            continue;
        }
        rest += tutorial_seed7[i] + (i + 1 < tutorial_seed7.size() ? "," : "");
    }
    const Ran resumed = run(play({"play", "--resume", "s.json", "--choices", rest, "--trainee", "Kim"}), dir);
    ASSERT_EQ(resumed.code, 0) << resumed.err;

    const auto all = attempts();
    ASSERT_EQ(all.size(), 1u) << "the resumed play is the attempt the kill cut off";
    EXPECT_EQ(all[0].first.status, AttemptStatus::Finished);
    EXPECT_EQ(all[0].second, first(tutorial_decisions)) << "every decision once, in order";
    // The trainer's report counts one attempt, finished.
    const Ran report = run(command({"report", "--json"}, data), dir);
    ASSERT_EQ(report.code, 0) << report.err;
    EXPECT_TRUE(has(report.out, "\"attempts\": 1,\n")) << report.out;
    EXPECT_FALSE(has(report.out, "\"attempts\": 2,")) << report.out;
}

TEST_F(PlayResume, AKilledPlayIsOfferedAtTheTerminalAndGoesOnAsTheSameAttempt) {
    {
        Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
        for (int i = 0; i < 2; ++i) {
            ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
            t.type(tutorial_seed7[static_cast<std::size_t>(i)]);
        }
        ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
        ASSERT_EQ(t.kill(), -SIGKILL);
    }
    Terminal t(play({"play", "tutorial-first-sale", "--trainee", "Kim"}), dir);
    ASSERT_TRUE(t.wait_for("unfinished attempt at this scenario in guided mode, started ")) << t.output();
    ASSERT_TRUE(t.wait_for("; decisions made: 2.")) << t.output();
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("r");
    for (std::size_t i = 2; i < tutorial_seed7.size(); ++i) {
        ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
        t.type(tutorial_seed7[i]);
    }
    EXPECT_EQ(t.finish(), 0) << t.output();
    EXPECT_TRUE(has(t.output(), "Debrief")) << t.output();
    const auto all = attempts();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::Finished);
    EXPECT_EQ(all[0].second, first(tutorial_decisions));
    EXPECT_EQ(all[0].first.seed, 7u) << "the resumed attempt keeps its seed";
}

TEST_F(PlayResume, QuitAtATerminalAsksAndGivingUpAbandonsTheAttempt) {
    Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("3");
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("q");
    ASSERT_TRUE(t.wait_for("Quit? The attempt stays resumable (y/n, or a to give it up)")) << t.output();
    t.type("");  // Enter: back to the game
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("q");
    ASSERT_TRUE(t.wait_for("or a to give it up)")) << t.output();
    t.type("a");
    EXPECT_EQ(t.finish(), 0) << t.output();
    EXPECT_TRUE(has(t.output(), "The attempt is closed as abandoned.")) << t.output();
    const auto all = attempts();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::Abandoned);
    EXPECT_EQ(all[0].second, first(1));

    // Nothing is offered for it any more.
    Terminal again(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
    ASSERT_TRUE(again.wait_for("\n> ")) << again.output();
    EXPECT_FALSE(has(again.output(), "unfinished attempt")) << again.output();
}

TEST_F(PlayResume, KeptAtQuitThenStartingAgainClosesTheUnfinishedAttempt) {
    {
        Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
        ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
        t.type("3");
        ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
        t.type("q");
        ASSERT_TRUE(t.wait_for("or a to give it up)")) << t.output();
        t.type("y");
        EXPECT_EQ(t.finish(), 0) << t.output();
        EXPECT_TRUE(has(t.output(), "`salesim play tutorial-first-sale` at a terminal offers to resume it"))
            << t.output();
    }
    ASSERT_EQ(attempts().at(0).first.status, AttemptStatus::InProgress);
    Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
    ASSERT_TRUE(t.wait_for("decisions made: 1.")) << t.output();
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("maybe");
    ASSERT_TRUE(t.wait_for("'maybe' is not an answer.")) << t.output();
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("n");
    ASSERT_TRUE(t.wait_for("The unfinished attempt is closed as abandoned.")) << t.output();
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("3");
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.kill();
    const auto all = attempts();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::Abandoned);
    EXPECT_EQ(all[1].first.status, AttemptStatus::InProgress);
    EXPECT_EQ(all[1].second, first(1));
}

TEST_F(PlayResume, WithoutATerminalNothingIsAskedAndQuittingLeavesTheAttemptResumable) {
    const Ran a =
        run(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir, "3\nq\n");
    ASSERT_EQ(a.code, 0) << a.err;
    EXPECT_FALSE(has(a.out, "Quit?")) << a.out;
    EXPECT_TRUE(has(a.out, "The attempt stays open in your results")) << a.out;
    // A script's input is never taken for an answer to the offer.
    const Ran b = run(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir, "3\n");
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_FALSE(has(b.out + b.err, "unfinished attempt at this scenario")) << b.out;
    EXPECT_TRUE(has(b.out, "Session unfinished; decisions made: 1.")) << b.out;
    const auto all = attempts();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::InProgress);
    EXPECT_EQ(all[1].first.status, AttemptStatus::InProgress);
}

TEST_F(PlayResume, QuitAtATerminalAsksAndNoGoesBackToTheGame) {
    Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir);
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("q");
    ASSERT_TRUE(t.wait_for("Quit? The attempt stays resumable (y/n")) << t.output();
    t.type("maybe");
    ASSERT_TRUE(t.wait_for("'maybe' is not an answer: type y to quit")) << t.output();
    t.type("n");
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("3");  // the game goes on where it was
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("q");
    ASSERT_TRUE(t.wait_for("Quit?")) << t.output();
    t.type("y");
    EXPECT_EQ(t.finish(), 0) << t.output();
    EXPECT_TRUE(has(t.output(), "Session unfinished; decisions made: 1.")) << t.output();
    const auto all = attempts();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::InProgress);
    EXPECT_EQ(all[0].second, first(1));
}

TEST_F(PlayResume, QuitUnrecordedAtATerminalSaysNothingIsKept) {
    Terminal t(play({"play", "tutorial-first-sale", "--seed", "7", "--no-record"}), dir);
    ASSERT_TRUE(t.wait_for("\n> ")) << t.output();
    t.type("q");
    ASSERT_TRUE(t.wait_for("Quit? This attempt is neither recorded nor saved: s saves it first (y/n)"))
        << t.output();
    t.type("a");  // there is no attempt in the results to give up
    ASSERT_TRUE(t.wait_for("'a' is not an answer: type y to quit or n to go back to the game."))
        << t.output();
    t.type("y");
    EXPECT_EQ(t.finish(), 0) << t.output();
}

// [SECTION] Where a terminal play is saved and who it is recorded for

TEST_F(PlayResume, SaveWithoutSaveOptionGoesIntoTheDataFolderAndResumes) {
    const Ran a = run(play({"play", "tutorial-first-sale", "--seed", "7", "--no-record"}), dir, "3\ns\nq\n");
    ASSERT_EQ(a.code, 0) << a.err;
    const fs::path saved = data / "saves" / "tutorial-first-sale.save.json";
    EXPECT_TRUE(has(a.out, "Saved to " + saved.string() + ".")) << a.out;
    EXPECT_TRUE(has(a.out, "salesim play --resume " + saved.string())) << a.out;
    ASSERT_TRUE(fs::is_regular_file(saved)) << a.out;
    EXPECT_FALSE(fs::exists(dir / "tutorial-first-sale.save.json")) << "saved where the terminal was";
    // The quit saved the attempt again; it goes on from there.
    const Ran b = run(play({"play", "--resume", saved.string(), "--no-record", "--choices", "3"}), dir);
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_TRUE(has(b.out, "Resumed; decisions made so far: 1.")) << b.out;
}

TEST_F(PlayResume, RecordsUnderTheWindowsLastProfileUnlessTraineeIsGiven) {
    fs::create_directories(data);
    std::ofstream(data / "settings.json") << R"({"format": 1, "name": "Aino Ääninen", "lang": "fi"})";
    ASSERT_EQ(run(play({"play", "tutorial-first-sale", "--seed", "7"}), dir, "3\nq\n").code, 0);
    ASSERT_EQ(
        run(play({"play", "tutorial-first-sale", "--seed", "7", "--trainee", "Kim"}), dir, "3\nq\n").code, 0);
    SqliteStore store(data / "results.db");
    const auto aino = store.find_trainee("Aino Ääninen");
    const auto kim = store.find_trainee("Kim");
    ASSERT_TRUE(aino.has_value());
    ASSERT_TRUE(kim.has_value());
    const auto all = store.attempts();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].trainee_id, aino->id);
    EXPECT_EQ(all[1].trainee_id, kim->id);
    EXPECT_EQ(store.trainees().size(), 2u);  // no one under $USER
}

// [SECTION] Saves that fail, and save files that are not saves

TEST_F(PlayResume, AFailedSaveIsAnErrorOnStderrWithStatusOneAndNoTemporaryFile) {
    fs::create_directories(dir / "folder");
    for (const std::string target : {"no/such/folder/s.json", "folder"}) {
        const Ran r = run(
            play({"play", "tutorial-first-sale", "--choices", "3,3", "--save", target, "--no-record"}), dir);
        EXPECT_EQ(r.code, 1) << r.out << r.err;
        EXPECT_TRUE(has(r.err, "salesim: error: cannot save to " + target + ": ")) << r.err;
        EXPECT_TRUE(has(r.err, "\nhelp: ")) << r.err;
        EXPECT_FALSE(has(r.out, "cannot save")) << r.out;
        EXPECT_FALSE(has(r.out, "Saved to")) << r.out;
    }
    // Nothing is left behind: no temporary file beside the target or in the folder.
    std::vector<std::string> left;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        left.push_back(e.path().lexically_relative(dir));
    EXPECT_EQ(left, std::vector<std::string>{"folder"});
}

TEST_F(PlayResume, HostileSaveFilesAreRefusedWithoutReadingThemOrWhatTheyName) {
    const fs::path fifo = dir / "fifo.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const fs::path big = dir / "big.json";
    std::ofstream(big) << "{}";
    fs::resize_file(big, 300u * 1024u * 1024u);  // sparse: 300 MB on paper, nothing on disk
    std::ofstream(dir / "passwd.json")
        << R"({"format": 1, "scenario": "/etc/passwd", "hash": "x", "seed": 1, "choices": []})";
    const struct {
        std::string file;
        std::string says;
    } cases[] = {
        {"fifo.json", "fifo.json: is a named pipe (FIFO), not a save file"},
        {"/dev/zero", "/dev/zero: is a character device, not a save file"},
        {"big.json", "big.json: is 314572800 bytes, more than a save file can be (16 MiB)"},
        {"passwd.json", "passwd.json: the save file names its scenario by the path '/etc/passwd'"},
    };
    for (const auto& c : cases) {
        const Ran r = run(play({"play", "--resume", c.file, "--trainee", "Kim"}), dir);
        EXPECT_EQ(r.code, 1) << c.file << "\n" << r.out << r.err;
        EXPECT_TRUE(has(r.err, "salesim: error: " + c.says)) << r.err;
        EXPECT_TRUE(has(r.err, "\nhelp: ")) << r.err;
        EXPECT_FALSE(has(r.out + r.err, "root:")) << "the file a save names is never opened";
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    EXPECT_FALSE(fs::exists(data / "results.db")) << "nothing was recorded";
}

TEST_F(PlayResume, ASaveOfAnEarlierReleaseNamingALibraryFileByItsPathResumes) {
    const Ran part = run(play({"play", "tutorial-first-sale", "--seed", "7", "--choices", "3,3", "--save",
                               "s.json", "--trainee", "Kim"}),
                         dir);
    ASSERT_EQ(part.code, 0) << part.err;
    std::string text = slurp(dir / "s.json");
    const std::string id = "\"scenario\": \"tutorial-first-sale\"";
    ASSERT_TRUE(has(text, id)) << text;
    const std::string path = std::string(SALESIM_SOURCE_DIR) + "/scenarios/tutorial-first-sale.yaml";
    text.replace(text.find(id), id.size(), "\"scenario\": \"" + path + "\"");
    std::ofstream(dir / "s.json", std::ios::binary | std::ios::trunc) << text;

    const Ran r = run(play({"play", "--resume", "s.json", "--choices", "2,3,1,2,1,h2,4,3,5,4,1,1,1,2,2",
                            "--trainee", "Kim"}),
                      dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(has(r.out, "Debrief")) << r.out;
    const auto all = attempts();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].first.status, AttemptStatus::Finished);
    EXPECT_EQ(all[0].second, first(tutorial_decisions));
}

}  // namespace
}  // namespace salesim::results
