// The shared results store on PostgreSQL (libpq): one database for a whole school, the same
// results model as the embedded SQLite store, versioned migrations in a transaction, and writers
// that retry when they lose to a concurrent one.
#pragma once

#include "salesim/results/sql_store.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace salesim::results {

/// The schema version the PostgreSQL tables are at (the same numbering as SQLite's user_version).
int pg_schema_version();

/// True for a location PostgreSQL understands: "postgresql://..." or "postgres://...".
bool is_postgresql_url(std::string_view location);

/// `url` with its password replaced by "***" (in the userinfo and in a `password=` parameter), for
/// every message and log line.
std::string redact_url(std::string_view url);

class PgConnection;

class PgStore final : public SqlStore {
public:
    /// Connects to `url` (a libpq connection URI; TLS as its `sslmode` asks). With ReadWrite the
    /// tables are created or migrated, in one transaction under an advisory lock so that two
    /// programs starting together migrate once. Throws StoreError: Unavailable when the server
    /// cannot be reached or refuses the login, TooNew when a newer Salesim migrated the database,
    /// NotResults when its tables are another program's, CannotWrite when the role may not write.
    explicit PgStore(const std::string& url, Access access = Access::ReadWrite);
    ~PgStore() override;
    PgStore(const PgStore&) = delete;
    PgStore& operator=(const PgStore&) = delete;

    /// The schema version stored in the database (0 when it has no Salesim tables yet).
    int stored_version() const;
    /// The location with its password hidden.
    const std::string& display_url() const { return m_display; }

private:
    void migrate();

    std::string m_display;
    std::unique_ptr<PgConnection> m_conn;
};

}  // namespace salesim::results
