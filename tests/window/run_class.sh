#!/usr/bin/env bash
# The window in a live class, under xvfb-run: a class served by `salesim classroom serve` (trainer
# pacing, so the first decision is discussed), joined through the window's "Join a class" form
# typed with --keys; a vote cast with an option key. Then the Trainer view's "Run a class" form and
# the class it starts. Screenshots of each moment are kept in OUT_DIR and must not be blank.
# Usage: run_class.sh SALESIM PNG_CHECK OUT_DIR LANG      (exit 77: xvfb-run is not installed)
set -euo pipefail
salesim=$1 check=$2 out=$3 lang=$4
command -v xvfb-run >/dev/null || { echo "xvfb-run is not installed (package xvfb): skipping"; exit 77; }
data=$out/class_$lang-data
rm -rf "$data" && mkdir -p "$data" "$out"
rm -f "$out"/class_join_"$lang"*.png "$out"/class_run_"$lang"*.png

# Fails unless the report has every pattern (grep -E) given.
expect() {
    local what=$1 report=$2
    shift 2
    for p in "$@"; do
        if ! grep -Eq -- "$p" <<<"$report"; then
            printf '%s: the report does not match %s:\n%s\n' "$what" "$p" "$report" >&2
            exit 1
        fi
    done
}
# The report of check N (from "check N:" to the next check or "final:").
check_report() {
    awk -v n="$2" '$0 == "check " n ":" {on = 1; next} /^(check [0-9]+|final):$/ {on = 0} on' <<<"$1"
}
png() {
    "$check" "$1" 20 >/dev/null || { echo "$1: blank or missing" >&2; exit 1; }
}
window() {
    xvfb-run -a -s "-screen 0 1920x1200x24" "$salesim" --lang "$lang" --width 1280 --height 800 "$@"
}

# The class: its one line of JSON says where it is and its code.
"$salesim" --data-dir "$data/server" --lang "$lang" classroom serve --scenario tutorial-first-sale \
    --pacing trainer --bind 127.0.0.1 --port 0 --json >"$data/serve.out" 2>"$data/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    grep -q '"code"' "$data/serve.out" 2>/dev/null && break
    sleep 0.1
done
line=$(head -n 1 "$data/serve.out")
code=$(sed -n 's/.*"code":"\([^"]*\)".*/\1/p' <<<"$line")
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' <<<"$line")
[ -n "$code" ] && [ -n "$port" ] || { echo "the class did not start: $(cat "$data/serve.err")" >&2; exit 1; }

# Join: type the address, the code and the name into the form, join, vote with key 1.
report=$(window --data-dir "$data/window" --view join --screenshot "$out/class_join_$lang.png" \
    --keys "text:127.0.0.1:$port,Tab,text:$code,Tab,text:Maija,check,Return,check,1,check")
echo "$report"
expect "the form" "$(check_report "$report" 1)" "join form: open"
expect "joined" "$(check_report "$report" 2)" "screen: play" "class: vote" "scenario: tutorial-first-sale" "decisions: 0"
expect "voted" "$(check_report "$report" 3)" "screen: play" "class: waiting" "decisions: 0"
for i in 1 2 3; do png "$out/class_join_$lang-$i.png"; done

# A wrong code is said in the form, and the window goes on.
report=$(window --data-dir "$data/window2" --view join --screenshot "$out/class_join_wrong_$lang.png" \
    --keys "text:127.0.0.1:$port,Tab,text:AAAA-AAAA,Tab,text:Maija,Return,check")
echo "$report"
expect "wrong code" "$(check_report "$report" 1)" "join form: open" "join error: " "screen: (start|library)"
png "$out/class_join_wrong_$lang-1.png"

# Run a class from the Trainer view: the form, then the class with its address and code. The
# trainer's tools are opened with the passphrase, set on this first use.
printf 'lemonade42\n' >"$data/passphrase.txt"
report=$(window --data-dir "$data/trainer" --view run-class --screenshot "$out/class_run_$lang.png" \
    --trainer-passphrase-file "$data/passphrase.txt" --keys "check,Return,check")
echo "$report"
expect "the run form" "$(check_report "$report" 1)" "screen: trainer" "run form: open"
expect "running" "$(check_report "$report" 2)" "screen: trainer" "class running: [^ ]+:[0-9]+ code [A-Z0-9]{4}-[A-Z0-9]{4}"
for i in 1 2; do png "$out/class_run_$lang-$i.png"; done
echo "screenshots in $out"
