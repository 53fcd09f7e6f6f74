// Helpers the results tests share: the shipped library, scratch folders and scripted play.
#pragma once

#include <salesim/loader.hpp>
#include <salesim/results/recorder.hpp>
#include <salesim/session.hpp>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace salesim::results::test {

inline const Library& library() {
    static const Library lib = [] {
        const std::string dir = std::string(SALESIM_SOURCE_DIR) + "/scenarios";
        Library l = load_library(dir, dir + "/rulebook.yaml");
        if (l.scenarios.empty()) throw std::runtime_error("no scenarios loaded from " + dir);
        return l;
    }();
    return lib;
}

inline std::shared_ptr<const Scenario> scenario(const std::string& id) {
    auto s = library().find_shared(id);
    if (s == nullptr) throw std::runtime_error("scenario " + id + " is not in the library");
    return s;
}

/// A fresh folder under the build tree, removed first if a former run left it.
inline std::filesystem::path scratch(const std::string& name) {
    const auto dir = std::filesystem::path(SALESIM_BINARY_DIR) / "results-test-scratch" /
                     (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// The option `pick` (mod the option count) at every decision: a deterministic path through.
inline std::size_t pick_option(const Session& s, std::size_t pick) {
    return pick % s.current().options.size();
}

/// Plays `id` with seed `seed` to the end, choosing option (decision index * step + offset), with
/// every decision recorded. Returns the attempt id.
inline AttemptId play_recorded(Recorder& rec, const std::string& trainee, const std::string& id,
                               std::uint64_t seed, std::size_t offset, std::size_t step = 0) {
    Session s(scenario(id), seed);
    const AttemptId a = rec.begin_attempt(trainee, s, "en");
    std::size_t i = 0;
    while (!s.finished()) {
        const DecisionRecord& r = s.choose(pick_option(s, offset + step * i++));
        rec.record_decision(a, s, r);
    }
    rec.finish_attempt(a, s);
    return a;
}

}  // namespace salesim::results::test
