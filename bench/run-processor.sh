#!/usr/bin/env bash
# Processor benchmarks (see BENCHMARKS.md): builds the jar, then runs queue.processor.bench.
# Usage: bench/run-processor.sh [--postgres | --large] [LATENCY_SENDS [BACKLOG [DRAIN_ROUNDS]]]
#   (defaults: 1000 10000 2)
# --postgres: on an embedded PostgreSQL with fsync and synchronous_commit on, latency and the drain
# by 1, 2 and 4 processors of this checkout (PostgresProcessorBench; VARIANTS and DRAIN_ROUNDS do
# not apply). --large [MESSAGES [ROUNDS]]: the processor's first delivery and peak RSS on a queue of
# MESSAGES 1 MiB bodies (default 40), against a queue of one small message (LargeQueueBench).
# --slow-clients [CLIENTS [ROUNDS [SECONDS]]]: /healthz latency and peak RSS with CLIENTS (500)
# silent, half-sent and trickling connections held open, against none, ROUNDS (3) interleaved runs
# of SECONDS (30) each (SlowClientsBench).
# Else on the file store (ProcessorBench); DRAIN_ONLY=true leaves out the status page's parts,
# DEFAULT_RETENTION_ONLY=true the latency run with --retain 1s:
# VARIANTS: the processors to measure interleaved, one per line, NAME=LAUNCHER or
# NAME=LAUNCHER;JVM OPTIONS (added as QUEUE_JAVA_OPTS); default: this checkout's launcher. The
# status page parts run on the first one. Another build to compare with: check its commit out
# into a directory of its own (git archive COMMIT | tar -x -C DIR), build it there with
# `mvn -B -q package -DskipTests`, and name DIR/bin/queue-processor.
# Needs Linux (/proc for the peak RSS). Results go to bench/results/ (git-ignored).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
postgres=no
large=no
slow=no
if [ "${1:-}" = --postgres ]; then
  postgres=yes
  shift
elif [ "${1:-}" = --large ]; then
  large=yes
  shift
elif [ "${1:-}" = --slow-clients ]; then
  slow=yes
  shift
fi
sends="${1:-1000}"
backlog="${2:-10000}"
rounds="${3:-2}"
mapfile -t variants <<<"${VARIANTS:-current=$root/bin/queue-processor}"
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
out="bench/results/processor-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "$(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "work directory on $(df -T "$work" | awk 'NR==2 {print $2 " (" $1 ")"}')"
} | tee "$out"
# The core's test jar brings a logback-test.xml too: name this module's, as its tests do.
logback="-Dlogback.configurationFile=$root/queue-processor/src/test/resources/logback-test.xml"
if [ "$slow" = yes ]; then
  java -Xmx256m "$logback" -cp "$classpath" queue.processor.bench.SlowClientsBench \
    "$work" "$root/bin/queue-processor" "${1:-500}" "${2:-3}" "${3:-30}" | tee -a "$out"
elif [ "$large" = yes ]; then
  java -Xmx512m "$logback" -cp "$classpath" queue.processor.bench.LargeQueueBench \
    "$work" "$root/bin/queue-processor" "${1:-40}" "${2:-3}" | tee -a "$out"
elif [ "$postgres" = yes ]; then
  java -Xmx256m "$logback" -cp "$classpath" queue.processor.bench.PostgresProcessorBench \
    "$work" "$root/bin/queue-processor" "$sends" "$backlog" | tee -a "$out"
else
  java -Xmx256m "$logback" -Dqueue.bench.drainOnly="${DRAIN_ONLY:-false}" \
    -Dqueue.bench.defaultRetentionOnly="${DEFAULT_RETENTION_ONLY:-false}" -cp "$classpath" \
    queue.processor.bench.ProcessorBench \
    "$work" "$sends" "$backlog" "$rounds" "${variants[@]}" | tee -a "$out"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "written to $out"
