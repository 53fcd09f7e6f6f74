// The result record of an attempt as JSON (`salesim play --json`, the window's saved result): the
// engine's record of the session with the mode it was played in.
#pragma once

#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <string>

namespace salesim::app {

/// salesim::result_json(session, lang) with "mode" after "lang" (ending in a newline, as it does).
std::string result_json(const Session& session, const std::string& lang, Mode mode);

}  // namespace salesim::app
