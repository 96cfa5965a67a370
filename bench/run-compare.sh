#!/usr/bin/env bash
# Two builds of queue compared on the core, PostgreSQL and processor benchmarks, interleaved:
# the core and PostgreSQL benchmarks run BEFORE, AFTER, BEFORE, AFTER, ... (REPEATS times each),
# and the processor benchmark (ProcessorBench) runs once with both daemons as its variants, which
# it interleaves round by round itself. So the load of a shared machine hits both builds alike.
# Usage: bench/run-compare.sh BEFORE_DIR AFTER_DIR [REPEATS]   (REPEATS: default 2)
# Both directories are checkouts built with `mvn -B -q package -DskipTests` (bench/*/target holds
# classpath.txt). The processor benchmark's harness, which sets up the queues, is BEFORE's: an
# older build may not read what a newer one writes, never the other way round. ROUNDS (100),
# WARMUP (10), PRODUCERS (8), MESSAGES (300), SENDS (500), BACKLOG (5000), DRAIN_ROUNDS (2);
# PROCESSOR=no leaves the processor out. Output: stdout and bench/results/compare-DATE.md.
set -euo pipefail
before="$(cd "$1" && pwd)"
after="$(cd "$2" && pwd)"
repeats="${3:-2}"
ROUNDS="${ROUNDS:-100}"
WARMUP="${WARMUP:-10}"
PRODUCERS="${PRODUCERS:-8}"
MESSAGES="${MESSAGES:-300}"
SENDS="${SENDS:-500}"
BACKLOG="${BACKLOG:-5000}"
DRAIN_ROUNDS="${DRAIN_ROUNDS:-2}"
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/queue-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$root/bench/results"
out="$root/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ).md"

classpath() { # DIR MODULE
  echo "$1/bench/$2/target/classes:$(cat "$1/bench/$2/target/classpath.txt")"
}

core_and_postgres() { # NAME DIR
  echo "## $1: core (SaveBench, ThroughputBench)"
  java -cp "$(classpath "$2" core)" queue.bench.core.SaveBench "$work/$1-save" "$ROUNDS" "$WARMUP"
  java -cp "$(classpath "$2" core)" queue.bench.core.ThroughputBench \
    "$work/$1-throughput" "$PRODUCERS" "$MESSAGES"
  rm -rf "$work/$1-save" "$work/$1-throughput"
  echo
  echo "## $1: PostgreSQL (PostgresBench)"
  java -cp "$(classpath "$2" postgres)" queue.bench.postgres.PostgresBench "$ROUNDS" "$WARMUP"
  echo
}

processor() {
  local cp_file
  cp_file="$(mktemp)"
  (cd "$before" && mvn -B -q -o dependency:build-classpath -pl queue-processor -am \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null)
  local cp="$before/queue-processor/target/test-classes:$before/queue-processor/target/classes"
  cp="$cp:$(cat "$cp_file")"
  rm -f "$cp_file"
  echo "## processor (ProcessorBench, variants interleaved)"
  java -Xmx256m "-Dlogback.configurationFile=$before/queue-processor/src/test/resources/logback-test.xml" \
    -cp "$cp" queue.processor.bench.ProcessorBench "$work/processor" "$SENDS" "$BACKLOG" \
    "$DRAIN_ROUNDS" "before=$before/bin/queue-processor" "after=$after/bin/queue-processor"
}

{
  echo "# before/after: $before vs $after, $(date -Iseconds)"
  echo "$(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  for i in $(seq 1 "$repeats"); do
    echo "# repeat $i"
    core_and_postgres before "$before"
    core_and_postgres after "$after"
  done
  if [ "${PROCESSOR:-yes}" = yes ]; then
    processor
  fi
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
echo "written to $out"
