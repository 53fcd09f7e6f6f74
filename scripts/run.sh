#!/usr/bin/env bash
# Installs what is missing, builds Salesim and runs it: `scripts/run.sh [salesim arguments]`.
# With no arguments it opens the window; `scripts/run.sh play tutorial-first-sale` plays in the terminal.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" run >&2
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" --target salesim >&2
exec "$root/build/src/salesim" "$@"
