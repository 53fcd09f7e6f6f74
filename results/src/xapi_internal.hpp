// The parts of the xAPI export and import that more than one of their files needs: the IRIs
// Salesim writes, its timestamps, and a statement as the import reads it.
#pragma once

#include "salesim/results/exchange.hpp"
#include "salesim/results/store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::results::xapi_detail {

using json = nlohmann::ordered_json;

inline const std::string base(xapi_base);
inline const std::string ext_trainee = base + "ext/trainee";
inline const std::string ext_scenario = base + "ext/scenario";
inline const std::string ext_persona = base + "ext/persona";
inline const std::string ext_rulebook = base + "ext/rulebook-version";
inline const std::string ext_hash = base + "ext/content-hash";
inline const std::string ext_seed = base + "ext/seed";
inline const std::string ext_decision = base + "ext/decision";
inline const std::string ext_outcome = base + "ext/outcome";
inline const std::string ext_scores = base + "ext/scores";
inline const std::string ext_hints = base + "ext/hints";
inline const std::string ext_mode = base + "ext/mode";

inline const std::string verb_attempted = "http://adlnet.gov/expapi/verbs/attempted";
inline const std::string verb_answered = "http://adlnet.gov/expapi/verbs/answered";
inline const std::string verb_completed = "http://adlnet.gov/expapi/verbs/completed";
inline const std::string verb_passed = "http://adlnet.gov/expapi/verbs/passed";
inline const std::string verb_failed = "http://adlnet.gov/expapi/verbs/failed";
inline const std::string verb_abandoned = "https://w3id.org/xapi/adl/verbs/abandoned";

// Milliseconds since the epoch of our own timestamp form; -1 when it is not one.
long long epoch_ms(const std::string& ts);

// ---- a statement as the import reads it

inline const std::string default_help = "help: import reads files written by `salesim export --format xapi`";

enum class Verb { Attempted, Answered, Completed, Passed, Failed, Abandoned };

// What an "attempted" statement says: who played, in which groups, and the attempt's facts.
struct StartFacts {
    Trainee trainee;
    std::vector<std::string> groups;
    Attempt attempt;
};

// What a "completed" statement says: the attempt's final fields.
struct FinalFacts {
    int overall = 0;
    bool passed = false;
    std::string outcome;
    int hints = 0;
    std::map<std::string, int> stage_scores;
    std::map<std::string, int> competency_scores;
};

struct ParsedStatement {
    int number = 0;         ///< 1-based in the file
    std::size_t begin = 0;  ///< its bytes in the file, to compare two statements that share an id
    std::size_t size = 0;
    std::string id;
    Verb verb = Verb::Attempted;
    std::string registration;
    std::string timestamp;
    bool repeated = false;  ///< says again what an earlier statement of the file says
    std::unique_ptr<StartFacts> start;
    std::unique_ptr<DecisionRow> decision;
    std::unique_ptr<FinalFacts> final;
};

// At most `limit` characters of `s` for a message, with what cannot be seen written out the way
// the terminal front end shows it (app::display_line).
std::string shown(std::string_view s, std::size_t limit = 40);

// Throws the import's error about statement `s` of `source`.
[[noreturn]] void fail(const std::string& source, const ParsedStatement& s, const std::string& what,
                       const std::string& help = default_help);

// Reads one parsed statement into `s`'s typed facts; fails on anything that is not one of ours.
void read_statement(const std::string& source, const json& body, ParsedStatement& s);

// Throws StoreError naming the line and column of the first syntax error of `text`, if any.
void check_syntax(std::string_view text, const std::string& source);

struct Span {
    std::size_t begin = 0;
    std::size_t size = 0;
};

// The statements of valid JSON text: each element of the top-level array, or the top-level
// object alone. nullopt when the text is neither an array nor an object.
std::optional<std::vector<Span>> statement_spans(std::string_view text);

}  // namespace salesim::results::xapi_detail
