// Opening the results store a location names: a PostgreSQL database or a SQLite file.
#pragma once

#include "salesim/results/store.hpp"

#include <memory>
#include <string>

namespace salesim::results {

/// Opens the store at `location`: "postgresql://..." (or "postgres://...") for a PostgreSQL
/// database, "sqlite:PATH" or a plain path for a SQLite file. Throws StoreError.
std::unique_ptr<ResultsStore> open_store(const std::string& location, Access access = Access::ReadWrite);

/// The location as it may be shown: a PostgreSQL URL without its password, a file's path.
std::string display_location(const std::string& location);

}  // namespace salesim::results
