// The results tables on PostgreSQL: the SQL that takes them from each schema version to the next.
#pragma once

namespace salesim::results {

/// pg_migrations[i] takes the tables from version i to i + 1. Never edit a released entry: add one.
extern const char* const pg_migrations[];
extern const int pg_migration_count;
/// A table of the results database and the schema version that created it.
struct PgTable {
    const char* name;
    int since;
};
/// The tables a results database holds, in the order they can be created.
extern const PgTable pg_tables[];
extern const int pg_table_count;

}  // namespace salesim::results
