// The results database's schema, one migration per version.
#include "sqlite_schema.hpp"

#include "salesim/results/sqlite_store.hpp"

namespace salesim::results {

// Each entry takes the schema from version i to i + 1. Never edit a released entry: add one.
const char* const migrations[] = {
    R"sql(
CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    external_id TEXT UNIQUE,
    email TEXT,
    created TEXT NOT NULL
);
CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE memberships (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, trainee_id)
);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    scenario_id TEXT NOT NULL,
    scenario_title TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    rulebook_version TEXT NOT NULL,
    persona TEXT NOT NULL,
    seed TEXT NOT NULL,
    lang TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'finished', 'abandoned')),
    outcome TEXT NOT NULL,
    overall INTEGER NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    hints INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attempts_by_trainee ON attempts (trainee_id, started);
CREATE INDEX attempts_by_scenario ON attempts (scenario_id, started);
CREATE TABLE scores (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    area TEXT NOT NULL CHECK (area IN ('stage', 'competency')),
    name TEXT NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, area, name)
);
CREATE TABLE decisions (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    objection_kind TEXT NOT NULL,
    move TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    points INTEGER NOT NULL,
    hinted INTEGER NOT NULL,
    best_moves TEXT NOT NULL,
    chosen INTEGER NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (attempt_id, idx)
);
)sql",
    // 2: the mode each attempt was played in (earlier attempts were guided: today's game) and the
    // mode a group requires of its members (none: any).
    R"sql(
ALTER TABLE attempts ADD COLUMN mode TEXT NOT NULL DEFAULT 'guided'
    CHECK (mode IN ('guided', 'practice', 'assessment'));
ALTER TABLE groups ADD COLUMN mode TEXT CHECK (mode IS NULL OR mode IN ('guided', 'practice', 'assessment'));
CREATE INDEX attempts_by_mode ON attempts (mode, started);
)sql",
};
const int migration_count = static_cast<int>(std::size(migrations));
static_assert(std::size(migrations) == schema_version, "one migration per schema version");

}  // namespace salesim::results
