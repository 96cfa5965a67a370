#!/usr/bin/env bash
# Cold-start benchmark of the queue command line through bin/queue: the median wall time of RUNS
# cold starts each of `queue status --json`, `queue send --to a x` and `queue receive w` (a pull
# agent with nothing due), next to a bare `java Hello` on the same JVM, runs interleaved so that
# load drift hits all alike. With BEFORE=DIR (another checkout, built) its bin/queue runs in the
# same rounds, for a before/after table. With INSTALLED=LAUNCHER (say /usr/bin/queue of the Debian
# package, or bin/queue of an unpacked release archive) that launcher runs in the same rounds too.
# Usage: [BEFORE=DIR] [INSTALLED=LAUNCHER] bench/run-cli.sh [RUNS] [JAVA_HOME...]
#   (default 20 runs; JDK 17 and 25)
# Prints the machine, then a Markdown table; raw times go to bench/results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
shift || true
# shellcheck source=bench/jdks.sh
source "$root/bench/jdks.sh"
mapfile -t homes < <(jdk_homes "$@")
trees=("$root")
[ -n "${BEFORE:-}" ] && trees=("$(cd "$BEFORE" && pwd)" "$root")
for tree in "${trees[@]}"; do
  [ -f "$tree/queue-cli/target/queue-cli.jar" ] || (cd "$tree" && mvn -B -q package -DskipTests)
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$root/bench/results"
mkdir -p "$results"
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA
commands=("status --json" "send --to a x" "receive w")

millis() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 </dev/null || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
version_of() { sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$1/release"; }

# Each launcher records its start-up archive for this JDK (in the foreground; nothing if it has a
# fresh one) before anything is timed: every timed run then starts as users' runs do.
record_archive() {
  JAVA_HOME="$2" QUEUE_CDS=record "$1" >/dev/null 2>&1 </dev/null \
    || echo "no start-up archive for $1 with $2: timed without one" >&2
}

launchers=()
labels=()
for tree in "${trees[@]}"; do
  launchers+=("$tree/bin/queue")
  labels+=("$tree")
done
if [ -n "${INSTALLED:-}" ]; then
  launchers+=("$INSTALLED")
  labels+=("installed $INSTALLED")
fi

echo "machine: $(nproc) cores, $(uname -sr), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf "| JDK | command |"
  for label in "${labels[@]}"; do printf " %s ms |" "$label"; done
  printf " Hello ms |"
  for label in "${labels[@]}"; do printf " %s / Hello |" "$label"; done
  printf "\n|---|---|"
  for _ in "${labels[@]}" "${labels[@]}" Hello; do printf -- "---:|"; done
  printf "\n"
} >"$work/table"
for home in "${homes[@]}"; do
  java="$home/bin/java"
  version="$(version_of "$home")"
  "$home/bin/javac" -d "$work" "$work/Hello.java"
  raw="$results/cli-$(date +%Y%m%dT%H%M%S)-$version.txt"
  for i in "${!launchers[@]}"; do
    dir="$work/q-$i-$version"
    run=(env JAVA_HOME="$home" "${launchers[$i]}" --dir "$dir")
    record_archive "${launchers[$i]}" "$home"
    "${run[@]}" agents add a >/dev/null 2>&1
    "${run[@]}" agents add w --pull >/dev/null 2>&1
  done
  for cmd in "${commands[@]}"; do
    : >"$work/hello"
    for i in "${!launchers[@]}"; do : >"$work/tree$i"; done
    for _ in $(seq 1 "$runs"); do
      millis "$java" -cp "$work" Hello >>"$work/hello"
      for i in "${!launchers[@]}"; do
        # shellcheck disable=SC2086 # $cmd is a command line, split on purpose.
        millis env JAVA_HOME="$home" "${launchers[$i]}" --dir "$work/q-$i-$version" $cmd \
          >>"$work/tree$i"
      done
    done
    h=$(median <"$work/hello")
    { echo "$cmd (Hello, then each launcher: ${launchers[*]})"; paste "$work/hello" "$work"/tree*; } >>"$raw"
    line="| $version | \`queue $cmd\` |"
    ratios=""
    for i in "${!launchers[@]}"; do
      t=$(median <"$work/tree$i")
      line="$line $t |"
      ratios="$ratios $(awk -v t="$t" -v h="$h" 'BEGIN {printf "%.1fx", t/h}') |"
    done
    echo "$line $h |$ratios" >>"$work/table"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$work/table"
