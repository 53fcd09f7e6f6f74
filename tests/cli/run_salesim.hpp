// Runs the built `salesim` from a test: arguments, optional stdin text, and what it printed.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace salesim::test {

struct RunResult {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs SALESIM_EXE with `args` in `dir`, feeding `input` on stdin.
inline RunResult run_salesim(const std::vector<std::string>& args, const std::filesystem::path& dir,
                             const std::string& input = {}) {
    const std::filesystem::path in = dir / "stdin.txt";
    const std::filesystem::path out = dir / "stdout.txt";
    const std::filesystem::path err = dir / "stderr.txt";
    std::ofstream(in, std::ios::binary) << input;
    std::string cmd = "cd " + shell_quote(dir.string()) + " && " + shell_quote(SALESIM_EXE);
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    cmd += " <" + shell_quote(in.string()) + " >" + shell_quote(out.string()) + " 2>" +
           shell_quote(err.string());
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

}  // namespace salesim::test
