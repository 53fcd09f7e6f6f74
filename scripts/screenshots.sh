#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/images/*.png) with the program's own headless
# screenshot mode under Xvfb, from a throwaway data folder with a few results in it, so they are
# made rather than hand-edited. Usage: scripts/screenshots.sh [BUILD_DIR]   (default build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
exe=$build/src/salesim
[[ -x $exe ]] || { echo "screenshots: build the program first (scripts/test.sh or cmake --build build)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run is missing: scripts/setup.sh test installs it" >&2; exit 1; }
out=$root/docs/images
mkdir -p "$out"
data=$(mktemp -d /tmp/salesim-shots.XXXXXX)
trap 'rm -rf "$data" "$data-passphrase.txt"' EXIT
export SALESIM_DATA_DIR=$root

# A class's worth of results for the trainer's view.
"$exe" --data-dir "$data" group add "Myynti 2B" >/dev/null
for who in "Maija Virtanen:3,3,2,3,1,2,1,2,4,3,5,4,1,1,1,2,2" "Juho Korhonen:1,1,1,1,1,1,1,1,1,1,1,1,1,1,1" \
  "Aino Mäkinen:2,3,2,3,1,2,1,2,4,3,5,4,1,1,1,2,2"; do
  name=${who%%:*}
  "$exe" --data-dir "$data" trainee add "$name" >/dev/null
  "$exe" --data-dir "$data" group join "Myynti 2B" "$name" >/dev/null
  "$exe" --data-dir "$data" play tutorial-first-sale --trainee "$name" --choices "${who#*:}" >/dev/null 2>&1 || true
done

shot() {  # shot NAME ARGS...
  local name=$1
  shift
  xvfb-run -a -s "-screen 0 1280x800x24" "$exe" --data-dir "$data" --width 1280 --height 800 --frames 4 \
    --screenshot "$out/$name.png" "$@" >/dev/null
  echo "docs/images/$name.png"
}
# The analyzer's best path through the tutorial (option numbers for seed 1, as the window uses here).
best=$("$exe" analyze "$root/scenarios/tutorial-first-sale.yaml" --json |
  python3 -c 'import json, sys; print(",".join(map(str, json.load(sys.stdin)["scenarios"][0]["best"]["choices"])))')
# The library shows the progress of the profile the screenshots are taken as ("Test").
"$exe" --data-dir "$data" play tutorial-first-sale --trainee Test --choices "$best" >/dev/null 2>&1 || true
"$exe" --data-dir "$data" play bike-shop --trainee Test --choices 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1 \
  >/dev/null 2>&1 || true
shot library --view library
shot play --scenario tutorial-first-sale --seed 1 --choices "$(cut -d, -f1-6 <<<"$best")"
shot debrief --scenario tutorial-first-sale --seed 1 --choices "$best"
# The Trainer view is behind the trainer passphrase, set here the way IT would set it.
printf 'lemonade42\n' >"$data-passphrase.txt"
"$exe" --data-dir "$data" trainer passphrase set --stdin <"$data-passphrase.txt" >/dev/null
shot trainer --view trainer --trainer-passphrase-file "$data-passphrase.txt"
shot editor --edit "$root/docs/examples/bakery-oven.yaml" --editor-tab map
