// Fuzz target: a scenario parsed from arbitrary bytes against the shipped rule book must give a
// scenario or diagnostics; a scenario that loads must play to its end in a bounded number of steps.
#include "fuzz_common.hpp"

#include "salesim/loader.hpp"
#include "salesim/session.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace salesim;
    const Library& lib = fuzz::shipped_library();
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const ScenarioLoad r = load_scenario(bytes, "fuzz-scenario.yaml", lib.book);
    fuzz::check(r.scenario != nullptr || has_errors(r.diagnostics), "no scenario and no error");
    for (const Diagnostic& d : r.diagnostics) {
        fuzz::check(d.loc.line >= 0 && d.loc.column >= 0 && d.length >= 1, "diagnostic position");
        fuzz::check(!d.message.empty(), "diagnostic without a message");
        (void)format(d);
    }
    (void)to_json(r.diagnostics);
    if (!r.scenario) return 0;
    // Whatever a valid scenario says, a session over it ends: each decision is taken once.
    for (std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{size}}) {
        Session s(r.scenario, seed);
        int steps = 0;
        while (!s.finished()) {
            fuzz::check(!s.current().options.empty(), "a decision without options");
            s.choose(static_cast<std::size_t>(steps) % s.current().options.size());
            fuzz::check(++steps < 10000, "a session that does not end");
        }
        (void)s.score();
    }
    return 0;
}
