// Opening the results store a location names.
#include "salesim/results/open_store.hpp"

#include "salesim/results/pg_store.hpp"
#include "salesim/results/sqlite_store.hpp"

namespace salesim::results {

namespace {

std::string sqlite_path(const std::string& location) {
    return location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
}

}  // namespace

std::unique_ptr<ResultsStore> open_store(const std::string& location, Access access) {
    if (is_postgresql_url(location)) return std::make_unique<PgStore>(location, access);
    return std::make_unique<SqliteStore>(sqlite_path(location), access);
}

std::string display_location(const std::string& location) {
    return is_postgresql_url(location) ? redact_url(location) : sqlite_path(location);
}

}  // namespace salesim::results
