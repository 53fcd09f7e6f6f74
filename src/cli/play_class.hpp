// `salesim play --join ADDRESS --code CODE`: playing in a live class (docs/classroom.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace salesim::cli {

struct ClassJoinOptions {
    std::string address;
    std::string code;
    std::string trainee;
    std::string choices;  ///< --choices, as for a scripted play
    bool hint_keys = false;
    bool no_record = false;
    bool json = false;
};

/// Joins the class (or rejoins it as the same trainee), plays its scenario with every decision
/// sent to the classroom server, and shows the debrief. Returns the exit code.
int play_in_class(const ClassJoinOptions& o, const CLI::App& sub);

}  // namespace salesim::cli
