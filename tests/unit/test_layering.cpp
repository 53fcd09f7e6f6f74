// The engine is a plain C++ library: no SDL, ImGui or OpenGL anywhere in it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;

TEST(Layering, EngineIncludesNoWindowLibrary) {
    const fs::path engine = fs::path(SALESIM_SOURCE_DIR) / "engine";
    const std::regex forbidden(
        R"((#\s*include\s*[<"](SDL|imgui|GL/|backends/))|find_package\(\s*(SDL2|OpenGL))", std::regex::icase);
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(engine)) {
        if (!entry.is_regular_file()) continue;
        const auto ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".hpp" && entry.path().filename() != "CMakeLists.txt") continue;
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        EXPECT_FALSE(std::regex_search(text, forbidden)) << entry.path() << " pulls in a window library";
        ++files;
    }
    EXPECT_GT(files, 10);
}

TEST(Layering, YamlCppStaysInsideTheLoader) {
    const fs::path include = fs::path(SALESIM_SOURCE_DIR) / "engine" / "include";
    for (const auto& entry : fs::recursive_directory_iterator(include)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path());
        std::stringstream ss;
        ss << in.rdbuf();
        EXPECT_EQ(ss.str().find("yaml-cpp"), std::string::npos) << entry.path();
        EXPECT_EQ(ss.str().find("nlohmann"), std::string::npos) << entry.path();
    }
}
