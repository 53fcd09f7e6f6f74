#!/usr/bin/env bash
# Installs what is missing, builds Salesim with warnings as errors and runs every test through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" test
# The schema tests' validator (pinned in tests/schema/package-lock.json), when node is there.
if command -v npm >/dev/null 2>&1 &&
  { [[ ! -d "$root/tests/schema/node_modules" ]] ||
    [[ "$root/tests/schema/package-lock.json" -nt "$root/tests/schema/node_modules" ]]; }; then
  npm ci --prefix "$root/tests/schema" --no-audit --no-fund && touch "$root/tests/schema/node_modules"
fi
# The board's browser test drives Debian's chromium with puppeteer-core (pinned in
# tests/classroom/board/package-lock.json; it downloads no browser).
if command -v npm >/dev/null 2>&1 &&
  { [[ ! -d "$root/tests/classroom/board/node_modules" ]] ||
    [[ "$root/tests/classroom/board/package-lock.json" -nt "$root/tests/classroom/board/node_modules" ]]; }; then
  npm ci --prefix "$root/tests/classroom/board" --no-audit --no-fund &&
    touch "$root/tests/classroom/board/node_modules"
fi
# The LRS test's Learning Locker statement service (pinned in tests/cli/lrs/xapi_service/
# package-lock.json; its optional native monitoring is not built).
if command -v npm >/dev/null 2>&1 &&
  { [[ ! -d "$root/tests/cli/lrs/xapi_service/node_modules" ]] ||
    [[ "$root/tests/cli/lrs/xapi_service/package-lock.json" -nt "$root/tests/cli/lrs/xapi_service/node_modules" ]]; }; then
  npm ci --prefix "$root/tests/cli/lrs/xapi_service" --ignore-scripts --no-audit --no-fund &&
    touch "$root/tests/cli/lrs/xapi_service/node_modules"
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSALESIM_WERROR=ON
cmake --build "$root/build" -j "$(nproc)"
ctest --test-dir "$root/build" --output-on-failure -j "$(nproc)"
