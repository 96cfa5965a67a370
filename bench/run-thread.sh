#!/usr/bin/env bash
# `queue thread` benchmark (see BENCHMARKS.md): builds the jar, then runs queue.cli.bench.ThreadBench
# against the real launcher, bin/queue: `queue thread ID --json` on a thread of 1,000 messages with
# 10,000 other live entries, and `queue status --json` on the same store, and both again on a store
# of one message (what each command costs whatever the queue holds), taking turns run by run, on
# the file store and on an embedded PostgreSQL with fsync and synchronous_commit on.
# Usage: bench/run-thread.sh [RUNS]   (default 20)
# Maven runs offline (-o): everything is in ~/.m2 after a first build; MVN_OFFLINE= (empty) lets it
# download. Results go to bench/results/ (git-ignored).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
offline="${MVN_OFFLINE--o}"
cd "$root"
# shellcheck disable=SC2086 # $offline is one option or none.
mvn -B -q $offline package -DskipTests
cp_file="$(mktemp)"
# In the reactor the last module written is queue-cli; the other modules resolve to their classes.
# shellcheck disable=SC2086
mvn -B -q $offline test-compile dependency:build-classpath -pl queue-cli -am \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
classpath="queue-cli/target/test-classes:queue-cli/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
mkdir -p bench/results
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="bench/results/thread-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "$(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "work directory on $(df -T "$work" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
logback="-Dlogback.configurationFile=$root/queue-processor/src/test/resources/logback-test.xml"
java -Xmx512m "$logback" -cp "$classpath" queue.cli.bench.ThreadBench \
  "$work" "$root/bin/queue" "$runs" | tee -a "$out"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "written to $out"
