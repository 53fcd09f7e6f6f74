// Shared helpers of the fuzz targets: the shipped rule book and scenarios, loaded once per process.
#pragma once

#include "salesim/loader.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace salesim::fuzz {

/// The shipped library; a fuzz run that cannot load it is misconfigured, so it stops at once.
inline const Library& shipped_library() {
    static const Library lib = [] {
        Library l = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
        if (!l.book || l.scenarios.empty()) {
            std::fprintf(stderr, "fuzz: cannot load the shipped library from %s/scenarios\n",
                         SALESIM_SOURCE_DIR);
            std::abort();
        }
        return l;
    }();
    return lib;
}

/// Fails loudly (a crash the fuzzer records) when an invariant does not hold.
inline void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace salesim::fuzz
