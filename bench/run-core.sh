#!/usr/bin/env bash
# Builds queue-core and its benchmarks, then runs them on the disk of BENCH_DIR (default: a fresh
# directory under $TMPDIR). Results go to stdout and bench/results/core-DATE.md.
#   ROUNDS=200 WARMUP=20 PRODUCERS=8 MESSAGES=500 CHECKPOINT_SIZE=100000 bench/run-core.sh
# (CHECKPOINT_SIZE=0 leaves out CheckpointBench: a checkpoint's time and the sends meanwhile.)
# BENCH_JAVA_OPTS adds JVM options to SaveBench and to ThroughputBench and its producers (for
# example -XX:TieredStopAtLevel=1, the C1-only compiler bin/queue and the processor's launcher use).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-200}"
WARMUP="${WARMUP:-20}"
PRODUCERS="${PRODUCERS:-8}"
MESSAGES="${MESSAGES:-500}"
CHECKPOINT_SIZE="${CHECKPOINT_SIZE:-100000}"
BENCH_DIR="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/queue-bench.XXXXXX")}"

mvn -B -q -pl bench/core -am package -DskipTests
CP="bench/core/target/classes:$(cat bench/core/target/classpath.txt)"
mkdir -p bench/results
OUT="bench/results/core-$(date +%Y%m%d-%H%M%S).md"

{
  echo "# queue-core benchmark $(date -Iseconds)"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "nproc $(nproc), $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "bench dir $BENCH_DIR on $(df -T "$BENCH_DIR" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo
  echo "SaveBench JVM options: ${BENCH_JAVA_OPTS:-(defaults)}"
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options, split on purpose.
  java ${BENCH_JAVA_OPTS:-} -cp "$CP" queue.bench.core.SaveBench "$BENCH_DIR/save" "$ROUNDS" "$WARMUP"
  echo
  echo "ThroughputBench JVM options (its producers' too): ${BENCH_JAVA_OPTS:-(defaults)}"
  # shellcheck disable=SC2086 # as above
  java ${BENCH_JAVA_OPTS:-} -cp "$CP" queue.bench.core.ThroughputBench "$BENCH_DIR/throughput" "$PRODUCERS" "$MESSAGES"
  if [ "$CHECKPOINT_SIZE" -gt 0 ]; then
    echo
    java -cp "$CP" queue.bench.core.CheckpointBench "$BENCH_DIR/checkpoint" "$CHECKPOINT_SIZE" 3 100 20
  fi
} | tee "$OUT"
rm -rf "$BENCH_DIR"
echo "saved to $OUT"
