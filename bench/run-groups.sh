#!/usr/bin/env bash
# Issue 16's benchmark: a send to a group of 8 agents (--to @team) against a broadcast to the same
# 8, on the file store (GroupSendBench, beside the fsync floor) and on an embedded PostgreSQL with
# synchronous_commit on (PostgresBench's sends, beside a bare INSERT commit), each interleaved.
# Results go to stdout and bench/results/groups-DATE.md.
#   ROUNDS=200 WARMUP=20 bench/run-groups.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-200}"
WARMUP="${WARMUP:-20}"
BENCH_DIR="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/queue-bench.XXXXXX")}"

mvn -B -q -pl bench/core,bench/postgres -am package -DskipTests -Dqueue.archive.skip
CORE_CP="bench/core/target/classes:$(cat bench/core/target/classpath.txt)"
POSTGRES_CP="bench/postgres/target/classes:$(cat bench/postgres/target/classpath.txt)"
mkdir -p bench/results
OUT="bench/results/groups-$(date +%Y%m%d-%H%M%S).md"

{
  echo "# groups benchmark $(date -Iseconds)"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "nproc $(nproc), $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "bench dir $BENCH_DIR on $(df -T "$BENCH_DIR" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo
  java -cp "$CORE_CP" queue.bench.core.GroupSendBench "$BENCH_DIR/groups" "$ROUNDS" "$WARMUP"
  echo
  java -cp "$POSTGRES_CP" queue.bench.postgres.PostgresBench "$ROUNDS" "$WARMUP" sends
} | tee "$OUT"
rm -rf "$BENCH_DIR"
echo "saved to $OUT"
