#!/usr/bin/env bash
# Builds of queue compared on the core, PostgreSQL and processor benchmarks, interleaved: the core
# and PostgreSQL benchmarks run each build in turn, REPEATS times over, and the processor benchmark
# (ProcessorBench) runs once with every build's daemon as a variant, which it interleaves round by
# round itself. So the load of a shared machine hits every build alike.
# Usage: bench/run-compare.sh REPEATS NAME=DIR NAME=DIR...   (REPEATS 0: the processor only)
# Each DIR is a checkout built with `mvn -B -q package -DskipTests` (bench/*/target holds
# classpath.txt). The processor benchmark's harness, which sets up the queues, is the first build's:
# name the oldest first, since an older build may not read what a newer one writes, never the
# other way round. ROUNDS (100), WARMUP (10), PRODUCERS (8), MESSAGES (300), SENDS (500), BACKLOG
# (5000), DRAIN_ROUNDS (2); PROCESSOR=no leaves the processor out. Output: stdout and
# bench/results/compare-DATE.md.
set -euo pipefail
repeats="$1"
shift
names=()
dirs=()
for build in "$@"; do
  names+=("${build%%=*}")
  dirs+=("$(cd "${build#*=}" && pwd)")
done
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

# A benchmark that printed its figures and then failed to stop (an embedded server that did not
# stop within its 5 s on a loaded machine) is said so, and the comparison goes on.
bench() {
  "$@" || echo "(exit $?: see above; figures printed before it stand)"
}

core_and_postgres() { # NAME DIR
  echo "## $1: core (SaveBench, ThroughputBench)"
  bench java -cp "$(classpath "$2" core)" queue.bench.core.SaveBench \
    "$work/$1-save" "$ROUNDS" "$WARMUP"
  bench java -cp "$(classpath "$2" core)" queue.bench.core.ThroughputBench \
    "$work/$1-throughput" "$PRODUCERS" "$MESSAGES"
  rm -rf "$work/$1-save" "$work/$1-throughput"
  echo
  echo "## $1: PostgreSQL (PostgresBench)"
  bench java -cp "$(classpath "$2" postgres)" queue.bench.postgres.PostgresBench "$ROUNDS" "$WARMUP"
  echo
}

processor() {
  local harness="${dirs[0]}" cp_file cp variants=()
  cp_file="$(mktemp)"
  (cd "$harness" && mvn -B -q -o test-compile dependency:build-classpath -pl queue-processor -am \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null)
  cp="$harness/queue-processor/target/test-classes:$harness/queue-processor/target/classes"
  cp="$cp:$(cat "$cp_file")"
  rm -f "$cp_file"
  for i in "${!names[@]}"; do
    variants+=("${names[$i]}=${dirs[$i]}/bin/queue-processor")
  done
  echo "## processor (ProcessorBench, variants interleaved; harness of ${names[0]})"
  bench java -Xmx256m \
    "-Dlogback.configurationFile=$harness/queue-processor/src/test/resources/logback-test.xml" \
    -cp "$cp" queue.processor.bench.ProcessorBench "$work/processor" "$SENDS" "$BACKLOG" \
    "$DRAIN_ROUNDS" "${variants[@]}"
}

{
  echo "# compared: $*, $(date -Iseconds)"
  echo "$(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  for ((r = 1; r <= repeats; r++)); do
    echo "# repeat $r"
    for i in "${!names[@]}"; do
      core_and_postgres "${names[$i]}" "${dirs[$i]}"
    done
  done
  if [ "${PROCESSOR:-yes}" = yes ]; then
    processor
  fi
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
echo "written to $out"
