// Fuzz target: a rule book parsed from arbitrary bytes must give a book or diagnostics, never crash.
#include "fuzz_common.hpp"

#include "salesim/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace salesim;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const RuleBookLoad r = load_rulebook(bytes, "fuzz-rulebook.yaml");
    fuzz::check(r.book != nullptr || has_errors(r.diagnostics), "no rule book and no error");
    for (const Diagnostic& d : r.diagnostics) {
        fuzz::check(d.loc.line >= 0 && d.loc.column >= 0 && d.length >= 1, "diagnostic position");
        fuzz::check(!d.message.empty(), "diagnostic without a message");
        (void)format(d);
    }
    (void)to_json(r.diagnostics);
    return 0;
}
