#!/usr/bin/env bash
# Builds the PostgreSQL store and its benchmarks, then runs them on an embedded PostgreSQL (with
# synchronous_commit on) in a fresh temp directory. Results go to stdout and
# bench/results/postgres-DATE.md.
#   ROUNDS=200 WARMUP=20 bench/run-postgres.sh [sends|drain]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-200}"
WARMUP="${WARMUP:-20}"

mvn -B -q -pl bench/postgres -am package -DskipTests
CP="bench/postgres/target/classes:$(cat bench/postgres/target/classpath.txt)"
mkdir -p bench/results
OUT="bench/results/postgres-$(date +%Y%m%d-%H%M%S).md"

{
  echo "# queue-postgres benchmark $(date -Iseconds)"
  echo "nproc $(nproc), $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "temp dir on $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo
  java -cp "$CP" queue.bench.postgres.PostgresBench "$ROUNDS" "$WARMUP" "${1:-all}"
} | tee "$OUT"
echo "saved to $OUT"
