// The exit status of every salesim command, in one place.
#pragma once

namespace salesim::app {

/// What a command's exit status means; the same for every command.
enum class ExitCode : int {
    Ok = 0,        ///< done, nothing wrong
    Problems = 1,  ///< the command ran and found problems (invalid scenario, failed import, a
                   ///< results database that cannot be used, ...)
    Misuse = 2,    ///< the command line was wrong, or a file it names could not be used
};

/// The number a process returns for `code`.
constexpr int to_int(ExitCode code) {
    return static_cast<int>(code);
}

}  // namespace salesim::app
