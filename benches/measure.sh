#!/usr/bin/env bash
# Every figure of SPEC §7 at 1k, 10k and 100k demo clients (issues #7, #13),
# each beside its target. Whole processes first: `caseload alerts`, `agenda`
# and `search` as a user runs them, the interface's start to its first full
# frame (`--bench-startup`, mine and team), and peak memory. Then the figures
# only a process of its own can time: keystrokes and a colleague's note
# reloading the team view (`cargo bench --bench caseload`), bytes a move writes
# to the terminal (`--bench terminal_bytes`) and the 1,000,000-row import
# (`--bench import`). Needs hyperfine and GNU time (/usr/bin/time).
#
#   benches/measure.sh                 # every size
#   SIZES="10000" benches/measure.sh   # one size
#   IN_PROCESS=no benches/measure.sh   # whole processes only
#   SERVER=postgresql://postgres@127.0.0.1:55432/postgres IN_PROCESS=no benches/measure.sh
#                                      # the same figures on PostgreSQL (SPEC §11: within 2x):
#                                      # each demo copied once to database caseload_bench_N there
#
# Demo databases are cached in ${CASELOAD_BENCH_DIR:-/tmp/caseload-bench}
# (built on first use, deterministic: seed 7 at a fixed clock).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
DIR=${CASELOAD_BENCH_DIR:-/tmp/caseload-bench}
RUNS=${RUNS:-20}
export CASELOAD_NOW=2026-11-23T09:00:00 TZ=America/Chicago XDG_CONFIG_HOME="$DIR/xdg-config"
unset CASELOAD_CONFIG CASELOAD_DB

for tool in hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "measure.sh needs $tool" >&2; exit 1; }
done
cargo build --release --locked --quiet
BIN=$PWD/target/release/caseload
mkdir -p "$DIR"

demo_db() {
    local db="$DIR/demo-$1.db"
    if [ ! -e "$db" ]; then
        echo "building $db (once)…" >&2
        rm -f "$DIR/demo-$1.partial.db"
        "$BIN" --db "$DIR/demo-$1.partial.db" --user casey demo --clients "$1" --seed 7 >&2
        mv "$DIR/demo-$1.partial.db" "$db"
    fi
    echo "$db"
}

# With SERVER, the demo of each size copied once into its own database on that server.
server_db() {
    local url="${SERVER%/*}/caseload_bench_$1"
    if ! psql -Atq "$SERVER" -c "SELECT 1 FROM pg_database WHERE datname = 'caseload_bench_$1'" | grep -q 1; then
        echo "copying the $1-client demo to $url (once)…" >&2
        psql -q "$SERVER" -c "CREATE DATABASE caseload_bench_$1" >&2
        "$BIN" --db "$(demo_db "$1")" --user casey copy --to "$url" >&2 ||
            { psql -q "$SERVER" -c "DROP DATABASE caseload_bench_$1" >&2; exit 1; }
    fi
    echo "$url"
}

# name|target at 10k|target at 100k|arguments after `caseload --db DB --user casey`
# (SPEC §7; every figure grows at most linearly, and peak memory stays under 64 MB)
FIGURES=(
    "first frame|50 ms||--bench-startup"
    "first frame, team|100 ms|300 ms|--bench-startup=team"
    "alerts|100 ms||alerts"
    "alerts --all-coordinators|100 ms|300 ms|alerts --all-coordinators"
    "agenda|100 ms||agenda"
    "search|30 ms||search pharmacy --all-coordinators"
)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '\n| figure | clients | target | mean ms | ± ms | min ms | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
    if [ -n "${SERVER:-}" ]; then db=$(server_db "$n"); else db=$(demo_db "$n"); fi
    for figure in "${FIGURES[@]}"; do
        IFS='|' read -r name target_10k target_100k rest <<<"$figure"
        read -r -a args <<<"$rest"
        case $n in
            10000) target=$target_10k ;;
            100000) target=$target_100k ;;
            *) target= ;;
        esac
        csv=$(mktemp)
        hyperfine --shell=none --warmup 3 --runs "$RUNS" --style none --export-csv "$csv" \
            "$BIN --db $db --user casey ${args[*]}" >/dev/null
        # The minimum too: on a shared machine it is the figure least bent by other load.
        timing=$(awk -F, 'NR == 2 { printf "%.1f | %.1f | %.1f", $2 * 1000, $3 * 1000, $7 * 1000 }' "$csv")
        rm -f "$csv"
        peak=$(/usr/bin/time -v "$BIN" --db "$db" --user casey "${args[@]}" 2>&1 >/dev/null |
            awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }')
        echo "| $name | $n | ${target:-} | $timing | $peak |"
    done
done

[ "${IN_PROCESS:-yes}" = no ] && exit 0
# Keys (≤ 5 ms) and a colleague's note reloading the team view (≤ 100 ms at
# 100k), in process; bytes a selection move writes (< 300 at 80x24).
SIZES_CSV=$(echo "$SIZES" | tr ' ' ',')
export CASELOAD_BENCH_DIR=$DIR CASELOAD_BENCH_SIZES=$SIZES_CSV
echo
cargo bench --locked --quiet --bench caseload -- 'key_|reload_|first_frame|alerts_team'
echo
cargo bench --locked --quiet --bench terminal_bytes
# The 1,000,000-row import (SPEC §7: 20 s, 512 MB) with eight note writers beside it (§6); once, it is long.
echo
cargo bench --locked --quiet --bench import
