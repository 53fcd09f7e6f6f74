// A scripted `salesim play`: the --choices (option numbers) and --moves (move, lead or step ids)
// lists, checked against the session before anything is played.
#pragma once

#include <salesim/loader.hpp>
#include <salesim/mode.hpp>
#include <salesim/session.hpp>

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::cli {

/// One entry of a scripted list, resolved to an option number, optionally after taking a hint.
struct ScriptedChoice {
    std::size_t number = 0;  ///< 1-based
    bool hint = false;
    std::string text;  ///< the entry as written ("h2", "h:benefit")
    std::string echo;  ///< what the transcript shows as typed after any hint ("2", "benefit")
};

/// Loads SCENARIO, a file path or an id of the shipped library, as `play` does. Prints why on
/// failure, sets `code` to the exit status and returns nullptr.
std::shared_ptr<const Scenario> resolve_scenario(const std::string& arg, std::string_view lang, int& code);
/// The shipped library (the scenarios folder with its rule book).
Library load_shipped_library();
/// The scenario of `lib` with id `arg`; never a file. Prints why not (an id with errors, the
/// nearest id, the ids there are), sets `code` and returns nullptr.
std::shared_ptr<const Scenario> find_in_library(const Library& lib, const std::string& arg,
                                                std::string_view lang, int& code);

/// The text of `key` under `cli.play_error.` in `lang`, with its values filled in.
std::string play_error(std::string_view lang, std::string_view key,
                       std::initializer_list<std::pair<std::string_view, std::string>> values = {});

/// Parses --choices ("3,h2,1"). Prints what is wrong and returns nullopt on a bad entry.
std::optional<std::vector<ScriptedChoice>> parse_choices(const std::string& list, std::string_view lang);

/// Plays `choices` on a copy of the session so a bad entry is reported (and nullopt returned)
/// before anything is printed.
/// In assessment mode a hint is refused.
bool check_choices(Session dry, const std::vector<ScriptedChoice>& choices, std::string_view lang,
                   Mode mode = Mode::Guided);

/// Resolves --moves ("lead-id,research_personality,h:benefit,prepare/demo") against a copy of the
/// session, decision by decision: an entry names an option by its move, a lead by its id, and may
/// say which decision it is meant for (`REF/ENTRY`, REF as in the record: a step or objection id,
/// "leads" or "close"). Prints what is wrong (an unknown, unavailable or ambiguous entry, a list
/// longer than the session) and returns nullopt.
std::optional<std::vector<ScriptedChoice>> resolve_moves(Session dry, const std::string& list,
                                                         std::string_view lang);

/// The --moves entry that picks option `index` of `d`: the lead's id for a lead, else its move.
const std::string& option_token(const Decision& d, std::size_t index);

}  // namespace salesim::cli
