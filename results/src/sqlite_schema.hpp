// The results database's schema: the SQL that takes it from each version to the next.
#pragma once

#include <iterator>

namespace salesim::results {

/// migrations[i] takes the schema from version i to i + 1. Never edit a released entry: add one.
extern const char* const migrations[];
extern const int migration_count;

}  // namespace salesim::results
