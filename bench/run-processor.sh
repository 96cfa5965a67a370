#!/usr/bin/env bash
# Processor benchmarks (see BENCHMARKS.md): builds the jar, then runs queue.processor.bench.
# Usage: bench/run-processor.sh [--postgres] [LATENCY_SENDS [BACKLOG]]   (defaults: 1000 10000)
# --postgres: on an embedded PostgreSQL with fsync and synchronous_commit on, the drain with 1, 2
# and 4 processors (PostgresProcessorBench); else on the file store (ProcessorBench).
# Needs Linux (/proc for the peak RSS). Results go to bench/results/ (git-ignored).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench=ProcessorBench
if [ "${1:-}" = --postgres ]; then
  bench=PostgresProcessorBench
  shift
fi
sends="${1:-1000}"
backlog="${2:-10000}"
cd "$root"
mvn -B -q package -DskipTests
cp_file="$(mktemp)"
# In the reactor the last module written is queue-processor; queue-core resolves to its classes.
mvn -B -q test-compile dependency:build-classpath -pl queue-processor -am \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
classpath="queue-processor/target/test-classes:queue-processor/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
mkdir -p bench/results
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="bench/results/processor-$bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
# The core's test jar brings a logback-test.xml too: name this module's, as its tests do.
java -Xmx256m -Dlogback.configurationFile="$root/queue-processor/src/test/resources/logback-test.xml" \
  -cp "$classpath" "queue.processor.bench.$bench" \
  "$work" "$root/bin/queue-processor" "$sends" "$backlog" | tee "$out"
echo "written to $out"
