#!/usr/bin/env bash
# Runs board_test.mjs: the class board in Debian's headless chromium against a real class server.
# Usage: run.sh SALESIM WORK_DIR (the screenshots go to WORK_DIR). Exits 77, which ctest counts as
# skipped, when chromium is not installed.
set -euo pipefail
salesim=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)

chromium=${SALESIM_CHROMIUM:-$(command -v chromium || true)}
if [[ -z $chromium ]]; then
  echo "classroom_board_browser: skipped: chromium is not installed (scripts/setup.sh test installs it)"
  exit 77
fi
mkdir -p "$work"

# puppeteer-core exactly as the lock file says: the checkout's copy when scripts/test.sh has
# installed it and it is current, else one installed once into the build folder.
if [[ -f $here/node_modules/puppeteer-core/package.json && ! $here/package-lock.json -nt $here/node_modules ]]; then
  modules=$here/node_modules
else
  node_dir=$work/node
  if [[ ! -f $node_dir/node_modules/puppeteer-core/package.json ]] ||
    ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json"; then
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  modules=$node_dir/node_modules
fi

exec node "$here/board_test.mjs" --salesim "$salesim" --chromium "$chromium" --modules "$modules" --out "$work"
