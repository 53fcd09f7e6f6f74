// What `salesim play --json` prints: the result record, with what a script needs to drive the
// session on (the decision at hand, the objections open before each decision).
#pragma once

#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <string>

namespace salesim::cli {

/// The engine's result record (result_json) in `lang`, every field as it is there, plus:
/// `open_objections` ([{id, blocking}]) on each decision record, the objections open when it was
/// offered; and, only while the session is unfinished, `decision` after `decisions`: the decision
/// at hand {index, stage, kind, ref, prompt, options: [{index, move, ref (leads only), label, say}],
/// open_objections}.
std::string play_json(const Session& session, const std::string& lang, Mode mode);

}  // namespace salesim::cli
