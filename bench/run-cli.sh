#!/usr/bin/env bash
# Cold-start benchmark of the queue command line: the median wall time of N runs each of
# `queue status --json` and `queue send --to a x`, before and after the start-up work, next to a
# bare `java Hello` on the same JVM, runs interleaved so that load drift hits all alike.
#   before: java -cp queue-cli.jar queue.cli.QueueMain, default JVM flags, Logback initialised
#   after:  bin/queue (small-JVM flags, class-data-sharing archive / AOT cache, no-op logging)
# Usage: bench/run-cli.sh [RUNS] [JAVA_HOME...]   (default 20 runs; JDK 17 and 25 if present)
# Prints a Markdown table; raw times go to bench/results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
shift || true
homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
  for h in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
    [ -x "$h/bin/java" ] && homes+=("$h")
  done
fi
jar="$root/queue-cli/target/queue-cli.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q package -DskipTests)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$root/bench/results"
mkdir -p "$results"
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA

millis() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 </dev/null || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "| JDK | command | before ms | after ms | Hello ms | before / Hello | after / Hello |"
echo "|---|---|---:|---:|---:|---:|---:|"
for home in "${homes[@]}"; do
  java="$home/bin/java"
  version="$("$java" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/\1/')"
  "$home/bin/javac" -d "$work" "$work/Hello.java"
  dir="$work/q-${version}"
  before=("$java" -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider
    -cp "$jar" queue.cli.QueueMain --dir "$dir")
  after=(env JAVA_HOME="$home" "$root/bin/queue" --dir "$dir")
  "${after[@]}" agents add a >/dev/null 2>&1 || true
  # The first bin/queue run records the archive in the background; wait for it.
  for _ in $(seq 1 120); do
    ls "$root"/queue-cli/target/queue-cli-*.lock >/dev/null 2>&1 || break
    sleep 1
  done
  "${after[@]}" status --json >/dev/null
  raw="$results/cli-$(date +%Y%m%dT%H%M%S)-$version.txt"
  for cmd in "status --json" "send --to a x"; do
    : >"$work/hello" ; : >"$work/before" ; : >"$work/after"
    for _ in $(seq 1 "$runs"); do
      millis "$java" -cp "$work" Hello >>"$work/hello"
      # shellcheck disable=SC2086
      millis "${before[@]}" $cmd >>"$work/before"
      # shellcheck disable=SC2086
      millis "${after[@]}" $cmd >>"$work/after"
    done
    h=$(median <"$work/hello"); b=$(median <"$work/before"); a=$(median <"$work/after")
    { echo "$cmd"; paste "$work/hello" "$work/before" "$work/after"; } >>"$raw"
    awk -v v="$version" -v c="queue $cmd" -v b="$b" -v a="$a" -v h="$h" \
      'BEGIN {printf "| %s | `%s` | %d | %d | %d | %.1fx | %.1fx |\n", v, c, b, a, h, b/h, a/h}'
  done
done
