// Fuzz target: an xAPI file read for `salesim import` into a fresh in-memory store. The import's
// contract is all or nothing with a StoreError saying where; any other exception is a bug.
#include "salesim/results/exchange.hpp"
#include "salesim/results/sqlite_store.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace salesim::results;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    SqliteStore store(":memory:");
    try {
        (void)import_xapi(store, text, "fuzz.json");
        // Importing the same file again must add nothing new.
        const ImportCounts again = import_xapi(store, text, "fuzz.json");
        if (again.attempts_added != 0 || again.trainees_added != 0 || again.decisions_added != 0) {
            std::fprintf(stderr, "fuzz invariant broken: a second import of the same file added rows\n");
            std::abort();
        }
    } catch (const StoreError&) {
    }
    return 0;
}
