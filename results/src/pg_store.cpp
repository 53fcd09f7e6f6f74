// The shared results store on PostgreSQL through libpq: every value a bound parameter, errors by
// SQLSTATE (a constraint, a lost race to run again, a role that may not write, a full disk, a
// server gone), a reconnect when the server comes back, and migrations under an advisory lock.
#include "salesim/results/pg_store.hpp"

#include "pg_schema.hpp"
#include "salesim/results/sqlite_store.hpp"

#include <libpq-fe.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace salesim::results {

namespace {

// A result that clears itself.
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// `sql` with its `?` placeholders numbered as PostgreSQL wants them ($1, $2, ...); quoted text and
// quoted names are left as they are.
std::string numbered(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int n = 0;
    char quote = 0;
    for (char c : sql) {
        if (quote != 0) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            out += '$' + std::to_string(++n);
        } else {
            out += c;
        }
    }
    return out;
}

// libpq's message on one line: its lines (and their tab indents) joined by spaces, no trailing space.
std::string trimmed(const std::string& s) {
    std::string out;
    for (char c : s) {
        const bool space = c == '\n' || c == '\t' || c == ' ';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

constexpr long migration_lock = 0x5a1e5111;  // pg_advisory_xact_lock key for migrations

}  // namespace

int pg_schema_version() {
    return pg_migration_count;
}

bool is_postgresql_url(std::string_view location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        const std::size_t end = std::min(out.find_first_of("/?", start), out.size());
        const std::size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // password=... among the parameters (URI query or key=value form)
    for (std::size_t pos = out.find("password="); pos != std::string::npos;
         pos = out.find("password=", pos + 1)) {
        const std::size_t value = pos + 9;
        const std::size_t end = std::min(out.find_first_of("& ", value), out.size());
        out.replace(value, end - value, "***");
    }
    return out;
}

// ---- the connection

class PgConnection final : public sql::Connection {
public:
    PgConnection(const std::string& url, std::string display) : m_url(url), m_display(std::move(display)) {
        try {
            connect();
        } catch (...) {
            PQfinish(m_conn);  // a constructor that throws runs no destructor
            throw;
        }
    }
    ~PgConnection() override { PQfinish(m_conn); }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    sql::Result run(const std::string& sql, const std::vector<sql::Value>& params) override {
        std::vector<std::string> text(params.size());
        const std::vector<const char*> values = param_values(params, text);
        ensure_connected();
        const std::string statement = numbered(sql);
        PgResult res(PQexecParams(m_conn, statement.c_str(), static_cast<int>(params.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0),
                     &PQclear);
        check(res.get());
        sql::Result out;
        const int rows = PQntuples(res.get());
        const int cols = PQnfields(res.get());
        out.rows.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r) {
            sql::Row row;
            row.cells.reserve(static_cast<std::size_t>(cols));
            for (int c = 0; c < cols; ++c) {
                if (PQgetisnull(res.get(), r, c))
                    row.cells.emplace_back(std::nullopt);
                else
                    row.cells.emplace_back(std::string(
                        PQgetvalue(res.get(), r, c), static_cast<std::size_t>(PQgetlength(res.get(), r, c))));
            }
            out.rows.push_back(std::move(row));
        }
        out.changes = std::strtoll(PQcmdTuples(res.get()), nullptr, 10);
        return out;
    }

    void each(const std::string& sql, const std::vector<sql::Value>& params,
              const std::function<void(const sql::Row&)>& row) override {
        std::vector<std::string> text(params.size());
        const std::vector<const char*> values = param_values(params, text);
        ensure_connected();
        const std::string statement = numbered(sql);
        // Single-row mode: libpq hands over one row at a time instead of the whole result.
        if (PQsendQueryParams(m_conn, statement.c_str(), static_cast<int>(params.size()), nullptr,
                              values.data(), nullptr, nullptr, 0) == 0 ||
            PQsetSingleRowMode(m_conn) == 0) {
            check(nullptr);
        }
        sql::Row r;
        std::optional<StoreError> failed;
        while (PGresult* raw = PQgetResult(m_conn)) {
            PgResult res(raw, &PQclear);
            if (PQresultStatus(raw) == PGRES_SINGLE_TUPLE) {
                if (failed) continue;
                const int cols = PQnfields(raw);
                r.cells.resize(static_cast<std::size_t>(cols));
                for (int c = 0; c < cols; ++c) {
                    auto& cell = r.cells[static_cast<std::size_t>(c)];
                    if (PQgetisnull(raw, 0, c))
                        cell.reset();
                    else
                        cell.emplace(PQgetvalue(raw, 0, c), static_cast<std::size_t>(PQgetlength(raw, 0, c)));
                }
                try {
                    row(r);
                } catch (const StoreError& e) {
                    failed.emplace(e);  // the rest is read and dropped, so the connection stays usable
                }
                continue;
            }
            try {
                check(raw);
            } catch (const StoreError& e) {
                if (!failed) failed.emplace(e);
            }
        }
        if (failed) throw *failed;
    }

    void exec(const std::string& sql) override {
        ensure_connected();
        PgResult res(PQexec(m_conn, sql.c_str()), &PQclear);
        check(res.get());
    }

    void begin() override { exec("BEGIN"); }

    /// The error for a problem of `kind`, worded for this database.
    StoreError error(StoreErrorKind kind, const std::string& detail) const {
        const std::string at = m_display + ": error: ";
        const std::string why = detail.empty() ? std::string() : " (" + trimmed(detail) + ")";
        switch (kind) {
            case StoreErrorKind::CannotWrite:
                return StoreError(at + "the database role may not change the results database" + why +
                                      "\nhelp: ask the database's administrator to grant this role the "
                                      "right to write, or use a role that has it",
                                  kind);
            case StoreErrorKind::DiskFull:
                return StoreError(at + "the database server's disk is full" + why +
                                      "; the change was not saved\nhelp: ask the database's "
                                      "administrator to free some space, then try again",
                                  kind);
            case StoreErrorKind::Unavailable:
                return StoreError(at + "cannot use the results database" + why +
                                      "\nhelp: check that the PostgreSQL server is running and that the "
                                      "address given with --store or SALESIM_STORE is right",
                                  kind);
            default:
                return StoreError(at + trimmed(detail), kind);
        }
    }

private:
    // The parameters as libpq takes them: text, or null for SQL NULL; `text` keeps integers' digits.
    static std::vector<const char*> param_values(const std::vector<sql::Value>& params,
                                                 std::vector<std::string>& text) {
        std::vector<const char*> values(params.size(), nullptr);
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
                text[i] = std::to_string(*n);
                values[i] = text[i].c_str();
            } else if (const auto* t = std::get_if<std::string>(&params[i])) {
                values[i] = t->c_str();
            }
        }
        return values;
    }

    void connect() {
        PQfinish(m_conn);
        m_conn = PQconnectdb(m_url.c_str());
        if (m_conn == nullptr) throw error(StoreErrorKind::Unavailable, "out of memory");
        if (PQstatus(m_conn) != CONNECTION_OK) {
            // A failed connection is still libpq's to free; the next statement tries again.
            const StoreError failed = error(StoreErrorKind::Unavailable, PQerrorMessage(m_conn));
            PQfinish(m_conn);
            m_conn = nullptr;
            throw failed;
        }
        PQsetClientEncoding(m_conn, "UTF8");
        PQsetNoticeProcessor(
            m_conn, [](void*, const char*) {}, nullptr);  // server notices are not for users
        PgResult res(PQexec(m_conn, "SET client_min_messages = warning"), &PQclear);
        check(res.get());
    }

    // A connection the server dropped (it was restarted, a cable was pulled) is made again when no
    // transaction was open on it; a transaction it was in is lost and fails as a whole.
    void ensure_connected() {
        if (PQstatus(m_conn) == CONNECTION_OK) return;
        if (m_in_transaction) {
            m_in_transaction = false;
            throw error(StoreErrorKind::Unavailable, "the connection to the server was lost");
        }
        connect();
        for (const std::string& s : m_session) exec(s);
    }

public:
    /// A setting (search_path, read-only) run again whenever the connection is made again.
    void keep_setting(const std::string& sql) {
        exec(sql);
        m_session.push_back(sql);
    }

private:
    void check(PGresult* res) {
        const ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        const bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
        const PGTransactionStatusType tx = PQtransactionStatus(m_conn);
        m_in_transaction = tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR || tx == PQTRANS_ACTIVE;
        if (ok) return;
        const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        const std::string code = state != nullptr ? state : "";
        const std::string detail = res != nullptr && *PQresultErrorMessage(res) != '\0'
                                       ? std::string(PQresultErrorMessage(res))
                                       : std::string(PQerrorMessage(m_conn));
        if (code.rfind("23", 0) == 0)
            throw sql::ConstraintViolation(m_display + ": error: " + trimmed(detail),
                                           StoreErrorKind::Refused);
        if (code == "40001" || code == "40P01")
            throw sql::TransactionConflict(m_display + ": error: " + trimmed(detail));
        if (code == "42501" || code == "25006") throw error(StoreErrorKind::CannotWrite, detail);
        if (code == "53100") throw error(StoreErrorKind::DiskFull, detail);
        throw error(StoreErrorKind::Unavailable, detail);
    }

    std::string m_url;
    std::string m_display;
    PGconn* m_conn = nullptr;
    bool m_in_transaction = false;
    std::vector<std::string> m_session;
};

// ---- the store

PgStore::PgStore(const std::string& url, Access access)
    : m_display(redact_url(url)), m_conn(std::make_unique<PgConnection>(url, m_display)) {
    set_connection(m_conn.get());
    const int version = stored_version();
    if (version > schema_version)
        throw StoreError(m_display + ": error: the results database has schema version " +
                             std::to_string(version) + ", but this program understands up to version " +
                             std::to_string(schema_version) +
                             "; it was written by a newer Salesim and has not been changed\n"
                             "help: update Salesim, or point --store at another database",
                         StoreErrorKind::TooNew);
    if (access == Access::ReadWrite) {
        migrate();
        return;
    }
    const StoreError refused = m_conn->error(StoreErrorKind::CannotWrite, "opened for reading only");
    if (version < schema_version) {
        // Nothing is created for reading: an empty or older database is read through temporary
        // tables brought to the current schema, which vanish with the connection.
        const sql::Result schema = m_conn->run("SELECT current_schema()", {});
        const std::string from = schema.rows.empty() ? std::string() : schema.rows.front().text(0);
        m_conn->keep_setting("SET search_path = pg_temp");
        for (int v = 0; v < version; ++v) m_conn->exec(pg_migrations[v]);
        for (int t = 0; t < pg_table_count && version > 0; ++t) {
            if (pg_tables[t].since > version) continue;
            const std::string table = pg_tables[t].name;
            m_conn->exec("INSERT INTO pg_temp." + table + " SELECT * FROM \"" + from + "\"." + table);
        }
        for (int v = version; v < schema_version; ++v) m_conn->exec(pg_migrations[v]);
    } else {
        m_conn->keep_setting("SET default_transaction_read_only = on");
    }
    set_read_only(refused);
}

PgStore::~PgStore() = default;

int PgStore::stored_version() const {
    const sql::Result has = m_conn->run("SELECT to_regclass('salesim_schema') IS NOT NULL", {});
    if (has.rows.empty() || has.rows.front().text(0) != "t") return 0;
    const sql::Result v = m_conn->run("SELECT max(version) FROM salesim_schema", {});
    return v.rows.empty() ? 0 : v.rows.front().integer(0);
}

void PgStore::migrate() {
    transaction([&] {
        // One program migrates; one that started at the same moment waits here and then finds
        // the work done.
        m_conn->run("SELECT pg_advisory_xact_lock(?)", {std::int64_t{migration_lock}});
        const int version = stored_version();
        if (version > schema_version)
            throw StoreError(m_display + ": error: the results database was upgraded to schema version " +
                                 std::to_string(version) + " by a newer Salesim meanwhile",
                             StoreErrorKind::TooNew);
        if (version == 0) {
            std::vector<sql::Value> names;
            std::string list;
            for (int t = 0; t < pg_table_count; ++t) {
                names.emplace_back(std::string(pg_tables[t].name));
                list += std::string(list.empty() ? "" : ", ") + "?";
            }
            const sql::Result other = m_conn->run(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_name IN (" +
                    list + ")",
                names);
            if (!other.rows.empty() && other.rows.front().int64(0) != 0)
                throw StoreError(m_display +
                                     ": error: the database holds tables of another program with the "
                                     "names Salesim uses, and no Salesim schema version\n"
                                     "help: give Salesim a database (or a schema) of its own",
                                 StoreErrorKind::NotResults);
            m_conn->exec("CREATE TABLE salesim_schema (version INTEGER NOT NULL)");
            m_conn->exec("INSERT INTO salesim_schema (version) VALUES (0)");
        }
        for (int v = version; v < schema_version; ++v) m_conn->exec(pg_migrations[v]);
        if (version != schema_version)
            m_conn->run("UPDATE salesim_schema SET version = ?", {std::int64_t{schema_version}});
    });
}

}  // namespace salesim::results
