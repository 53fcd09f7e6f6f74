// The layers stay layers: what engine/, results/, app/ and the window's model may include.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = fs::path(SALESIM_SOURCE_DIR);

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool is_source(const fs::path& p) {
    const std::string ext = p.extension().string();
    return ext == ".cpp" || ext == ".hpp" || ext == ".h";
}

/// Every source file under `dir`, sorted so failures read the same on every run.
std::vector<fs::path> sources_under(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::exists(dir)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && is_source(entry.path())) out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Include {
    bool angled = false;  ///< <...> rather than "..."
    std::string target;
    int line = 0;
};

std::vector<Include> includes_of(const fs::path& p) {
    static const std::regex re(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
    std::vector<Include> out;
    std::istringstream in(read(p));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (std::regex_search(line, m, re)) out.push_back({m[1] == "<", m[2].str(), n});
    }
    return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

std::string where(const fs::path& p, const Include& inc) {
    return fs::relative(p, source_dir).string() + ":" + std::to_string(inc.line) + ": #include " +
           (inc.angled ? "<" + inc.target + ">" : "\"" + inc.target + "\"");
}

/// Headers of the window, the terminal front end and the libraries only they may use.
bool is_front_end(const Include& inc) {
    static const std::vector<std::string> prefixes = {"SDL",  "imgui",   "GL/", "backends/",
                                                      "CLI/", "window/", "cli/"};
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
        return starts_with(inc.target, p) || inc.target.find("/imgui") != std::string::npos;
    });
}

/// The display libraries: what the window's model must not see.
bool is_display(const Include& inc) {
    static const std::vector<std::string> prefixes = {"SDL", "imgui", "GL/", "backends/", "CLI/"};
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
        return starts_with(inc.target, p) || inc.target.find("/imgui") != std::string::npos;
    });
}

/// The C++ standard library's headers (C++20), with the C library's <cxxx> forms.
bool is_standard(const std::string& h) {
    static const std::set<std::string> std_headers = {"algorithm",
                                                      "any",
                                                      "array",
                                                      "atomic",
                                                      "barrier",
                                                      "bit",
                                                      "bitset",
                                                      "cassert",
                                                      "cctype",
                                                      "cerrno",
                                                      "cfenv",
                                                      "cfloat",
                                                      "charconv",
                                                      "chrono",
                                                      "cinttypes",
                                                      "climits",
                                                      "clocale",
                                                      "cmath",
                                                      "codecvt",
                                                      "compare",
                                                      "complex",
                                                      "concepts",
                                                      "condition_variable",
                                                      "coroutine",
                                                      "csetjmp",
                                                      "csignal",
                                                      "cstdarg",
                                                      "cstddef",
                                                      "cstdint",
                                                      "cstdio",
                                                      "cstdlib",
                                                      "cstring",
                                                      "ctime",
                                                      "cuchar",
                                                      "cwchar",
                                                      "cwctype",
                                                      "deque",
                                                      "exception",
                                                      "execution",
                                                      "filesystem",
                                                      "format",
                                                      "forward_list",
                                                      "fstream",
                                                      "functional",
                                                      "future",
                                                      "initializer_list",
                                                      "iomanip",
                                                      "ios",
                                                      "iosfwd",
                                                      "iostream",
                                                      "istream",
                                                      "iterator",
                                                      "latch",
                                                      "limits",
                                                      "list",
                                                      "locale",
                                                      "map",
                                                      "memory",
                                                      "memory_resource",
                                                      "mutex",
                                                      "new",
                                                      "numbers",
                                                      "numeric",
                                                      "optional",
                                                      "ostream",
                                                      "queue",
                                                      "random",
                                                      "ranges",
                                                      "ratio",
                                                      "regex",
                                                      "scoped_allocator",
                                                      "semaphore",
                                                      "set",
                                                      "shared_mutex",
                                                      "source_location",
                                                      "span",
                                                      "sstream",
                                                      "stack",
                                                      "stdexcept",
                                                      "stop_token",
                                                      "streambuf",
                                                      "string",
                                                      "string_view",
                                                      "syncstream",
                                                      "system_error",
                                                      "thread",
                                                      "tuple",
                                                      "type_traits",
                                                      "typeindex",
                                                      "typeinfo",
                                                      "unordered_map",
                                                      "unordered_set",
                                                      "utility",
                                                      "valarray",
                                                      "variant",
                                                      "vector",
                                                      "version"};
    return std_headers.count(h) > 0;
}

/// The sources of a CMake target, read from the add_library / target_sources calls in `cmake`
/// (${CMAKE_CURRENT_LIST_DIR} and ${CMAKE_CURRENT_SOURCE_DIR} resolved; simple globs expanded).
std::vector<fs::path> target_sources_in(const fs::path& cmake, const std::string& target) {
    const std::string text = read(cmake);
    const fs::path dir = cmake.parent_path();
    std::vector<fs::path> out;
    const std::regex call(R"((add_library|target_sources)\s*\(\s*)" + target + R"(\b([^)]*)\))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
        std::istringstream words((*it)[2].str());
        std::string w;
        while (words >> w) {
            for (const std::string var : {"${CMAKE_CURRENT_LIST_DIR}/", "${CMAKE_CURRENT_SOURCE_DIR}/"}) {
                if (starts_with(w, var)) w = w.substr(var.size());
            }
            const fs::path p = dir / w;
            if (p.filename().string().find('*') != std::string::npos) {
                const std::string ext = p.extension().string();
                for (const auto& entry : fs::directory_iterator(p.parent_path())) {
                    if (entry.path().extension() == ext) out.push_back(entry.path());
                }
            } else if (is_source(p)) {
                out.push_back(p);
            }
        }
    }
    return out;
}

}  // namespace

TEST(Layering, EngineIncludesNoWindowLibrary) {
    const fs::path engine = source_dir / "engine";
    const std::regex forbidden(
        R"((#\s*include\s*[<"](SDL|imgui|GL/|backends/))|find_package\(\s*(SDL2|OpenGL))", std::regex::icase);
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(engine)) {
        if (!entry.is_regular_file()) continue;
        const auto ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".hpp" && entry.path().filename() != "CMakeLists.txt") continue;
        EXPECT_FALSE(std::regex_search(read(entry.path()), forbidden))
            << entry.path() << " pulls in a window library";
        ++files;
    }
    EXPECT_GT(files, 10);
}

TEST(Layering, YamlCppStaysInsideTheLoader) {
    const fs::path include = source_dir / "engine" / "include";
    for (const auto& entry : fs::recursive_directory_iterator(include)) {
        if (!entry.is_regular_file()) continue;
        const std::string text = read(entry.path());
        EXPECT_EQ(text.find("yaml-cpp"), std::string::npos) << entry.path();
        EXPECT_EQ(text.find("nlohmann"), std::string::npos) << entry.path();
    }
}

// The engine includes the standard library and itself; yaml-cpp only in the loader, nlohmann/json
// only where it has always been (the session's save format, scores and diagnostics as JSON).
TEST(Layering, EngineIncludesOnlyTheStandardLibraryAndItself) {
    const fs::path engine = source_dir / "engine";
    const std::set<std::string> json_users = {"engine/src/session_save.cpp", "engine/src/score.cpp",
                                              "engine/src/diagnostic.cpp"};
    const auto files = sources_under(engine);
    ASSERT_GT(files.size(), 10u);
    for (const fs::path& p : files) {
        const std::string rel = fs::relative(p, source_dir).generic_string();
        const bool loader = rel == "engine/src/loader.cpp" || starts_with(rel, "engine/src/load/");
        for (const Include& inc : includes_of(p)) {
            if (!inc.angled) {
                // Its own headers, found beside the file or from the engine's include folders.
                const bool found = fs::exists(p.parent_path() / inc.target) ||
                                   fs::exists(engine / "include" / inc.target) ||
                                   fs::exists(engine / "src" / inc.target);
                EXPECT_TRUE(found) << where(p, inc) << ": not a file of the engine";
                EXPECT_FALSE(starts_with(inc.target, "salesim/results/") ||
                             starts_with(inc.target, "salesim/app/"))
                    << where(p, inc) << ": the engine is the bottom layer";
                continue;
            }
            if (is_standard(inc.target)) continue;
            if (starts_with(inc.target, "salesim/")) {
                EXPECT_FALSE(starts_with(inc.target, "salesim/results/") ||
                             starts_with(inc.target, "salesim/app/"))
                    << where(p, inc) << ": the engine is the bottom layer";
                continue;
            }
            if (starts_with(inc.target, "yaml-cpp/")) {
                EXPECT_TRUE(loader) << where(p, inc) << ": yaml-cpp stays inside the loader";
                continue;
            }
            if (starts_with(inc.target, "nlohmann/")) {
                EXPECT_TRUE(json_users.count(rel) > 0)
                    << where(p, inc) << ": nlohmann/json outside its files";
                continue;
            }
            ADD_FAILURE() << where(p, inc) << ": the engine uses only the standard library";
        }
    }
}

TEST(Layering, ResultsIncludeNothingOfTheFrontEnds) {
    const auto files = sources_under(source_dir / "results");
    ASSERT_GT(files.size(), 5u);
    for (const fs::path& p : files) {
        for (const Include& inc : includes_of(p)) {
            EXPECT_FALSE(is_front_end(inc)) << where(p, inc) << ": results/ is below the window and the CLI";
            EXPECT_FALSE(starts_with(inc.target, "salesim/app/"))
                << where(p, inc) << ": results/ is below app/";
        }
    }
}

TEST(Layering, AppIncludesNothingOfTheFrontEnds) {
    const fs::path app = source_dir / "app";
    const auto files = sources_under(app);
    ASSERT_FALSE(files.empty());
    for (const fs::path& p : files) {
        for (const Include& inc : includes_of(p)) {
            EXPECT_FALSE(is_front_end(inc))
                << where(p, inc) << ": app/ is shared by every front end and draws nothing";
        }
    }
    const std::regex linked(
        R"(find_package\s*\(\s*(SDL2|OpenGL|CLI11)|pkg_check_modules\s*\([^)]*imgui|CLI11::|SDL2::|OpenGL::)",
        std::regex::icase);
    for (const auto& entry : fs::recursive_directory_iterator(app)) {
        const std::string name = entry.path().filename().string();
        if (name != "CMakeLists.txt" && entry.path().extension() != ".cmake") continue;
        EXPECT_FALSE(std::regex_search(read(entry.path()), linked))
            << entry.path() << " links a front end's library";
    }
}

// The classroom sits between the results store and the front ends: it may use the engine, the
// results, app/ and its HTTP and QR libraries, never a front end's; and results/ and app/ never
// reach up into it.
TEST(Layering, ClassroomSitsBetweenResultsAndTheFrontEnds) {
    const fs::path classroom = source_dir / "classroom";
    const auto files = sources_under(classroom);
    ASSERT_GT(files.size(), 5u);
    for (const fs::path& p : files) {
        for (const Include& inc : includes_of(p)) {
            EXPECT_FALSE(is_front_end(inc))
                << where(p, inc) << ": classroom/ is below the window and the CLI";
            if (!inc.angled || is_standard(inc.target)) continue;
            const bool allowed = starts_with(inc.target, "salesim/") ||
                                 starts_with(inc.target, "nlohmann/") || inc.target == "httplib.h" ||
                                 inc.target == "qrencode.h" || starts_with(inc.target, "sys/") ||
                                 starts_with(inc.target, "arpa/") || starts_with(inc.target, "netinet/") ||
                                 inc.target == "ifaddrs.h";
            EXPECT_TRUE(allowed) << where(p, inc) << ": a library the classroom does not use";
        }
    }
    for (const char* lower : {"engine", "results", "app"})
        for (const fs::path& p : sources_under(source_dir / lower))
            for (const Include& inc : includes_of(p))
                EXPECT_FALSE(starts_with(inc.target, "salesim/classroom/"))
                    << where(p, inc) << ": " << lower << "/ is below the classroom";
    const std::regex linked(R"(find_package\s*\(\s*(SDL2|OpenGL|CLI11)|CLI11::|SDL2::|OpenGL::)",
                            std::regex::icase);
    EXPECT_FALSE(std::regex_search(read(classroom / "CMakeLists.txt"), linked))
        << "classroom/ links a front end's library";
}

// The window's model is what salesim_window_logic builds plus whatever lives in src/window/model/:
// those files, and every window header they include, see no ImGui, SDL, GL or CLI11.
TEST(Layering, WindowModelIncludesNoDisplayLibrary) {
    const fs::path window = source_dir / "src" / "window";
    std::set<fs::path> todo;
    for (const fs::path& p : sources_under(window / "model")) todo.insert(p);
    std::size_t listed = 0;
    for (const auto& entry : fs::recursive_directory_iterator(window)) {
        const std::string name = entry.path().filename().string();
        if (name != "CMakeLists.txt" && entry.path().extension() != ".cmake") continue;
        for (const fs::path& p : target_sources_in(entry.path(), "salesim_window_logic")) {
            EXPECT_TRUE(fs::exists(p)) << p << " is listed in salesim_window_logic but does not exist";
            EXPECT_EQ(p.parent_path().filename(), "model")
                << p << ": the window's display-free files live in src/window/model/";
            todo.insert(p);
            // A .cpp's own header is part of the model too.
            for (const char* ext : {".hpp", ".h"}) {
                fs::path h = p;
                h.replace_extension(ext);
                if (fs::exists(h)) todo.insert(h);
            }
            ++listed;
        }
        // The model library links no display library either.
        const std::string text = read(entry.path());
        const std::regex links(R"(target_link_libraries\s*\(\s*salesim_window_logic\b([^)]*)\))");
        for (auto it = std::sregex_iterator(text.begin(), text.end(), links); it != std::sregex_iterator();
             ++it) {
            const std::string libs = (*it)[1].str();
            for (const char* bad : {"SDL2", "IMGUI", "OpenGL", "CLI11"}) {
                EXPECT_EQ(libs.find(bad), std::string::npos)
                    << entry.path() << ": salesim_window_logic links " << bad;
            }
        }
    }
    EXPECT_GE(listed, 9u) << "salesim_window_logic's sources were not found in src/window's CMake files";

    // Follow the window's own headers the model includes: they are part of the model.
    std::set<fs::path> seen;
    while (!todo.empty()) {
        const fs::path p = fs::weakly_canonical(*todo.begin());
        todo.erase(todo.begin());
        if (!seen.insert(p).second || !fs::exists(p)) continue;
        for (const Include& inc : includes_of(p)) {
            EXPECT_FALSE(is_display(inc)) << where(p, inc) << ": the window's model draws nothing";
            if (inc.angled) continue;
            for (const fs::path& base : {p.parent_path(), source_dir / "src"}) {
                if (fs::exists(base / inc.target)) {
                    todo.insert(base / inc.target);
                    break;
                }
            }
        }
    }
    EXPECT_GE(seen.size(), 15u);
}
