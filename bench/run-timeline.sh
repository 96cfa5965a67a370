#!/usr/bin/env bash
# Where the end-to-end latency goes (see BENCHMARKS.md): builds the processor's test classes, then
# runs queue.processor.bench.LatencyTimeline, which traces a processor in its own JVM.
# Usage: bench/run-timeline.sh [SENDS [RETAIN]]   (defaults: 1000 1h)
# The processor's JVM gets bin/queue-processor's default options, then QUEUE_JAVA_OPTS.
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sends="${1:-1000}"
retain="${2:-1h}"
cd "$root"
cp_file="$(mktemp)"
mvn -B -q test-compile dependency:build-classpath -pl queue-processor -am \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
classpath="queue-processor/target/test-classes:queue-processor/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
mkdir -p bench/results
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="bench/results/timeline-$(date -u +%Y%m%dT%H%M%SZ).txt"
# bin/queue-processor's defaults, and its production logging (one INFO line per delivery).
# shellcheck disable=SC2086 # QUEUE_JAVA_OPTS is a list of options, split on purpose.
java -Xmx256m -Dlogback.configurationFile="$root/queue-processor/src/test/resources/logback-test.xml" \
  -cp "$classpath" queue.processor.bench.LatencyTimeline "$work" "$sends" "$retain" \
  -Xms16m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Djdk.nio.maxCachedBufferSize=262144 -Dfile.encoding=UTF-8 \
  -Dlogback.configurationFile="$root/queue-processor/src/main/resources/logback.xml" \
  ${QUEUE_JAVA_OPTS:-} | tee "$out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "written to $out"
