#!/usr/bin/env bash
# `queue send` from a fresh process (bin/queue, as users run it) on a file store holding 100 and
# 100,000 live entries, and 100,000 with 5,000 records in its journal, next to a bare `java Hello`,
# RUNS rounds interleaved (default 20). Issue 18's target: at 100,000 within 1.3x of at 100.
# With BEFORE=DIR (another checkout, built) its bin/queue runs too, in the same rounds, on data
# directories its own bench/core makes (a journal's format may differ between the two).
# Usage: [BEFORE=DIR] bench/run-send.sh [RUNS]. Prints the machine and a Markdown table of
# medians; raw times go to bench/results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-20}"
trees=("$root")
[ -n "${BEFORE:-}" ] && trees=("$(cd "$BEFORE" && pwd)" "$root")
cd "$root"
[ -f queue-cli/target/queue-cli.jar ] || mvn -B -q package -DskipTests
work="$(mktemp -d "${TMPDIR:-/tmp}/queue-send.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p bench/results
raw="bench/results/send-$(date +%Y%m%dT%H%M%S).txt"
cat >"$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] args) { System.out.println("hello"); } }
JAVA
javac -d "$work" "$work/Hello.java"
cases=("100 0" "100000 0" "100000 5000")
for t in "${!trees[@]}"; do
  (cd "${trees[$t]}" && mvn -B -q -pl bench/core -am package -DskipTests)
  cp="${trees[$t]}/bench/core/target/classes:$(cat "${trees[$t]}/bench/core/target/classpath.txt")"
  for c in "${cases[@]}"; do
    set -- $c
    java -cp "$cp" queue.bench.core.BacklogMain "$work/q$t-$1-$2" "$1" "$2"
  done
  # Record the launcher's start-up archive before anything is timed.
  QUEUE_CDS=record "${trees[$t]}/bin/queue" --version >/dev/null 2>&1 || true
done

millis() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 </dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$raw"
echo "data directories on $(df -T "$work" | awk 'NR==2 {print $2 " (" $1 ")"}'); queue.json sizes:" | tee -a "$raw"
for t in "${!trees[@]}"; do
  echo "tree $t: ${trees[$t]}" | tee -a "$raw"
  for c in "${cases[@]}"; do
    set -- $c
    echo "  $1 live + $2 records: queue.json $(stat -c %s "$work/q$t-$1-$2/queue.json") B, journal $(stat -c %s "$work/q$t-$1-$2/queue.json.journal") B" | tee -a "$raw"
  done
done
: >"$work/hello"
for t in "${!trees[@]}"; do
  for c in "${cases[@]}"; do set -- $c; : >"$work/t$t-$1-$2"; done
done
# Each round runs the trees in the other order than the round before, so that neither always
# follows the other's largest case.
order=("${!trees[@]}")
for _ in $(seq 1 "$runs"); do
  millis java -cp "$work" Hello >>"$work/hello"
  for t in "${order[@]}"; do
    for c in "${cases[@]}"; do
      set -- $c
      millis "${trees[$t]}/bin/queue" --dir "$work/q$t-$1-$2" send --to agent-0 "a fresh send" \
        >>"$work/t$t-$1-$2"
    done
  done
  order=($(printf '%s\n' "${order[@]}" | tac))
done
h=$(median <"$work/hello")
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$raw"
{
  echo
  # The last column pairs each round's two runs (taken a moment apart), so that load drifting
  # between rounds, which moves medians by tens of percent here, cancels out.
  echo "| tree | case | median ms | / Hello | / send at 100 live | median of the rounds' ratios |"
  echo "|---|---|---:|---:|---:|---:|"
  echo "| | \`java Hello\` | $h | 1.0x | | |"
  for t in "${!trees[@]}"; do
    base=$(median <"$work/t$t-100-0")
    for c in "${cases[@]}"; do
      set -- $c
      m=$(median <"$work/t$t-$1-$2")
      paired=$(paste "$work/t$t-100-0" "$work/t$t-$1-$2" | awk '{printf "%.4f\n", $2 / $1}' | median)
      awk -v tree="$t" -v n="$1" -v r="$2" -v m="$m" -v h="$h" -v b="$base" -v p="$paired" \
        'BEGIN {printf "| %s | `queue send`, %d live, %d journal records | %s | %.2fx | %.2fx | %.2fx |\n", tree, n, r, m, m/h, m/b, p}'
    done
  done
} | tee -a "$raw"
{ echo; echo "raw (Hello, then each tree's cases):"; paste "$work/hello" "$work"/t[0-9]*; } >>"$raw"
echo "saved to $raw"
