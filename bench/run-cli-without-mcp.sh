#!/usr/bin/env bash
# Does the MCP server cost the other commands their start-up? `queue status --json` through
# bin/queue with the built queue-cli.jar, against the same launcher with a copy of that jar from
# which the server and what only it needs (the MCP SDK, Reactor, Reactive Streams, the JSON Schema
# validator and its YAML) were deleted; runs interleaved, CPU time (perf stat's task-clock) and
# wall time of each, medians. Each launcher records its start-up archive first.
# Usage: bench/run-cli-without-mcp.sh [RUNS] [JAVA_HOME...]   (default 21 runs; JDK 17 and 25)
# Needs perf (Debian: linux-perf) and zip. Builds nothing: run `mvn -B -q package -DskipTests` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-21}"
shift || true
# shellcheck source=bench/jdks.sh
source "$root/bench/jdks.sh"
mapfile -t homes < <(jdk_homes "$@")
for tool in perf zip; do
  command -v "$tool" >/dev/null || { echo "run-cli-without-mcp.sh: needs $tool" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/without/bin" "$work/without/queue-cli/target"
cp "$root/bin/queue" "$work/without/bin/"
jar="$work/without/queue-cli/target/queue-cli.jar"
cp "$root/queue-cli/target/queue-cli.jar" "$jar"
zip -q -d "$jar" 'queue/mcp/*' 'io/modelcontextprotocol/*' 'reactor/*' 'org/reactivestreams/*' \
  'com/networknt/*' 'com/ethlo/*' 'org/yaml/*' 'org/snakeyaml/*' 'tools/jackson/dataformat/yaml/*' \
  'draft/*' 'ucd/*' 'META-INF/maven/io.modelcontextprotocol*' 'META-INF/maven/io.projectreactor*' \
  'META-INF/maven/com.networknt*' 'META-INF/maven/org.snakeyaml*'
launchers=("$root/bin/queue" "$work/without/bin/queue")
labels=("with the server" "without")
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); medians of $runs interleaved runs"
echo "jar entries: $(unzip -l "$root/queue-cli/target/queue-cli.jar" | tail -1 | awk '{print $2}') with the server, $(unzip -l "$jar" | tail -1 | awk '{print $2}') without"
echo "| JDK | queue status --json | CPU ms | wall ms |"
echo "|---|---|---:|---:|"
for home in "${homes[@]}"; do
  export JAVA_HOME="$home"
  version="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$home/release")"
  dir="$work/q-$version"
  for i in 0 1; do
    QUEUE_CDS=record "${launchers[$i]}" >/dev/null 2>&1 </dev/null \
      || echo "no start-up archive for ${labels[$i]}: timed without one" >&2
    : >"$work/times-$i"
  done
  "${launchers[0]}" --dir "$dir" agents add a >/dev/null
  for _ in $(seq "$runs"); do
    for i in 0 1; do
      perf stat -x, -e task-clock -o "$work/perf" "${launchers[$i]}" --dir "$dir" status --json \
        >/dev/null 2>&1 </dev/null
      start=$(date +%s%N)
      "${launchers[$i]}" --dir "$dir" status --json >/dev/null 2>&1 </dev/null
      end=$(date +%s%N)
      echo "$(awk -F, '/task-clock/ {print $1}' "$work/perf") $(((end - start) / 1000000))" \
        >>"$work/times-$i"
    done
  done
  for i in 0 1; do
    printf '| %s | %s | %s | %s |\n' "$version" "${labels[$i]}" \
      "$(cut -d' ' -f1 "$work/times-$i" | median)" "$(cut -d' ' -f2 "$work/times-$i" | median)"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
