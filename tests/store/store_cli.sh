#!/usr/bin/env bash
# The results commands on a real PostgreSQL server (the ctest fixture "postgresql"), end to end:
# play and report with --store and SALESIM_STORE, `store copy` both ways and again (adds nothing),
# the same report from every copy, four writer processes with 200 trainees at once (every decision
# there exactly once, and the report agrees with a count in SQL), and no password in any message.
# Usage: store_cli.sh SALESIM URL_FILE WORK_DIR
set -euo pipefail
salesim=$1
base=$(cat "$2")
work=$3
rm -rf "$work"
mkdir -p "$work"
schema="cli_$$"
fail() { echo "FAIL: $*" >&2; exit 1; }
sql() { psql "$base" -qAt -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; $1"; }
sql "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
trap 'sql "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true' EXIT
url="$base?options=-csearch_path%3D$schema"
# Option 1 at every decision of SCENARIO with SEED, exactly as many as it has.
choices_for() {
  local long n
  long=$(printf '1,%.0s' $(seq 1 60))
  n=$("$salesim" play "$1" --seed "$2" --no-record --choices "${long%,}" 2>&1 >/dev/null |
    sed -n 's/.*the session ended after decision \([0-9]*\),.*/\1/p')
  [[ -n $n ]] || fail "cannot count the decisions of $1"
  local list
  list=$(printf '1,%.0s' $(seq 1 "$n"))
  echo "${list%,}"
}

echo "== play and report on PostgreSQL"
"$salesim" --store "$url" trainee add "Maija Virtanen" >/dev/null
"$salesim" --store "$url" group add "Myynti 2B" >/dev/null
"$salesim" --store "$url" group join "Myynti 2B" "Maija Virtanen" >/dev/null
"$salesim" --store "$url" play chairs-agency --trainee "Maija Virtanen" --choices "$(choices_for chairs-agency 4)" --seed 4 >/dev/null
SALESIM_STORE=$url "$salesim" play tutorial-first-sale --trainee "Pekka Ö" --choices "$(choices_for tutorial-first-sale 2)" --seed 2 >/dev/null
[[ $(sql "SELECT count(*) FROM $schema.attempts") == 2 ]] || fail "two attempts expected on the server"
SALESIM_STORE=$url "$salesim" report | grep -q "Trainee Pekka Ö" || fail "report through SALESIM_STORE"
"$salesim" --store "$url" report --json >"$work/pg.json"

echo "== doctor on the server"
"$salesim" --store "$url" doctor | grep -Eq "ok \(schema version [0-9]+; trainees: 2, attempts: 2\)" || fail "doctor"
set +e
"$salesim" --store "$url" doctor --restore >/dev/null 2>"$work/restore.txt"
rc=$?
set -e
[[ $rc == 2 ]] && grep -q "which its server backs up" "$work/restore.txt" || fail "doctor --restore on PostgreSQL: rc $rc"

echo "== store copy: PostgreSQL -> SQLite -> a second PostgreSQL schema, and again"
"$salesim" store copy --from "$url" --to "$work/copy.db" | tee "$work/copy1.txt"
grep -q "Copied: 2 trainees, 1 groups, 1 memberships, 2 attempts" "$work/copy1.txt" || fail "first copy"
"$salesim" store copy --from "$url" --to "sqlite:$work/copy.db" | tee "$work/copy2.txt"
grep -q "Copied: 0 trainees, 0 groups, 0 memberships, 0 attempts with 0 decisions" "$work/copy2.txt" || fail "second copy added something"
grep -q "Already there: 2 trainees, 1 groups, 2 attempts" "$work/copy2.txt" || fail "second copy"
"$salesim" --store "$work/copy.db" report --json >"$work/sqlite.json"
cmp "$work/pg.json" "$work/sqlite.json" || fail "the SQLite copy reports differently"
sql "DROP SCHEMA IF EXISTS ${schema}_b CASCADE; CREATE SCHEMA ${schema}_b"
url_b="$base?options=-csearch_path%3D${schema}_b"
"$salesim" store copy --from "$work/copy.db" --to "$url_b" >/dev/null
"$salesim" --store "$url_b" report --json >"$work/pg_b.json"
cmp "$work/pg.json" "$work/pg_b.json" || fail "the copy back reports differently"
[[ $(sql "SELECT count(*) FROM ${schema}_b.decisions") == $(sql "SELECT count(*) FROM $schema.decisions") ]] ||
  fail "decisions lost in copying"
sql "DROP SCHEMA ${schema}_b CASCADE"
set +e
"$salesim" store copy --from "$url" --to "$url" >/dev/null 2>"$work/same.txt"
rc=$?
set -e
[[ $rc == 2 ]] && grep -q "name the same store" "$work/same.txt" || fail "copying a store onto itself: rc $rc"

echo "== four writer processes, 200 trainees, at once"
shoes=$(choices_for running-shoes-store 7)
writer() {
  local w=$1
  for i in $(seq 1 50); do
    "$salesim" --store "$url" play running-shoes-store --trainee "W$w Trainee $i" --choices "$shoes" --seed 7 \
      >/dev/null 2>>"$work/writer$w.err" || echo "play failed: W$w Trainee $i" >>"$work/writer$w.err"
  done
}
for w in 1 2 3 4; do writer $w & done
wait
if cat "$work"/writer*.err | grep -q .; then
  grep -h . "$work"/writer*.err | sort | uniq -c | head -20 >&2
  fail "a writer reported an error"
fi
[[ $(sql "SELECT count(*) FROM $schema.trainees WHERE name LIKE 'W_ Trainee %'") == 200 ]] || fail "200 trainees expected"
[[ $(sql "SELECT count(*) FROM $schema.attempts a JOIN $schema.trainees t ON t.id = a.trainee_id WHERE t.name LIKE 'W_ Trainee %'") == 200 ]] ||
  fail "200 attempts expected"
dup=$(sql "SELECT count(*) FROM (SELECT attempt_id, idx FROM $schema.decisions GROUP BY 1, 2 HAVING count(*) > 1) d")
[[ $dup == 0 ]] || fail "$dup decisions stored twice"
gaps=$(sql "SELECT count(*) FROM (SELECT attempt_id FROM $schema.decisions GROUP BY 1 HAVING max(idx) + 1 <> count(*)) g")
[[ $gaps == 0 ]] || fail "$gaps attempts with a decision missing"
in_sql=$(sql "SELECT count(*) FROM $schema.attempts")
in_report=$("$salesim" --store "$url" report --json | python3 -c 'import json,sys; print(sum(t["summary"]["attempts"] for t in json.load(sys.stdin)["trainees"]))')
[[ $in_sql == "$in_report" ]] || fail "report counts $in_report attempts, SQL $in_sql"
echo "202 attempts: report and SQL agree ($in_sql)"

echo "== no password in any message"
set +e
"$salesim" --store "postgresql://teacher:Sal4sana@127.0.0.1:1/salesim?connect_timeout=5" report >"$work/pw.out" 2>&1
rc=$?
set -e
[[ $rc == 1 ]] || fail "an unreachable server: rc $rc"
grep -q "Sal4sana" "$work/pw.out" && fail "the password was printed"
grep -q "postgresql://teacher:\*\*\*@127.0.0.1:1/salesim" "$work/pw.out" || fail "the location is not named"
echo "ok"
