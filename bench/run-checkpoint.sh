#!/usr/bin/env bash
# CheckpointBench alone: a checkpoint of SIZE live entries, and the sends made while checkpoints run
# back to back against sends with none running. With BEFORE=DIR (another checkout, its bench/core
# built), that tree's CheckpointBench runs in the same rounds, the two alternating, each on a data
# directory of its own. Results go to stdout and bench/results/checkpoint-DATE.md.
#   [BEFORE=DIR] [SIZE=100000] bench/run-checkpoint.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-2}"
SIZE="${SIZE:-100000}"
BENCH_DIR="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/queue-bench.XXXXXX")}"

mvn -B -q -pl bench/core -am package -DskipTests -Dqueue.archive.skip
mkdir -p bench/results
OUT="bench/results/checkpoint-$(date +%Y%m%d-%H%M%S).md"

run() {
  local tree="$1" name="$2" round="$3"
  echo "### $name, run $round ($(date +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp "$tree/bench/core/target/classes:$(cat "$tree/bench/core/target/classpath.txt")" \
    queue.bench.core.CheckpointBench "$BENCH_DIR/$name-$round" "$SIZE" 3 100 20
  rm -rf "${BENCH_DIR:?}/$name-$round"
  echo
}

{
  echo "# CheckpointBench $(date -Iseconds), $SIZE live entries"
  echo "nproc $(nproc), $(java -version 2>&1 | head -1)"
  for round in $(seq 1 "$RUNS"); do
    if [ -n "${BEFORE:-}" ] && [ $((round % 2)) -eq 1 ]; then run "$BEFORE" before "$round"; fi
    run . this "$round"
    if [ -n "${BEFORE:-}" ] && [ $((round % 2)) -eq 0 ]; then run "$BEFORE" before "$round"; fi
  done
} | tee "$OUT"
rm -rf "$BENCH_DIR"
echo "saved to $OUT"
