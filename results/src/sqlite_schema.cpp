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
    // 3: class sessions of the live classroom, the attempts played in them and what happened in
    // them besides decisions (freezes, votes, reveals, releases).
    R"sql(
CREATE TABLE classes (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    scenario_id TEXT NOT NULL,
    seed TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('guided', 'practice', 'assessment')),
    pacing TEXT NOT NULL CHECK (pacing IN ('self', 'trainer')),
    admission TEXT NOT NULL CHECK (admission IN ('open', 'roster')),
    started TEXT NOT NULL,
    ended TEXT
);
CREATE TABLE class_attempts (
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    attempt_id INTEGER NOT NULL UNIQUE REFERENCES attempts(id) ON DELETE CASCADE,
    PRIMARY KEY (class_id, attempt_id)
);
CREATE TABLE class_events (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    point TEXT NOT NULL,
    trainee_id INTEGER REFERENCES trainees(id),
    choice INTEGER,
    value TEXT NOT NULL
);
CREATE INDEX class_events_by_class ON class_events (class_id, id);
)sql",
    // 4: what reports at a school's size read. Lists and exports read attempts in time order, a
    // page at a time; the report counts attempts, and reads each trainee's progress series, from
    // indexes that hold every column it reads (the progress index takes the place of
    // attempts_by_trainee), and reads scores, objection answers and first titles from sums kept as
    // they are written (sql_report.cpp), here made from what is already stored. The objection
    // decisions' own index serves reports by date.
    R"sql(
CREATE INDEX attempts_by_start ON attempts (started, id);
CREATE INDEX attempts_tally ON attempts (trainee_id, scenario_id, status, mode, started, passed, overall);
DROP INDEX attempts_by_trainee;
CREATE INDEX attempts_progress ON attempts (trainee_id, started, id, uuid, scenario_id, status, overall, passed,
                                            outcome, mode);
CREATE INDEX decisions_objections ON decisions (attempt_id, move, best_moves) WHERE kind = 'objection';
CREATE TABLE score_sums (
    trainee_id INTEGER NOT NULL,
    scenario_id TEXT NOT NULL,
    status TEXT NOT NULL,
    area TEXT NOT NULL,
    name TEXT NOT NULL,
    mode TEXT NOT NULL,
    total INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id, status, area, name, mode)
) WITHOUT ROWID;
INSERT INTO score_sums (trainee_id, scenario_id, status, area, name, mode, total, n)
SELECT a.trainee_id, a.scenario_id, a.status, s.area, s.name, a.mode, SUM(s.score), COUNT(*)
FROM scores s JOIN attempts a ON a.id = s.attempt_id
GROUP BY a.trainee_id, a.scenario_id, a.status, s.area, s.name, a.mode;
CREATE TABLE title_firsts (
    trainee_id INTEGER NOT NULL,
    scenario_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    title TEXT NOT NULL,
    started TEXT NOT NULL,
    attempt_id INTEGER NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id, mode)
) WITHOUT ROWID;
INSERT INTO title_firsts (trainee_id, scenario_id, mode, title, started, attempt_id)
SELECT trainee_id, scenario_id, mode, scenario_title, started, id FROM (
    SELECT trainee_id, scenario_id, mode, scenario_title, started, id,
           ROW_NUMBER() OVER (PARTITION BY trainee_id, scenario_id, mode ORDER BY started, id) AS n
    FROM attempts WHERE scenario_title <> '') firsts
WHERE n = 1;
CREATE TABLE method_counts (
    trainee_id INTEGER NOT NULL,
    move TEXT NOT NULL,
    best_moves TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (trainee_id, move, best_moves, scenario_id, mode)
) WITHOUT ROWID;
INSERT INTO method_counts (trainee_id, move, best_moves, scenario_id, mode, n)
SELECT a.trainee_id, d.move, d.best_moves, a.scenario_id, a.mode, COUNT(*)
FROM decisions d JOIN attempts a ON a.id = d.attempt_id
WHERE d.kind = 'objection' AND d.best_moves <> ''
GROUP BY a.trainee_id, d.move, d.best_moves, a.scenario_id, a.mode;
)sql",
    // 5: a report by date or by class adds up the attempts' own rows: the scores from an index that
    // holds every column it reads (not the table's rows, one page each), and the first titles
    // from one in the order they are looked for.
    R"sql(
CREATE INDEX scores_by_attempt ON scores (attempt_id, area, name, score);
CREATE INDEX attempts_titles ON attempts (trainee_id, scenario_id, started, id, scenario_title);
)sql",
    // 6: the scenarios a trainer assigns to a group, in the order assigned, named by scenario id as
    // attempts name them.
    R"sql(
CREATE TABLE group_scenarios (
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, scenario_id)
);
)sql",
};
const int migration_count = static_cast<int>(std::size(migrations));
static_assert(std::size(migrations) == schema_version, "one migration per schema version");

}  // namespace salesim::results
