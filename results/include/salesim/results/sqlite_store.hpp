// The embedded results store: one SQLite file, WAL journal, every commit synced to disk.
#pragma once

#include "salesim/results/store.hpp"

#include <filesystem>
#include <memory>
#include <string>

struct sqlite3;

namespace salesim::results {

/// The schema version this program writes (PRAGMA user_version).
inline constexpr int schema_version = 2;

class SqliteStore final : public ResultsStore {
public:
    /// Opens (creating the file and its folder when missing) and migrates to schema_version.
    /// Throws StoreError when the file is not a SQLite database, cannot be opened, or was written
    /// by a newer program (user_version > schema_version); such a file is left untouched.
    explicit SqliteStore(const std::filesystem::path& path);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// The result of PRAGMA integrity_check ("ok" when sound).
    std::string integrity_check() const;
    /// PRAGMA user_version of the open file.
    int user_version() const;

    void transaction(const std::function<void()>& body) override;

    Trainee add_trainee(Trainee t) override;
    std::optional<Trainee> find_trainee(const std::string& name) const override;
    std::optional<Trainee> find_trainee_by_uuid(const std::string& uuid) const override;
    std::optional<Trainee> find_trainee_by_external_id(const std::string& external_id) const override;
    std::optional<Trainee> trainee(std::int64_t id) const override;
    std::vector<Trainee> trainees() const override;
    void update_trainee_ids(std::int64_t id, const std::string& external_id,
                            const std::string& email) override;

    Group add_group(const std::string& name) override;
    std::optional<Group> find_group(const std::string& name) const override;
    std::vector<Group> groups() const override;
    bool join_group(std::int64_t group_id, std::int64_t trainee_id) override;
    bool leave_group(std::int64_t group_id, std::int64_t trainee_id) override;
    std::vector<Trainee> members(std::int64_t group_id) const override;
    std::vector<Group> groups_of(std::int64_t trainee_id) const override;
    void set_group_mode(std::int64_t group_id, std::optional<Mode> mode) override;

    std::int64_t add_attempt(const Attempt& a) override;
    void add_decision(std::int64_t attempt_id, const DecisionRow& d) override;
    void update_attempt(const Attempt& a) override;
    std::optional<Attempt> attempt(std::int64_t id) const override;
    std::optional<Attempt> find_attempt(const std::string& uuid) const override;
    std::vector<Attempt> attempts(const AttemptFilter& f = {}) const override;
    std::vector<DecisionRow> decisions(std::int64_t attempt_id) const override;

private:
    void migrate();
    void exec(const char* sql) const;
    std::vector<Trainee> query_trainees(const std::string& where, const std::string& arg) const;
    void load_scores(Attempt& a) const;
    std::vector<Group> query_groups(const std::string& sql, const std::optional<std::int64_t>& arg) const;

    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    int m_depth = 0;  ///< open savepoints
};

}  // namespace salesim::results
