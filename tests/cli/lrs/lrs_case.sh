#!/usr/bin/env bash
# One test of `salesim export --format xapi --to URL` against the test LRS (test_lrs.py) on
# 127.0.0.1. Usage: lrs_case.sh CASE SALESIM SAMPLE_EXPORT WORK_DIR
# The data folder is made by SAMPLE_EXPORT (tests/results/sample_export.cpp): 5 attempts.
set -euo pipefail
case_name=$1
salesim=$2
sample_export=$3
work=$4
here=$(cd "$(dirname "$0")" && pwd)
schema=$here/../../results/xapi/xapi-statements.schema.json

rm -rf "$work"
mkdir -p "$work"
data=$work/data
"$sample_export" "$data" >/dev/null
auth=$work/auth
printf 'trainer:s3cret pass\n' >"$auth"
chmod 600 "$auth"
total=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$data/export.xapi.json")

server_pid=
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

scheme=http
# start_server [test_lrs.py options]: starts the LRS and sets $url.
start_server() {
  python3 "$here/test_lrs.py" --port-file "$work/port" --schema "$schema" --user trainer \
    --password 's3cret pass' --lifetime 100 "$@" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do
    [[ -s $work/port ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the test LRS did not start"; }
    sleep 0.1
  done
  [[ -s $work/port ]] || fail "the test LRS did not start in 10 s"
  url="$scheme://127.0.0.1:$(cat "$work/port")/xapi"
}

fail() {
  echo "FAIL ($case_name): $*" >&2
  exit 1
}

stat_of() {
  python3 - "$work/port" "$1" "$scheme" "${ca:-}" <<'EOF'
import json, ssl, sys, urllib.request
port, key, scheme, ca = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=ca) if scheme == "https" else None
with urllib.request.urlopen(f"{scheme}://127.0.0.1:{open(port).read()}/test/stats", context=ctx, timeout=10) as r:
    print(json.load(r)[key])
EOF
}

# run EXPECTED_RC ARGS...: runs salesim on the data folder; its output is in $out.
run() {
  local expected=$1
  shift
  local rc=0
  out=$(timeout 60 "$salesim" --data-dir "$data" "$@" 2>&1) || rc=$?
  printf '%s\n' "$out"
  [[ $rc == "$expected" ]] || fail "exit $rc, expected $expected: salesim $*"
}

expect() {
  grep -qF -- "$1" <<<"$out" || fail "the output lacks: $1"
}

case $case_name in
  resend)
    start_server
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent $total statements to $url/statements (0 already there, 0 skipped as sent before)"
    [[ $(stat_of stored) == "$total" ]] || fail "the LRS holds $(stat_of stored) statements, not $total"
    posts=$(stat_of posts)
    [[ $posts == $(((total + 49) / 50)) ]] || fail "$posts POSTs for $total statements in batches of 50"
    [[ -f $data/lrs-sent.json ]] || fail "no record of what was sent"
    grep -qF "trainer" "$data/lrs-sent.json" && fail "the record holds the user name"
    # A second run sends nothing.
    run 0 export --format xapi --to "$url/statements" --auth-file "$auth"
    expect "Sent 0 statements to $url/statements (0 already there, $total skipped as sent before)"
    [[ $(stat_of requests) == "$posts" ]] || fail "the second run made requests"
    # New attempts: only their statements go.
    run 0 play tutorial-first-sale --choices 3,3,2,3,1,2,1,2,4,3,5,4,1,1,1,2,2 --trainee Carla
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    new=$(grep -oE '^Sent [0-9]+' <<<"$out" | grep -oE '[0-9]+')
    ((new > 0)) || fail "the new attempt's statements were not sent"
    expect "($((0)) already there, $total skipped as sent before)"
    [[ $(stat_of stored) == $((total + new)) ]] || fail "the LRS holds $(stat_of stored), not $((total + new))"
    ;;
  dry_run)
    start_server
    run 0 export --format xapi --to "$url" --auth-file "$auth" --dry-run
    expect "Would send $total statements to $url/statements (0 skipped as sent before); nothing was sent"
    [[ $(stat_of requests) == 0 ]] || fail "a dry run made requests"
    [[ ! -e $data/lrs-sent.json ]] || fail "a dry run wrote the record"
    run 0 --lang fi export --format xapi --to "$url" --auth-file "$auth" --dry-run
    expect "lähetettäisiin $total lausumaa"
    ;;
  retry)
    start_server --fail-first 2
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent $total statements"
    [[ $(stat_of failed) == 2 ]] || fail "the LRS did not fail twice"
    [[ $(stat_of stored) == "$total" ]] || fail "not everything was stored after the retries"
    ;;
  unavailable)
    start_server --fail-first 1000
    run 1 export --format xapi --to "$url" --auth-file "$auth"
    expect "answered HTTP 503 to 5 tries"
    expect "Sent 0 statements"
    [[ $(stat_of requests) == 5 ]] || fail "$(stat_of requests) tries, not 5"
    ;;
  unauthorized)
    start_server
    printf 'trainer:wrong\n' >"$auth"
    run 1 export --format xapi --to "$url" --auth-file "$auth"
    expect "refused the credentials (HTTP 401)"
    expect "check the user name and password in $auth"
    grep -qF "wrong" <<<"$out" && fail "the password was printed"
    run 1 export --format xapi --to "$url"
    expect "asks for credentials (HTTP 401)"
    [[ ! -e $data/lrs-sent.json ]] || fail "a refused run recorded statements as sent"
    ;;
  auth_file)
    chmod 644 "$auth"
    run 2 export --format xapi --to "http://127.0.0.1:9/xapi" --auth-file "$auth"
    expect "$auth: error: others may read this file, and it holds a password"
    expect "help: chmod 600 $auth"
    run 2 export --format xapi --to "http://127.0.0.1:9/xapi" --auth-file "$work"
    expect "$work: error: not a regular file"
    chmod 600 "$auth"
    printf 'no colon here\n' >"$auth"
    run 2 export --format xapi --to "http://127.0.0.1:9/xapi" --auth-file "$auth"
    expect "the first line is not user:password"
    run 2 export --format xapi --to "http://trainer:s3cret@127.0.0.1:9/xapi"
    expect "the address of http://127.0.0.1:9/xapi/statements holds a user name or password"
    grep -qF "s3cret" <<<"$out" && fail "the password was printed"
    run 2 export --format csv --to "http://127.0.0.1:9/xapi"
    expect "add --format xapi"
    run 2 export --format xapi --to "ftp://127.0.0.1/xapi"
    expect "is not an http:// or https:// address"
    ;;
  invalid)
    start_server
    # An account home page that is no URI breaks the schema: the LRS refuses the first statement.
    run 1 export --format xapi --to "$url" --auth-file "$auth" --home-page "not a uri"
    first=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$data/export.xapi.json")
    expect "refused statement $first (HTTP 400): statement $first is invalid at actor/account/homePage"
    [[ $(stat_of stored) == 0 ]] || fail "an invalid statement was stored"
    ;;
  conflict)
    first=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$data/export.xapi.json")
    start_server --seed-conflict "$first"
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent $((total - 1)) statements to $url/statements (1 already there, 0 skipped as sent before)"
    [[ $(stat_of puts) == 50 ]] || fail "the conflicting batch was not sent one by one ($(stat_of puts) PUTs)"
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent 0 statements to $url/statements (0 already there, $total skipped as sent before)"
    ;;
  https)
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
      -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
    scheme=https
    ca=$work/cert.pem
    start_server --cert "$work/cert.pem" --key "$work/key.pem"
    run 1 export --format xapi --to "$url" --auth-file "$auth"
    expect "the server's certificate is not trusted"
    [[ $(stat_of requests) == 0 ]] || fail "a request went through an untrusted connection"
    run 0 export --format xapi --to "$url" --auth-file "$auth" --ca-file "$work/cert.pem"
    expect "Sent $total statements to $url/statements"
    # The system's trust store, named by SSL_CERT_FILE, works too (the record is gone: all again).
    rm "$data/lrs-sent.json"
    SSL_CERT_FILE=$work/cert.pem run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent $total statements to $url/statements"
    ;;
  interrupted)
    # The send is stopped for good (SIGKILL) while the LRS holds its second batch unanswered; the
    # next run sends the rest: every statement once, none of the first batch again.
    ((total > 50)) || fail "the sample has $total statements, too few for two batches"
    start_server --stall-post 2
    timeout 60 "$salesim" --data-dir "$data" export --format xapi --to "$url" --auth-file "$auth" \
      >"$work/killed.out" 2>&1 &
    sender=$!
    for _ in $(seq 200); do
      [[ $(stat_of posts) -ge 2 ]] && break
      sleep 0.1
    done
    [[ $(stat_of posts) == 2 ]] || fail "the send did not reach its second batch"
    kill -KILL "$sender"
    wait "$sender" 2>/dev/null || true
    [[ $(stat_of stored) == 50 ]] || fail "the LRS holds $(stat_of stored) statements after the first batch"
    [[ $(wc -l <"$data/lrs-sent.json") == 2 ]] || fail "the record does not hold exactly the first batch"
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent $((total - 50)) statements to $url/statements (0 already there, 50 skipped as sent before)"
    [[ $(stat_of stored) == "$total" ]] || fail "the LRS holds $(stat_of stored) statements, not $total"
    [[ $(stat_of repeats) == 0 ]] || fail "$(stat_of repeats) statements were sent twice"
    run 0 export --format xapi --to "$url" --auth-file "$auth"
    expect "Sent 0 statements to $url/statements (0 already there, $total skipped as sent before)"
    ;;
  *)
    fail "no such case"
    ;;
esac
echo "PASS ($case_name)"
