// Exit codes are compile-time constants; this keeps their values pinned where they are defined.
#include "salesim/app/exit_code.hpp"

namespace salesim::app {

static_assert(to_int(ExitCode::Ok) == 0 && to_int(ExitCode::Problems) == 1 && to_int(ExitCode::Misuse) == 2,
              "exit codes are documented in --help and README; never renumber them");

}  // namespace salesim::app
