// Hostile input: files built to crash, hang or exhaust the loader. Each must end in a diagnostic
// (with a position where the file has one) at bounded memory, and loading goes on afterwards.
#include "salesim/loader.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace salesim;

namespace {

const std::string source_dir = SALESIM_SOURCE_DIR;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    ASSERT_TRUE(out.good()) << p;
}

long max_rss_kib() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// How much the process's peak resident memory grew while `fn` ran, in MiB. The peak only grows, so
// this is an upper bound of what `fn` itself needed beyond what earlier tests already touched.
double peak_growth_mib(const std::function<void()>& fn) {
    const long before = max_rss_kib();
    fn();
    return static_cast<double>(max_rss_kib() - before) / 1024.0;
}

// Generous: a hostile file may cost some memory, never an unbounded amount.
constexpr double memory_bound_mib = 256.0;

std::string describe(const std::vector<Diagnostic>& ds) {
    std::string s;
    for (const Diagnostic& d : ds) s += format(d) + "\n";
    return s;
}

const Diagnostic* first_error(const std::vector<Diagnostic>& ds) {
    for (const Diagnostic& d : ds)
        if (d.severity == Severity::Error) return &d;
    return nullptr;
}

class Hostile : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/salesim-hostile-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        m_dir = tmpl;
        m_book = load_rulebook_file(source_dir + "/tests/fixtures/valid/rulebook.yaml").book;
        ASSERT_TRUE(m_book);
        m_valid = read_all(source_dir + "/tests/fixtures/valid/scenario.yaml");
        ASSERT_FALSE(m_valid.empty());
    }
    void TearDown() override {
        std::error_code ec;
        fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_dir, ec);
        // The program goes on: a valid file still loads after whatever came before.
        const ScenarioLoad again = load_scenario(m_valid, "valid.yaml", m_book);
        EXPECT_TRUE(again.scenario) << describe(again.diagnostics);
    }

    // Loads `bytes` as a scenario, expecting it refused: returns the first error, which must exist.
    Diagnostic refused(const std::string& bytes, double* growth = nullptr) {
        ScenarioLoad load;
        const double mib = peak_growth_mib([&] { load = load_scenario(bytes, "hostile.yaml", m_book); });
        if (growth != nullptr) *growth = mib;
        EXPECT_LT(mib, memory_bound_mib);
        EXPECT_FALSE(load.scenario);
        const Diagnostic* d = first_error(load.diagnostics);
        EXPECT_NE(d, nullptr) << "no error for a hostile file";
        if (d == nullptr) return {};
        EXPECT_FALSE(d->message.empty());
        EXPECT_FALSE(format(*d).empty());
        return *d;
    }

    fs::path file(const std::string& name, const std::string& bytes) {
        const fs::path p = m_dir / name;
        write_all(p, bytes);
        return p;
    }

    // Replaces the first `from` in the valid fixture.
    std::string valid_with(const std::string& from, const std::string& to) const {
        std::string s = m_valid;
        const auto at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) s.replace(at, from.size(), to);
        return s;
    }

    fs::path m_dir;
    std::shared_ptr<const RuleBook> m_book;
    std::string m_valid;
};

TEST_F(Hostile, HundredThousandNestedFlowSequences) {
    const std::string bytes = "format: 1\nid: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    const Diagnostic d = refused(bytes);
    EXPECT_EQ(d.loc.line, 2) << format(d);
    EXPECT_GT(d.loc.column, 0);
    EXPECT_NE(d.message.find("deep"), std::string::npos) << format(d);
}

TEST_F(Hostile, HundredThousandNestedFlowMaps) {
    std::string bytes = "format: 1\nid: ";
    for (int i = 0; i < 100000; ++i) bytes += "{a: ";
    bytes += "1" + std::string(100000, '}') + "\n";
    const Diagnostic d = refused(bytes);
    EXPECT_EQ(d.loc.line, 2) << format(d);
}

TEST_F(Hostile, UnclosedNestingOnly) {
    const Diagnostic d = refused(std::string(100000, '['));
    EXPECT_EQ(d.loc.line, 1) << format(d);
}

TEST_F(Hostile, DeepBlockIndentation) {
    std::string bytes = "format: 1\nid: x\npersona:\n";
    // 1,000 levels, 500 kB: under the size cap, so the depth limit must catch it.
    for (int i = 0; i < 1000; ++i) bytes += std::string(static_cast<std::size_t>(i + 1), ' ') + "k:\n";
    const Diagnostic d = refused(bytes);
    EXPECT_GT(d.loc.line, 0) << format(d);
}

TEST_F(Hostile, AliasBomb) {
    const std::string bytes = read_all(source_dir + "/tests/fixtures/invalid/alias_bomb.yaml");
    double mib = 0;
    const Diagnostic d = refused(bytes, &mib);
    EXPECT_EQ(d.loc.line, 2) << format(d);
    EXPECT_LT(mib, 64.0);
}

TEST_F(Hostile, AliasBombInsideAValidScenario) {
    const Diagnostic d =
        refused(valid_with("goals:\n", "x: &a [1,1,1,1,1,1,1,1]\ny: [*a,*a,*a,*a,*a,*a]\ngoals:\n"));
    EXPECT_GT(d.loc.line, 0) << format(d);
}

TEST_F(Hostile, HundredMegabyteFileRefusedBySizeBeforeReading) {
    const fs::path p = m_dir / "huge.yaml";
    {
        std::ofstream out(p, std::ios::binary);
        out << "format: 1\n";
    }
    // Sparse: the file says 100 MB without taking the disk space.
    ASSERT_EQ(truncate(p.c_str(), 100L << 20), 0);
    ScenarioLoad load;
    const double mib = peak_growth_mib([&] { load = load_scenario_file(p.string(), m_book); });
    // The cap is 1 MiB: reading the whole file would show up as 100 MB here.
    EXPECT_LT(mib, 16.0);
    ASSERT_FALSE(load.scenario);
    const Diagnostic* d = first_error(load.diagnostics);
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->loc, (SourceLoc{0, 0}));
    EXPECT_NE(d->message.find("too large"), std::string::npos) << format(*d);
}

TEST_F(Hostile, ReadFileCheckedStopsAtTheCap) {
    // Exactly at the cap is read; one byte more is refused.
    const fs::path at = file("at.yaml", std::string(4096, '#'));
    const fs::path over = file("over.yaml", std::string(4097, '#'));
    std::vector<Diagnostic> ds;
    EXPECT_TRUE(read_file_checked(at.string(), 4096, ds).has_value()) << describe(ds);
    EXPECT_FALSE(read_file_checked(over.string(), 4096, ds).has_value());
    ASSERT_EQ(ds.size(), 1u);
}

TEST_F(Hostile, NulByte) {
    std::string bytes = m_valid;
    bytes.insert(bytes.find("context:") + 3, 1, '\0');
    const Diagnostic d = refused(bytes);
    EXPECT_EQ(d.loc.line, 9) << format(d);
    EXPECT_EQ(d.loc.column, 4) << format(d);
}

TEST_F(Hostile, InvalidUtf8) {
    const Diagnostic d = refused(valid_with("Liisa Koskinen", "Liisa \xff\xfe Koskinen"));
    EXPECT_EQ(d.loc.line, 18) << format(d);
    EXPECT_GT(d.loc.column, 0);
}

TEST_F(Hostile, OverlongAndSurrogateUtf8) {
    refused(valid_with("Liisa Koskinen", "Liisa \xc0\xaf Koskinen"));
    refused(valid_with("Liisa Koskinen", "Liisa \xed\xa0\x80 Koskinen"));
    refused(valid_with("Liisa Koskinen", "Liisa \xe2\x82"));
}

TEST_F(Hostile, ByteOrderMarkIsAcceptedAndKeepsPositions) {
    const ScenarioLoad ok = load_scenario("\xef\xbb\xbf" + m_valid, "bom.yaml", m_book);
    EXPECT_TRUE(ok.scenario) << describe(ok.diagnostics);
    const std::string bad = valid_with("context: b2b", "context: b3b");
    const Diagnostic plain = refused(bad);
    const Diagnostic bom = refused("\xef\xbb\xbf" + bad);
    EXPECT_EQ(plain.loc, bom.loc) << format(bom);
    EXPECT_EQ(plain.loc, (SourceLoc{9, 10}));
}

TEST_F(Hostile, CrlfLineEndingsAreAcceptedAndKeepPositions) {
    auto crlf = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '\n') out += '\r';
            out += c;
        }
        return out;
    };
    const ScenarioLoad ok = load_scenario(crlf(m_valid), "crlf.yaml", m_book);
    EXPECT_TRUE(ok.scenario) << describe(ok.diagnostics);
    const Diagnostic d = refused(crlf(valid_with("context: b2b", "context: b3b")));
    EXPECT_EQ(d.loc, (SourceLoc{9, 10})) << format(d);
    EXPECT_EQ(d.source_line.find('\r'), std::string::npos);
}

TEST_F(Hostile, TabsForIndentation) {
    const Diagnostic d = refused(valid_with("  complex: true", "\tcomplex: true"));
    EXPECT_EQ(d.loc.line, 13) << format(d);
    EXPECT_GT(d.loc.column, 0);
}

TEST_F(Hostile, OneMegabyteLine) {
    // A 1,000,000-character id: a position, and a diagnostic that does not print the whole line.
    const std::string long_id(1000000, 'x');
    const Diagnostic d = refused(valid_with("id: tiny-chairs", "id: " + long_id + "_"));
    EXPECT_EQ(d.loc.line, 3) << d.message.substr(0, 200);
    EXPECT_LT(format(d).size(), 4096u) << "a diagnostic quoting a whole megabyte line";
}

TEST_F(Hostile, OneMegabyteLineOverTheCap) {
    const fs::path p =
        file("long-line.yaml", "format: 1\nid: \"" + std::string((1u << 20) + 10, 'y') + "\"\n");
    const ScenarioLoad load = load_scenario_file(p.string(), m_book);
    ASSERT_FALSE(load.scenario);
    ASSERT_NE(first_error(load.diagnostics), nullptr);
    EXPECT_NE(first_error(load.diagnostics)->message.find("too large"), std::string::npos);
}

TEST_F(Hostile, DuplicateKeys) {
    const Diagnostic d = refused(valid_with("difficulty: 2\n", "difficulty: 2\ndifficulty: 3\n"));
    EXPECT_EQ(d.loc.line, 11) << format(d);
    EXPECT_EQ(d.loc.column, 1);
}

TEST_F(Hostile, NumbersOutOfRange) {
    for (const char* n : {"99999999999999999999999", "-9223372036854775809", "1e999", "-0x8000000000000001",
                          "2147483648", "-1", "0", "6", "0.5", "0x", "1_000"}) {
        SCOPED_TRACE(n);
        const Diagnostic d = refused(valid_with("difficulty: 2", std::string("difficulty: ") + n));
        EXPECT_EQ(d.loc.line, 10) << format(d);
        EXPECT_EQ(d.loc.column, 13) << format(d);
    }
}

TEST_F(Hostile, NotANumberAndInfinity) {
    for (const char* n : {".nan", ".NaN", ".inf", "-.inf", "1e400"}) {
        SCOPED_TRACE(n);
        const Diagnostic d = refused(valid_with("ego: 0.3", std::string("ego: ") + n));
        EXPECT_EQ(d.loc.line, 21) << format(d);
    }
    for (const char* n : {".nan", "1e12", "-1e12"}) {
        SCOPED_TRACE(n);
        const Diagnostic d = refused(valid_with("trust: 35", std::string("trust: ") + n));
        EXPECT_EQ(d.loc.line, 22) << format(d);
    }
}

TEST_F(Hostile, EmptyFile) {
    for (const char* bytes : {"", "\n", "   \n\n", "\xef\xbb\xbf", "---\n", "...\n", "# only a comment\n"}) {
        SCOPED_TRACE(bytes);
        const Diagnostic d = refused(bytes);
        EXPECT_FALSE(d.message.empty());
    }
    const fs::path p = file("empty.yaml", "");
    const ScenarioLoad load = load_scenario_file(p.string(), m_book);
    EXPECT_FALSE(load.scenario);
    EXPECT_TRUE(has_errors(load.diagnostics));
}

TEST_F(Hostile, SeveralDocuments) {
    const Diagnostic d = refused(m_valid + "---\n" + m_valid);
    EXPECT_GT(d.loc.line, 0) << format(d);
}

TEST_F(Hostile, DirectoryWhereAFileBelongs) {
    fs::create_directory(m_dir / "folder.yaml");
    const ScenarioLoad load = load_scenario_file((m_dir / "folder.yaml").string(), m_book);
    EXPECT_FALSE(load.scenario);
    ASSERT_NE(first_error(load.diagnostics), nullptr);
    EXPECT_NE(first_error(load.diagnostics)->message.find("folder"), std::string::npos);

    // A library whose rule book is a folder.
    fs::create_directory(m_dir / "lib");
    fs::create_directory(m_dir / "lib" / "rulebook.yaml");
    const Library lib = load_library((m_dir / "lib").string());
    EXPECT_FALSE(lib.book);
    EXPECT_TRUE(has_errors(lib.diagnostics)) << describe(lib.diagnostics);
}

TEST_F(Hostile, UnreadableFile) {
    const fs::path p = file("locked.yaml", m_valid);
    ASSERT_EQ(chmod(p.c_str(), 0), 0);
    if (access(p.c_str(), R_OK) == 0)
        GTEST_SKIP() << "running as root: chmod 000 does not stop reading (the FIFO and dangling-link "
                        "tests cover files that cannot be read)";
    const ScenarioLoad load = load_scenario_file(p.string(), m_book);
    EXPECT_FALSE(load.scenario);
    ASSERT_NE(first_error(load.diagnostics), nullptr);
    EXPECT_NE(first_error(load.diagnostics)->message.find("cannot read"), std::string::npos);
}

TEST_F(Hostile, FifoIsRefusedWithoutBlocking) {
    // Opening a FIFO with no writer blocks forever; the loader must refuse it before opening.
    const fs::path p = m_dir / "pipe.yaml";
    ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
    const ScenarioLoad load = load_scenario_file(p.string(), m_book);
    EXPECT_FALSE(load.scenario);
    ASSERT_NE(first_error(load.diagnostics), nullptr);
    EXPECT_NE(first_error(load.diagnostics)->message.find("not a regular file"), std::string::npos)
        << describe(load.diagnostics);
}

TEST_F(Hostile, DeviceIsRefused) {
    const ScenarioLoad load = load_scenario_file("/dev/zero", m_book);
    EXPECT_FALSE(load.scenario);
    EXPECT_TRUE(has_errors(load.diagnostics));
}

TEST_F(Hostile, DanglingSymlink) {
    fs::create_symlink(m_dir / "nowhere.yaml", m_dir / "dangling.yaml");
    const ScenarioLoad load = load_scenario_file((m_dir / "dangling.yaml").string(), m_book);
    EXPECT_FALSE(load.scenario);
    ASSERT_NE(first_error(load.diagnostics), nullptr);
    EXPECT_NE(first_error(load.diagnostics)->message.find("no such file"), std::string::npos);
}

// A library folder with the fixture rule book and scenario, for the path tests.
class HostileLibrary : public Hostile {
protected:
    void SetUp() override {
        Hostile::SetUp();
        m_lib = m_dir / "lib";
        fs::create_directory(m_lib);
        fs::copy_file(source_dir + "/tests/fixtures/valid/rulebook.yaml", m_lib / "rulebook.yaml");
        write_all(m_lib / "scenario.yaml", m_valid);
        fs::create_directory(m_dir / "outside");
        write_all(m_dir / "outside" / "other.yaml", valid_with("id: tiny-chairs", "id: outside-chairs"));
    }
    fs::path m_lib;
};

TEST_F(HostileLibrary, SymlinkLeavingTheFolderIsRefused) {
    fs::create_symlink(m_dir / "outside" / "other.yaml", m_lib / "escape.yaml");
    fs::create_symlink("../outside/other.yaml", m_lib / "relative-escape.yaml");
    const Library lib = load_library(m_lib.string());
    ASSERT_TRUE(lib.book);
    ASSERT_EQ(lib.scenarios.size(), 1u) << describe(lib.diagnostics);
    EXPECT_EQ(lib.scenarios[0]->id, "tiny-chairs");
    EXPECT_EQ(lib.find("outside-chairs"), nullptr);
    int refusals = 0;
    for (const Diagnostic& d : lib.diagnostics) {
        if (d.message.find("outside the folder") == std::string::npos) continue;
        ++refusals;
        EXPECT_EQ(d.severity, Severity::Error);
        EXPECT_TRUE(d.path.ends_with("escape.yaml")) << d.path;
    }
    EXPECT_EQ(refusals, 2) << describe(lib.diagnostics);
}

TEST_F(HostileLibrary, RuleBookSymlinkLeavingTheFolderIsRefused) {
    fs::remove(m_lib / "rulebook.yaml");
    fs::copy_file(source_dir + "/tests/fixtures/valid/rulebook.yaml", m_dir / "outside" / "book.yaml");
    fs::create_symlink(m_dir / "outside" / "book.yaml", m_lib / "rulebook.yaml");
    const Library lib = load_library(m_lib.string());
    EXPECT_FALSE(lib.book);
    EXPECT_TRUE(lib.scenarios.empty());
    ASSERT_NE(first_error(lib.diagnostics), nullptr);
    EXPECT_NE(first_error(lib.diagnostics)->message.find("outside the folder"), std::string::npos)
        << describe(lib.diagnostics);
}

TEST_F(HostileLibrary, SymlinkInsideTheFolderIsFollowed) {
    fs::create_directory(m_lib / "drafts");
    write_all(m_lib / "drafts" / "draft.yaml", valid_with("id: tiny-chairs", "id: draft-chairs"));
    fs::create_symlink("drafts/draft.yaml", m_lib / "draft.yaml");
    const Library lib = load_library(m_lib.string());
    EXPECT_EQ(lib.scenarios.size(), 2u) << describe(lib.diagnostics);
    EXPECT_NE(lib.find("draft-chairs"), nullptr);
}

TEST_F(HostileLibrary, FolderReachedThroughDotDotOrAbsolutePath) {
    // `..` and absolute paths name the folder; they do not make its files "outside".
    const std::string dotdot = (m_lib / ".." / "lib").string();
    const Library a = load_library(dotdot);
    EXPECT_EQ(a.scenarios.size(), 1u) << describe(a.diagnostics);
    const Library b = load_library(fs::absolute(m_lib).string());
    EXPECT_EQ(b.scenarios.size(), 1u) << describe(b.diagnostics);
    // A symlinked library folder is fine as well: only the files' targets are checked.
    fs::create_directory_symlink(m_lib, m_dir / "lib-link");
    const Library c = load_library((m_dir / "lib-link").string());
    EXPECT_EQ(c.scenarios.size(), 1u) << describe(c.diagnostics);
}

TEST_F(HostileLibrary, FifoInTheLibraryDoesNotBlock) {
    ASSERT_EQ(mkfifo((m_lib / "pipe.yaml").c_str(), 0600), 0);
    const Library lib = load_library(m_lib.string());
    EXPECT_EQ(lib.scenarios.size(), 1u) << describe(lib.diagnostics);
}

#ifdef SALESIM_EXE
// The command line on the same files: `salesim validate` exits 1 with the diagnostics, never crashes.
struct CommandRun {
    int status = -1;
    std::string out;
};

CommandRun run_validate(const fs::path& target, const fs::path& out_file) {
    const std::string cmd = std::string("'") + SALESIM_EXE + "' validate '" + target.string() + "' >'" +
                            out_file.string() + "' 2>&1 </dev/null";
    CommandRun r;
    r.status = std::system(cmd.c_str());
    r.out = read_all(out_file);
    return r;
}

TEST_F(Hostile, ValidateCommandOnEveryHostileFile) {
    std::string nested = "format: 1\nid: " + std::string(100000, '[') + "\n";
    std::string nul = m_valid;
    nul.insert(nul.find("context:") + 3, 1, '\0');
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"nested.yaml", nested},
        {"bomb.yaml", read_all(source_dir + "/tests/fixtures/invalid/alias_bomb.yaml")},
        {"nul.yaml", nul},
        {"utf8.yaml", valid_with("Liisa Koskinen", "Liisa \xff Koskinen")},
        {"tabs.yaml", valid_with("  complex: true", "\tcomplex: true")},
        {"dup.yaml", valid_with("difficulty: 2\n", "difficulty: 2\ndifficulty: 3\n")},
        {"range.yaml", valid_with("difficulty: 2", "difficulty: 1e999")},
        {"nan.yaml", valid_with("ego: 0.3", "ego: .nan")},
        {"empty.yaml", ""},
        {"longline.yaml", valid_with("id: tiny-chairs", "id: " + std::string(1000000, 'x') + "_")},
    };
    for (const auto& [name, bytes] : cases) {
        SCOPED_TRACE(name);
        const fs::path p = file(name, bytes);
        const CommandRun r = run_validate(p, m_dir / "out.txt");
        ASSERT_TRUE(WIFEXITED(r.status)) << "killed by a signal: " << r.out.substr(0, 2000);
        EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out.substr(0, 2000);
        EXPECT_NE(r.out.find(name + ":"), std::string::npos) << r.out.substr(0, 2000);
        EXPECT_NE(r.out.find("error"), std::string::npos) << r.out.substr(0, 2000);
        EXPECT_LT(r.out.size(), 64u * 1024u) << "the output quotes too much of the file";
    }
    // Files that are no files (a folder is a library to `validate`, so it is not among them).
    const fs::path huge = m_dir / "huge.yaml";
    write_all(huge, "format: 1\n");
    ASSERT_EQ(truncate(huge.c_str(), 100L << 20), 0);
    ASSERT_EQ(mkfifo((m_dir / "fifo.yaml").c_str(), 0600), 0);
    fs::create_symlink(m_dir / "nowhere", m_dir / "dangling.yaml");
    for (const char* name : {"huge.yaml", "fifo.yaml", "dangling.yaml"}) {
        SCOPED_TRACE(name);
        const CommandRun r = run_validate(m_dir / name, m_dir / "out.txt");
        ASSERT_TRUE(WIFEXITED(r.status)) << r.out;
        EXPECT_EQ(WEXITSTATUS(r.status), 1) << r.out;
        EXPECT_NE(r.out.find("error"), std::string::npos) << r.out;
    }
}
#endif

}  // namespace
