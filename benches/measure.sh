#!/usr/bin/env bash
# Whole-process figures (issue #7, SPEC §7): `caseload alerts`, `agenda` and
# `search` as a user runs them, the interface's start to first full frame
# (`--bench-startup`, mine and team), and peak memory, at 1k, 10k and 100k
# demo clients. Needs hyperfine and GNU time (/usr/bin/time).
#
#   benches/measure.sh                 # every size
#   SIZES="10000" benches/measure.sh   # one size
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

# name|arguments after `caseload --db DB --user casey`
FIGURES=(
    "first frame|--bench-startup"
    "first frame, team|--bench-startup=team"
    "alerts|alerts"
    "alerts --all-coordinators|alerts --all-coordinators"
    "agenda|agenda"
    "search|search pharmacy --all-coordinators"
)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '\n| figure | clients | mean ms | ± ms | min ms | peak RSS MB |\n|---|---:|---:|---:|---:|---:|\n'
for n in $SIZES; do
    db=$(demo_db "$n")
    for figure in "${FIGURES[@]}"; do
        name=${figure%%|*}
        read -r -a args <<<"${figure#*|}"
        csv=$(mktemp)
        hyperfine --shell=none --warmup 3 --runs "$RUNS" --style none --export-csv "$csv" \
            "$BIN --db $db --user casey ${args[*]}" >/dev/null
        # The minimum too: on a shared machine it is the figure least bent by other load.
        timing=$(awk -F, 'NR == 2 { printf "%.1f | %.1f | %.1f", $2 * 1000, $3 * 1000, $7 * 1000 }' "$csv")
        rm -f "$csv"
        peak=$(/usr/bin/time -v "$BIN" --db "$db" --user casey "${args[@]}" 2>&1 >/dev/null |
            awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }')
        echo "| $name | $n | $timing | $peak |"
    done
done

# The 1,000,000-row import (SPEC §7) with eight note writers beside it (§6); once, it is long.
echo
cargo bench --locked --quiet --bench import
