// Fuzz target: an xAPI file read for `salesim import` into a fresh in-memory store. The import's
// contract is all or nothing with a StoreError saying where; any other exception is a bug. What it
// lets in is checked too: names within the name rule, no NUL in a text, scenario ids that are ids;
// and what it says stays a short readable message, however long or strange the input.
//
// Each input is also tried nested in brackets around the depth limit (60 to 67 levels), which
// byte mutations alone seldom build. The corpus holds a deeply nested file, a long name and names
// with control characters as seeds.
#include "salesim/results/exchange.hpp"
#include "salesim/results/json_limits.hpp"
#include "salesim/results/names.hpp"
#include "salesim/results/sqlite_store.hpp"
#include "salesim/scenario_id.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace salesim::results;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

// A message names the place and the problem in a line or two: it never echoes a long text from the
// file, nor a character that would act on the terminal.
void check_message(std::string_view what) {
    check(what.size() < 4096, "an import error is longer than 4096 bytes");
    for (char c : what)
        check(c == '\n' || static_cast<unsigned char>(c) >= 0x20,
              "an import error holds a control character");
}

bool clean_text(const std::string& s) {
    return s.find('\0') == std::string::npos;
}

// Whatever an import let in keeps to the rules a trainee or group entered by hand keeps to.
void check_store(const SqliteStore& store) {
    for (const Trainee& t : store.trainees()) {
        check(!name_problem(t.name), "an imported trainee's name breaks the name rule");
        check(t.external_id.empty() || !name_problem(t.external_id),
              "an imported external id breaks the rule");
        check(t.email.empty() || !name_problem(t.email), "an imported e-mail breaks the name rule");
    }
    for (const Group& g : store.groups())
        check(!name_problem(g.name), "an imported group's name breaks the rule");
    for (const Attempt& a : store.attempts()) {
        check(salesim::is_scenario_id(a.scenario_id), "an imported scenario id is not an id");
        check(clean_text(a.persona) && clean_text(a.content_hash) && clean_text(a.scenario_title),
              "an imported text holds a NUL");
        for (const DecisionRow& d : store.decisions(a.id))
            check(clean_text(d.move) && clean_text(d.ref) && clean_text(d.rule_id),
                  "an imported text holds a NUL");
    }
}

void import_once(std::string_view text) {
    SqliteStore store(":memory:");
    try {
        (void)import_xapi(store, text, "fuzz.json");
        check_store(store);
        // Importing the same file again must add nothing new.
        const ImportCounts again = import_xapi(store, text, "fuzz.json");
        check(again.attempts_added == 0 && again.trainees_added == 0 && again.decisions_added == 0,
              "a second import of the same file added rows");
    } catch (const StoreError& e) {
        check_message(e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    import_once(text);
    // The same bytes as the innermost value of a nest of objects and arrays around the limit.
    const std::size_t depth = max_json_depth - 4 + size % 8;
    std::string nested;
    for (std::size_t i = 0; i < depth; ++i) nested += i % 2 == 0 ? "[" : "{\"a\":";
    nested += text;
    for (std::size_t i = depth; i-- > 0;) nested += i % 2 == 0 ? "]" : "}";
    import_once(nested);
    return 0;
}
