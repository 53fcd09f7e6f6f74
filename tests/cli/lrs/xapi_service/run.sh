#!/usr/bin/env bash
# `salesim export --format xapi --to URL` against a real LRS: Learning Locker's xAPI statement
# service (the npm package xapi-statements, pinned in package-lock.json here), run on 127.0.0.1 with
# its statements in memory (MODELS_REPO=memory, no MongoDB or Redis). The shipped scenarios'
# statements (the sample data folder) are sent, sent again (nothing new), and read back with
# GET /statements: the same ids as the export file, each once.
# Usage: run.sh SALESIM SAMPLE_EXPORT WORK_DIR. Exits 77, which ctest counts as skipped, when
# node is not installed.
set -euo pipefail
salesim=$1
sample_export=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "cli_lrs_xapi_service: skipped: node is not installed (scripts/setup.sh test installs it)"
  exit 77
fi
fail() {
  echo "FAIL (cli_lrs_xapi_service): $*" >&2
  exit 1
}

rm -rf "$work/data" "$work/storage" "$work/logs"
mkdir -p "$work"

# The service exactly as the lock file says: the checkout's copy when scripts/test.sh has installed
# it and it is current, else one installed once into the build folder. Install scripts are not run:
# the service needs none (they build optional native monitoring).
if [[ -f $here/node_modules/xapi-statements/package.json && ! $here/package-lock.json -nt $here/node_modules ]]; then
  modules=$here/node_modules
else
  node_dir=$work/node
  if [[ ! -f $node_dir/node_modules/xapi-statements/package.json ]] ||
    ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json"; then
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
  modules=$node_dir/node_modules
fi

data=$work/data
"$sample_export" "$data" >/dev/null
auth=$work/auth
printf 'trainer:s3cret\n' >"$auth"
chmod 600 "$auth"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EXPRESS_PORT=$port MODELS_REPO=memory STORAGE_REPO=local AUTH_REPO=test EVENTS_REPO=test \
  FS_LOCAL_STORAGE_DIR=$work/storage EXPRESS_MORGAN_DIRECTORY=$work/logs WINSTON_CONSOLE_LEVEL=warn \
  node "$modules/xapi-statements/dist/index.js" >"$work/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true' EXIT
url=http://127.0.0.1:$port/xAPI
for _ in $(seq 150); do
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" \
    2>/dev/null && break
  kill -0 "$service" 2>/dev/null || { cat "$work/service.log"; fail "the service stopped"; }
  sleep 0.2
done

total=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$data/export.xapi.json")
out=$(timeout 120 "$salesim" --data-dir "$data" export --format xapi --to "$url" --auth-file "$auth" 2>&1) ||
  { printf '%s\n' "$out"; cat "$work/service.log"; fail "the send failed"; }
printf '%s\n' "$out"
grep -qF "Sent $total statements to $url/statements (0 already there, 0 skipped as sent before)" <<<"$out" ||
  fail "not every statement was sent"
out=$(timeout 120 "$salesim" --data-dir "$data" export --format xapi --to "$url" --auth-file "$auth" 2>&1) ||
  { printf '%s\n' "$out"; fail "the second send failed"; }
printf '%s\n' "$out"
grep -qF "Sent 0 statements to $url/statements (0 already there, $total skipped as sent before)" <<<"$out" ||
  fail "the second run sent statements again"

# Every statement the LRS holds, page by page, against the export file.
python3 - "$url" "$data/export.xapi.json" <<'PY'
import base64, json, sys, urllib.request
url, exported = sys.argv[1], json.load(open(sys.argv[2]))
base = url[: url.index("/xAPI")]
auth = "Basic " + base64.b64encode(b"trainer:s3cret").decode()
ids, page = [], url + "/statements?limit=100"
while page:
    req = urllib.request.Request(page, headers={"X-Experience-API-Version": "1.0.3", "Authorization": auth})
    with urllib.request.urlopen(req, timeout=30) as r:
        body = json.load(r)
    ids += [s["id"] for s in body["statements"]]
    page = base + body["more"] if body.get("more") else None
want = sorted(s["id"] for s in exported)
if sorted(ids) != want:
    sys.exit(f"FAIL (cli_lrs_xapi_service): the LRS holds {len(ids)} statements ({len(set(ids))} ids), "
             f"the export {len(want)}")
verbs = {s["verb"]["id"] for s in exported}
print(f"the LRS holds the {len(ids)} statements, each once ({len(verbs)} verbs)")
PY
echo "PASS (cli_lrs_xapi_service)"
