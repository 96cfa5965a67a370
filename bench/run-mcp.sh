#!/usr/bin/env bash
# `queue mcp` benchmark (see BENCHMARKS.md): builds the jar, then runs queue.cli.bench.McpBench
# against the real launcher, bin/queue, on the file store and on an embedded PostgreSQL with fsync
# and synchronous_commit on: start-up to the answer to initialize against `java Hello`; a
# send_message call, and a send_message to another server's waiting fetch_messages, against
# `queue send` and `queue send` to a waiting `queue receive --wait`; peak RSS of an idle server and
# of one that fetched 10,000 messages.
# Usage: bench/run-mcp.sh [SAMPLES]   (default 50)
# Maven runs offline (-o): everything is in ~/.m2 after a first build; MVN_OFFLINE= (empty) lets it
# download. Results go to bench/results/ (git-ignored).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="${1:-50}"
offline="${MVN_OFFLINE--o}"
cd "$root"
# shellcheck disable=SC2086 # $offline is one option or none.
mvn -B -q $offline package -DskipTests
cp_file="$(mktemp)"
# shellcheck disable=SC2086
mvn -B -q $offline test-compile dependency:build-classpath -pl queue-cli -am \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
classpath="queue-cli/target/test-classes:queue-cli/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
mkdir -p bench/results
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
out="bench/results/mcp-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "$(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2 " GiB RAM"}'), $(java -version 2>&1 | head -1)"
  echo "work directory on $(df -T "$work" | awk 'NR==2 {print $2 " (" $1 ")"}')"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
# Warnings and errors only (the CLI tests' configuration logs at DEBUG).
logback="-Dlogback.configurationFile=$root/queue-processor/src/test/resources/logback-test.xml"
java -Xmx512m "$logback" -cp "$classpath" queue.cli.bench.McpBench \
  "$work/run" "$root/bin/queue" "$work" "$samples" | tee -a "$out"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "written to $out"
