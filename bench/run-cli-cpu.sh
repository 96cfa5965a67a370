#!/usr/bin/env bash
# The CPU time (perf stat's task-clock: every thread of the JVM and the launcher) and the wall time
# of cold starts of `queue status --json`, `send` and `receive` through bin/queue, next to `java
# Hello`, each the mean of RUNS runs: CPU time stays meaningful on a loaded machine, where the wall
# time mostly measures the wait for a core. With BEFORE_OPTS (default: the launcher's options before
# this round, the serial collector and picocli's search for Groovy) the same launcher also runs with
# those options added, for an A/B in the same rounds. Needs perf (Debian: linux-perf).
# Usage: [LAUNCHER=bin/queue] [BEFORE_OPTS='...'] bench/run-cli-cpu.sh [RUNS] [JAVA_HOME...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-21}"
shift || true
# shellcheck source=bench/jdks.sh
source "$root/bench/jdks.sh"
mapfile -t homes < <(jdk_homes "$@")
launcher="${LAUNCHER:-$root/bin/queue}"
before="${BEFORE_OPTS--XX:+UseSerialGC -Dpicocli.disable.closures=false}"
command -v perf >/dev/null || { echo "run-cli-cpu.sh: needs perf" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  >"$work/Hello.java"

measure() { # LABEL COMMAND...: one table row
  local label="$1"
  shift
  perf stat -r "$runs" -o "$work/perf" "$@" >/dev/null 2>&1 </dev/null
  printf '| %s | %s | %s |\n' "$label" \
    "$(awk '/task-clock/ {printf "%.1f", $1}' "$work/perf")" \
    "$(awk '/seconds time elapsed/ {printf "%.1f", $1 * 1000}' "$work/perf")"
}

echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); launcher $launcher; mean of $runs runs"
echo "| JDK, run | CPU ms | wall ms |"
echo "|---|---:|---:|"
for home in "${homes[@]}"; do
  export JAVA_HOME="$home"
  version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$home/release")"
  "$home/bin/javac" -d "$work" "$work/Hello.java"
  QUEUE_CDS=record "$launcher" >/dev/null 2>&1 </dev/null || true
  dir="$work/q-$version"
  "$launcher" --dir "$dir" agents add a >/dev/null
  "$launcher" --dir "$dir" agents add w --pull >/dev/null
  measure "$version java Hello" "$home/bin/java" -cp "$work" Hello
  for cmd in "status --json" "send --to a x" "receive w"; do
    # shellcheck disable=SC2086 # $cmd is a command line, split on purpose.
    measure "$version queue $cmd" "$launcher" --dir "$dir" $cmd
    if [ -n "$before" ]; then
      # shellcheck disable=SC2086
      measure "$version queue $cmd, before ($before)" env QUEUE_JAVA_OPTS="$before" "$launcher" --dir "$dir" $cmd
    fi
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
