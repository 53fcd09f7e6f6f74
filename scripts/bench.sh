#!/usr/bin/env bash
# Builds the benchmarks in Release and prints one table of Salesim's figures, each row a ratio
# against a reference measured in the same run: the engine against a bare YAML::Load, the analyzer
# against bare stepping, the window against Dear ImGui's stock SDL2 + OpenGL3 example under the
# same Xvfb, the live classroom against a bare cpp-httplib handler.
# Usage: scripts/bench.sh [--quick] [--only engine|analyzer|store|classroom|window|reports]
#   --quick: shorter runs, rougher figures; --only: that part of the table alone
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
quick=0
only=""
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --only)
      only=${2:-}
      shift
      [[ $only =~ ^(engine|analyzer|store|classroom|window|reports)$ ]] || {
        echo "scripts/bench.sh: --only takes engine, analyzer, store, classroom, window or reports, not '$only'" >&2
        exit 2
      }
      ;;
    *)
      echo "scripts/bench.sh: unknown argument '$1' (see the usage at the top of this file)" >&2
      exit 2
      ;;
  esac
  shift
done
want() { [[ -z $only || $only == "$1" ]]; }
idle_seconds=10
((quick)) && idle_seconds=3

"$root/scripts/setup.sh" test
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSALESIM_BUILD_BENCH=ON \
  -DSALESIM_BUILD_TESTS=ON -DSALESIM_WINDOW=ON >/dev/null
targets=(salesim bench_engine)
have_store=0
if ninja -C "$build" -t targets all | grep -q '^bench_store:'; then
  targets+=(bench_store)
  have_store=1
fi
have_reports=0
if ninja -C "$build" -t targets all | grep -q '^bench_reports:'; then
  targets+=(bench_reports)
  have_reports=1
fi
have_analyzer=0
if [[ -f $root/tests/bench/bench_analyzer.cpp ]] && ninja -C "$build" -t targets all | grep -q '^bench_analyzer:'; then
  targets+=(bench_analyzer bench_analyzer_scale)
  have_analyzer=1
fi
have_classroom=0
if ninja -C "$build" -t targets all | grep -q '^classroom_load:'; then
  targets+=(classroom_load)
  have_classroom=1
fi
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >/dev/null

work=$(mktemp -d /tmp/salesim-bench.XXXXXX)
xvfb_pid=""
cleanup() {
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

rows=()
# row FIGURE VALUE REFERENCE RATIO
row() { rows+=("$1|$2|$3|$4"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

# --- Engine: bench_engine prints its own table; take its figures.
if want engine; then
min_time=0.5
((quick)) && min_time=0.05
"$build/tests/bench_engine" --benchmark_min_time=$min_time >"$work/engine.txt" 2>&1
field() { grep -F "$1" "$work/engine.txt" | tail -1 | sed -E 's/^.{44} *//' | awk '{print $1}'; }
yaml_us=$(field "bare YAML::Load (reference)")
load_us=$(field "scenario load (parse, validate, build)")
step_us=$(field "one session step (recording)")
play_us=$(field "whole play-through")
row "scenario load (chairs-agency: parse, validate, build)" "$load_us us" "bare YAML::Load $yaml_us us" \
  "$(ratio "$load_us" "$yaml_us")"
row "one session step (recording)" "$step_us us" "bare YAML::Load $yaml_us us" "$(ratio "$step_us" "$yaml_us")"
row "whole play-through (recording)" "$play_us us" "bare YAML::Load $yaml_us us" "$(ratio "$play_us" "$yaml_us")"
fi

# --- Analyzer: distinct states per second against bare stepping, both from bench_analyzer's run.
if ((have_analyzer)) && want analyzer; then
  "$build/tests/bench_analyzer" --benchmark_min_time=$min_time --benchmark_format=csv \
    >"$work/analyzer.csv" 2>/dev/null
  # csv_counter BENCHMARK COUNTER: the named column of the benchmark's row.
  csv_counter() {
    awk -F, -v b="$1" -v c="$2" '
      /^name,/ { for (i = 1; i <= NF; i++) { h = $i; gsub(/"/, "", h); col[h] = i }; next }
      { n = $1; gsub(/"/, "", n); if (n == b && (c in col)) print $col[c] }' "$work/analyzer.csv"
  }
  states=$(csv_counter BM_Analyze "states/s")
  stepping=$(csv_counter BM_EngineStepping "choices/s")
  per_s() { awk -v v="$1" 'BEGIN { printf "%.0f k/s", v / 1000 }'; }
  row "analyzer: distinct states per second (bakery-oven)" "$(per_s "$states")" \
    "bare stepping $(per_s "$stepping") choices" "$(ratio "$states" "$stepping")"
  # The library: its real time per run against bare stepping of as many choices as it simulates.
  lib_ms=$(csv_counter BM_AnalyzeLibrary/0 real_time)
  lib_choices=$(csv_counter BM_AnalyzeLibrary/0 choices)
  lib_n=$(csv_counter BM_AnalyzeLibrary/0 scenarios)
  every_ms=$(csv_counter BM_AnalyzeLibrary/1 real_time)
  step_ms=$(awk -v c="$lib_choices" -v r="$stepping" 'BEGIN { if (r > 0) printf "%.1f", 1000 * c / r; else print 0 }')
  row "analyzer: whole shipped library (${lib_n%.*} scenarios, exact)" \
    "$(awk -v t="$lib_ms" 'BEGIN { printf "%.0f ms", t }')" \
    "bare stepping of its $(awk -v c="$lib_choices" 'BEGIN { printf "%.0fk", c / 1000 }') choices $step_ms ms" \
    "$(ratio "$lib_ms" "$step_ms")"
  row "analyzer: whole shipped library, one after another" "$(awk -v t="$lib_ms" 'BEGIN { printf "%.0f ms", t }')" \
    "the same search simulating every choice $(awk -v t="$every_ms" 'BEGIN { printf "%.0f ms", t }')" \
    "$(ratio "$lib_ms" "$every_ms")"
  # The command as a trainer runs it (loading and printing included): scenarios side by side, one
  # per processor, against one at a time. Best of three runs each.
  best_ms() {
    local best=""
    for _ in 1 2 3; do
      local t0 t1
      t0=$(date +%s%N)
      "$build/src/salesim" analyze "$root/scenarios" "$@" >/dev/null
      t1=$(date +%s%N)
      local ms=$(((t1 - t0) / 1000000))
      [[ -z $best || $ms -lt $best ]] && best=$ms
    done
    echo "$best"
  }
  cmd_ms=$(best_ms)
  one_ms=$(best_ms --jobs 1)
  row "\`salesim analyze\` of the library ($(nproc) processors)" "$cmd_ms ms" "--jobs 1: $one_ms ms" \
    "$(ratio "$cmd_ms" "$one_ms")"
  # A scenario as large as trainers write: accounting-software grown one objection at a time,
  # each with the budgets a trainer gets (1 GiB, 10 s), against the shipped 3-objection one.
  scale_max=9
  ((quick)) && scale_max=5
  "$build/tests/bench_analyzer_scale" --max-objections $scale_max --time-limit 10 | tee "$work/scale.txt"
  while read -r k states _ seconds mib answer best time_ratio _; do
    [[ $k =~ ^[0-9]+$ ]] || continue
    row "analyzer: accounting-software, $k objections" "${seconds} s, ${mib} MiB, $answer, best $best" \
      "3 objections (shipped)" "$time_ratio"
  done <"$work/scale.txt"
elif want analyzer; then
  row "analyzer: distinct states per second" "not built" "bare stepping" "n/a"
fi

# --- Results backends: decisions written per second and p99 latency through the store, against
# bare prepared inserts of the same rows on the same backend (PostgreSQL: a throwaway server).
if ((have_store)) && want store; then
  "$build/tests/bench_store" --decisions 2000 | tee "$work/store.txt"
  while read -r backend per_s p99 bare_s bare_p99 r; do
    [[ $backend == sqlite || $backend == postgresql ]] || continue
    row "results store: decisions written on $backend" "$per_s/s, p99 $p99 ms" \
      "bare prepared inserts: $bare_s/s, p99 $bare_p99 ms" "${r}x"
  done <"$work/store.txt"
fi

# --- The live classroom: 250 trainees on loopback, a decision a second each, against the goals;
# saturation throughput against a bare cpp-httplib handler answering a constant, same run.
if ((have_classroom)) && want classroom; then
  class_seconds=60
  ((quick)) && class_seconds=20
  "$build/tests/classroom_load" --trainees 250 --seconds $class_seconds | tee "$work/classroom.txt" || true
  # summary KEY=VALUE ...: the value of KEY.
  sv() { grep '^summary ' "$work/classroom.txt" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
  if grep -q '^summary ' "$work/classroom.txt"; then
    row "classroom: 250 trainees, a decision a second (${class_seconds} s)" \
      "p99 $(sv p99) ms, $(sv errors) errors, $(sv lost) lost" "goal: p99 50 ms" "$(ratio "$(sv p99)" 50)"
    row "classroom: vote -> board, freeze -> every client (p95)" "$(sv vote_p95) ms, $(sv freeze_p95) ms" \
      "goal: 1000 ms" "$(ratio "$(sv vote_p95)" 1000), $(ratio "$(sv freeze_p95)" 1000)"
    row "classroom: decisions/s at saturation" "$(sv saturation)/s" "bare cpp-httplib handler $(sv bare)/s" \
      "$(ratio "$(sv saturation)" "$(sv bare)")"
  fi
fi

# --- Window: one Xvfb for both programs.
display=""
for n in $(seq 90 130); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
  display=":$n"
  break
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 50); do
  [[ -e /tmp/.X11-unix/X${display#:} ]] && break
  sleep 0.1
done

if want window; then
# The reference: Dear ImGui's example, compiled unchanged, with a shim that times its swaps.
example=/usr/share/doc/libimgui-dev/examples/example_sdl_opengl3
g++ -O2 -c -DSDL_GL_SwapWindow=bench_swap_window -I/usr/include/imgui/backends \
  $(pkg-config --cflags imgui sdl2) "$example/main.cpp" -o "$work/example.o"
g++ -O2 -c $(pkg-config --cflags sdl2) "$root/tests/bench/bench_imgui_example_shim.cpp" -o "$work/shim.o"
g++ "$work/example.o" "$work/shim.o" -o "$work/imgui_example" $(pkg-config --libs imgui sdl2 gl) -ldl

frames=300
((quick)) && frames=60
# Both programs run in a folder of their own: the stock example writes imgui.ini into its working
# folder, and that must never be the checkout or the caller's folder.
run_dir=$work/run
mkdir -p "$run_dir"
# The cache folder is the run's own (the string tables, the library's index and details), so the
# figures do not depend on what this machine ran before.
export XDG_CACHE_HOME=$work/cache
salesim=("$build/src/salesim" --data-dir "$work/data")
# The library as a trainee sees it on every start but the first: a profile with no unfinished
# attempt (the runs into a scenario above leave one in $work/data, and a start then offers to
# resume it) and the cache filled by an earlier start.
library=("$build/src/salesim" --data-dir "$work/data-library")
choices=1,1,1,1,1
(cd "$run_dir" && "${salesim[@]}" --scenario tutorial-first-sale --choices $choices --frames $frames --timing) \
  >"$work/window.txt" 2>&1
(cd "$run_dir" && BENCH_FRAMES=$frames "$work/imgui_example") >"$work/example.txt" 2>&1
get() { grep -F "$1" "$2" | head -1 | sed -E 's/.*: *([0-9.]+).*/\1/'; }
# A start is one number and a busy machine moves it by half: the first frame is the best of five
# starts, for ours and the example alike.
best_first() {  # best_first OUT COMMAND...
  local out=$1 best="" t
  shift
  for _ in 1 2 3 4 5; do
    (cd "$run_dir" && "$@") >"$out.run" 2>&1
    t=$(get "first frame:" "$out.run")
    [[ -n $t ]] || continue
    if [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "first frame: ${best:-0} ms" >"$out"
}
best_first "$work/example-first.txt" env BENCH_FRAMES=10 "$work/imgui_example"
best_first "$work/window-first.txt" "${salesim[@]}" --scenario tutorial-first-sale --choices $choices --frames 10 --timing
# As a trainee starts it: the profile made, the window opens on the library.
(cd "$run_dir" && "${library[@]}" --frames 1) >/dev/null 2>&1
best_first "$work/window-library.txt" "${library[@]}" --frames 10 --timing
ref=$(get "first frame:" "$work/example-first.txt")
ours=$(get "first frame:" "$work/window-library.txt")
row "window: time to first complete frame (11 scenarios, the library)" "$ours ms" "ImGui example $ref ms" \
  "$(ratio "$ours" "$ref")"
ours=$(get "first frame:" "$work/window-first.txt")
row "window: time to first complete frame (a scenario 5 decisions in)" "$ours ms" "ImGui example $ref ms" \
  "$(ratio "$ours" "$ref")"
for what in "frame p50" "frame p95"; do
  ours=$(get "$what:" "$work/window.txt")
  ref=$(get "$what:" "$work/example.txt")
  row "window: $what while playing ($frames frames)" "$ours ms" "ImGui example $ref ms" "$(ratio "$ours" "$ref")"
done
# A school's library: the shipped scenarios copied under new ids until it holds 500, added with
# --library. The first start reads every file in the background (cold index); the next one lists
# the library from the index in the cache folder (warm), as every later start does.
lib500=$work/lib500
mkdir -p "$lib500"
n=0
while ((n < 489)); do
  for f in "$root"/scenarios/*.yaml; do
    name=$(basename "$f" .yaml)
    [[ $name == rulebook || $name == *.plan ]] && continue
    ((n < 489)) || break
    n=$((n + 1))
    sed -E "s/^id: .*/id: $name-copy-$n/" "$f" >"$lib500/$name-copy-$n.yaml"
  done
done
first_frame_500() {  # first_frame_500 OUT
  (cd "$run_dir" && XDG_CACHE_HOME=$work/cache500 "${library[@]}" --library "$lib500" --frames 10 --timing) >"$1" 2>&1
}
first_frame_500 "$work/window500-cold.txt"
# A scripted run without --timing waits for the index, so the cache is complete for the warm run.
(cd "$run_dir" && XDG_CACHE_HOME=$work/cache500 "${library[@]}" --library "$lib500" --frames 1) >/dev/null 2>&1
best_first "$work/window500.txt" env XDG_CACHE_HOME="$work/cache500" "${library[@]}" --library "$lib500" --frames 10 \
  --timing
ref=$(get "first frame:" "$work/example-first.txt")
for temp in warm cold; do
  file=$work/window500.txt
  [[ $temp == cold ]] && file=$work/window500-cold.txt
  ours=$(get "first frame:" "$file")
  row "window: time to first complete frame (500 scenarios, the library, $temp index)" "$ours ms" "ImGui example $ref ms" \
    "$(ratio "$ours" "$ref")"
done

# Idle CPU and peak memory: start each program as a user would, let it settle, then read the CPU
# it used over the next $idle_seconds seconds from /proc/PID/stat (utime + stime, in clock ticks).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
idle_run() {  # idle_run NAME COMMAND... ; prints "ticks peak_kib"
  local name=$1
  shift
  (cd "$run_dir" && exec "$@") >"$work/$name-idle.txt" 2>&1 &
  local pid=$!
  sleep 3
  local a b peak
  a=$(cpu_ticks $pid)
  sleep "$idle_seconds"
  b=$(cpu_ticks $pid)
  peak=$(hwm_kib $pid)
  kill $pid
  wait $pid 2>/dev/null || true
  echo "$((b - a)) $peak"
}
read -r ours_ticks ours_peak < <(idle_run salesim "${salesim[@]}")
read -r ref_ticks ref_peak < <(idle_run example "$work/imgui_example")
hz=$(getconf CLK_TCK)
pct() { awk -v t="$1" -v hz="$hz" -v s="$idle_seconds" 'BEGIN { printf "%.1f%%", 100 * t / hz / s }'; }
row "window: CPU while idle for ${idle_seconds} s" "$(pct "$ours_ticks") of a core" \
  "ImGui example $(pct "$ref_ticks")" "$(ratio "$ours_ticks" "$ref_ticks")"
row "window: peak memory, whole library loaded" "$((ours_peak / 1024)) MiB" \
  "ImGui example $((ref_peak / 1024)) MiB" "$(ratio "$ours_peak" "$ref_peak")"
fi

# --- Reports at a school's size: 100,000 attempts from real plays (10,000 with --quick) on both
# backends, each command's wall time and peak memory against a bare count of the decisions; the
# window's Trainer view under the Xvfb above.
if ((have_reports)) && want reports; then
  report_attempts=100000
  ((quick)) && report_attempts=10000
  "$build/tests/bench_reports" --attempts $report_attempts --window | tee "$work/reports.txt"
  while IFS='|' read -r backend what seconds mib x_time x_mem; do
    row "reports ($report_attempts attempts), $backend: $what" "$seconds s, $mib MiB" "count of the decisions" \
      "$x_time time, $x_mem memory"
  done < <(awk '/^(sqlite|postgresql) / && $0 !~ /reference|failed|part of the window/ {
      n = split($0, f, /  +/); printf "%s|%s|%s|%s|%s|%s\n", f[1], f[2], f[3], f[4], f[5], f[6] }' "$work/reports.txt")
fi

# --- The table.
printf '\n%-58s | %-24s | %-28s | %s\n' "figure" "Salesim" "reference (same run)" "ratio"
printf '%s\n' "$(printf -- '-%.0s' $(seq 1 125))"
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d <<<"$r"
  printf '%-58s | %-24s | %-28s | %s\n' "$a" "$b" "$c" "$d"
done
