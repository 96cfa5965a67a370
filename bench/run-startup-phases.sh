#!/usr/bin/env bash
# Where a cold start of the queue command line spends its time, from the JVM's own class-loading
# log (-Xlog:class+load with the JVM's uptime on each line): for each command, RUNS runs through a
# launcher, the median uptime at which each part's first class was loaded (the JVM itself, our
# QueueMain, picocli, the command, the store, Jackson), the last class, the wall time of the whole
# run, and how many classes came from the start-up archive, from the jars and from the JDK's
# modules; and the same for `java Hello`.
# Usage: [LAUNCHER=bin/queue] bench/run-startup-phases.sh [RUNS] [JAVA_HOME]
#   (default 11 runs, the JDK of JAVA_HOME or java on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-11}"
home="${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
launcher="${LAUNCHER:-$root/bin/queue}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export JAVA_HOME="$home"
QUEUE_CDS=record "$launcher" >/dev/null 2>&1 </dev/null || true
"$launcher" --dir "$work/q" agents add a >/dev/null
"$launcher" --dir "$work/q" agents add w --pull >/dev/null
"$launcher" --dir "$work/q" send --to a x >/dev/null 2>&1
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  >"$work/Hello.java"
"$home/bin/javac" -d "$work" "$work/Hello.java"

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else printf "%.1f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# One run's milestones, in ms of JVM uptime: "NAME MS" lines, and class counts.
milestones() {
  awk '
    $1 ~ /^\[[0-9]+ns\]$/ {
      t = substr($1, 2, length($1) - 4) / 1e6
      n++
      last = t
      if ($0 ~ /source: shared objects file/) shared++
      else if ($0 ~ /source: jrt:/) jdk++
      else jar++
      if (!("main" in first) && $0 ~ / (queue\.cli\.QueueMain|Hello) /) first["main"] = t
      if (!("picocli" in first) && $0 ~ / picocli\./) first["picocli"] = t
      if (!("command" in first) && $0 ~ / queue\.cli\.(report|send|receive)\.[A-Za-z]*Command /) first["command"] = t
      if (!("store" in first) && $0 ~ / queue\.core\.(store|snapshot)\./) first["store"] = t
      if (!("jackson" in first) && $0 ~ / tools\.jackson\./) first["jackson"] = t
    }
    END {
      for (k in first) print k, first[k]
      print "last", last
      print "classes", n
      print "archived", shared + 0
      print "jars", jar + 0
      print "jdk", jdk + 0
    }' "$1"
}

report() {
  local name="$1"
  shift
  : >"$work/all"
  for i in $(seq 1 "$runs"); do
    log="$work/log-$i"
    s=$(date +%s%N)
    "$@" "$log" >/dev/null 2>&1 </dev/null || true
    e=$(date +%s%N)
    { milestones "$log"; echo "wall $(((e - s) / 1000000))"; } >>"$work/all"
  done
  printf '| %s |' "$name"
  for key in wall main picocli command store jackson last classes archived jars jdk; do
    printf ' %s |' "$(awk -v k="$key" '$1 == k {print $2}' "$work/all" | median)"
  done
  printf '\n'
}

hello() { "$home/bin/java" "-Xlog:class+load=info:file=$1:uptimenanos" -cp "$work" Hello; }
queue_run() {
  local log="${*: -1}"
  QUEUE_JAVA_OPTS="-Xlog:class+load=info:file=$log:uptimenanos" "$launcher" --dir "$work/q" "${@:1:$#-1}"
}
status() { queue_run status --json "$1"; }
send() { queue_run send --to a x "$1"; }
receive() { queue_run receive w "$1"; }

echo "JDK $("$home/bin/java" -version 2>&1 | head -n 1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); launcher $launcher; median of $runs runs"
echo "| run | wall ms | QueueMain (Hello) loaded ms | first picocli ms | first command class ms | first store class ms | first Jackson ms | last class ms | classes | from the archive | from jars | from JDK modules |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
report "java Hello" hello
report "queue status --json" status
report "queue send --to a x" send
report "queue receive w" receive
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
