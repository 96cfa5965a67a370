#!/usr/bin/env bash
# Several hosts on one PostgreSQL database, made of network namespaces on this machine:
#   db          Debian's PostgreSQL, run as the postgres user, listening on 10.77.0.1 only,
#               password (scram-sha-256) login for the role queue
#   h1, h2, h3  one queue-processor each (QUEUE_HOST=h1/h2/h3, a data directory each)
#   snd         the senders (bin/queue)
# joined by veth links to a bridge that lives in a namespace of its own (br). Nothing is added to
# the root namespace: no interface, address or route; every address is inside the namespaces, and
# test traffic goes only between them.
#
# Phase 1: exec agents that log every delivery and an inbox agent registered on h1; senders in
#   parallel. Checks: status on every host shows the three processors; 0 lost, 0 duplicates,
#   per-recipient order, no two deliveries to one recipient at once; the inbox agent's files land
#   only in h1's data directory.
# Phase 2: slow exec agents; h1 alone claims their entries, then its link is cut (down) for longer
#   than the lease while it delivers, h2 and h3 take over, and the link comes back. Checks: nothing
#   lost, order held, duplicates only of entries h1 held at the cut and had started, and h1's late
#   results change nothing (fencing: every agent's delivered counter equals its entries).
#
# Needs root, ip (iproute2), runuser and Debian's postgresql package (/usr/lib/postgresql/*/bin);
# without them it says why and exits 0. Needs the jars built (mvn -B package -DskipTests).
# Cleans up after itself (processes, namespaces, files; KEEP=1 keeps the files). Prints a summary
# and exits 1 if any check failed.
set -euo pipefail

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started_at=$(date +%s)

skip() {
  echo "several-hosts: skipped: $*"
  exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, and PostgreSQL run as the postgres user)"
command -v ip >/dev/null 2>&1 || skip "needs ip (iproute2)"
command -v runuser >/dev/null 2>&1 || skip "needs runuser (util-linux)"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || skip "needs Debian's postgresql package (apt-get install postgresql)"
id postgres >/dev/null 2>&1 || skip "needs the postgres user (Debian's postgresql package makes it)"
for jar in queue-cli/target/queue-cli.jar queue-processor/target/queue-processor.jar; do
  if [ ! -f "$root/$jar" ]; then
    echo "several-hosts: $root/$jar is missing; build first: mvn -B package -DskipTests" >&2
    exit 2
  fi
done

# ---------------------------------------------------------------------------------------------
# Set-up and clean-up

prefix="qh$$"
hosts=(h1 h2 h3)
declare -A address=([db]=10.77.0.1 [h1]=10.77.0.11 [h2]=10.77.0.12 [h3]=10.77.0.13 [snd]=10.77.0.20)
work="$(mktemp -d /tmp/several-hosts.XXXXXX)"
chmod 755 "$work"
url="postgresql://queue@${address[db]}:5432/queue"
lease=6
declare -A processor_pid=()
failures=0

cleanup() {
  local name pids
  trap - INT TERM
  if [ -f "$work/pg/postmaster.pid" ]; then
    in_ns db runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  for name in db h1 h2 h3 snd br; do
    if ip netns list | grep -qw "$prefix-$name"; then
      pids="$(ip netns pids "$prefix-$name" 2>/dev/null || true)"
      # shellcheck disable=SC2086 # a list of pids
      [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
      ip netns del "$prefix-$name" 2>/dev/null || true
    fi
  done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "several-hosts: files kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() {
  local name="$1"
  shift
  ip netns exec "$prefix-$name" "$@"
}

# A run killed with SIGKILL cannot clean up: its namespaces (qhPID-*) stay. Those of a dead run are
# removed, with whatever still runs in them.
remove_stale_namespaces() {
  local name owner pids
  for name in $(ip netns list | awk '{print $1}' | grep -E '^qh[0-9]+-(db|h1|h2|h3|snd|br)$' || true); do
    owner="${name%%-*}"
    owner="${owner#qh}"
    if ! kill -0 "$owner" 2>/dev/null; then
      pids="$(ip netns pids "$name" 2>/dev/null || true)"
      # shellcheck disable=SC2086 # a list of pids
      [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
      ip netns del "$name" 2>/dev/null || true
    fi
  done
}

make_network() {
  ip netns add "$prefix-br"
  in_ns br ip link set lo up
  in_ns br ip link add br0 type bridge
  in_ns br ip link set br0 up
  local name
  for name in db h1 h2 h3 snd; do
    ip netns add "$prefix-$name"
    in_ns "$name" ip link set lo up
    # Both ends are made inside the namespaces: the root namespace never sees them.
    in_ns "$name" ip link add eth0 type veth peer name "v-$name" netns "$prefix-br"
    in_ns "$name" ip addr add "${address[$name]}/24" dev eth0
    in_ns "$name" ip link set eth0 up
    in_ns br ip link set "v-$name" master br0
    in_ns br ip link set "v-$name" up
  done
}

start_postgres() {
  local data="$work/pg" password
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  mkdir -p "$data" "$work/pgrun"
  chown postgres:postgres "$data" "$work/pgrun"
  chmod 700 "$data"
  in_ns db runuser -u postgres -- "$pg_bin/initdb" -D "$data" -U postgres -A peer --auth-host=scram-sha-256 >"$work/initdb.log" 2>&1
  cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '${address[db]}'
port = 5432
unix_socket_directories = '$work/pgrun'
# A host cut off in the middle of a transaction must not hold its locks for ever.
idle_in_transaction_session_timeout = '10s'
tcp_keepalives_idle = 5
tcp_keepalives_interval = 2
tcp_keepalives_count = 3
EOF
  echo "host queue queue 10.77.0.0/24 scram-sha-256" >"$data/pg_hba.conf"
  echo "local all postgres peer" >>"$data/pg_hba.conf"
  in_ns db runuser -u postgres -- "$pg_bin/pg_ctl" -D "$data" -l "$work/pgrun/postgres.log" -w start >/dev/null
  in_ns db runuser -u postgres -- "$pg_bin/psql" -q -h "$work/pgrun" -d postgres \
    -c "CREATE ROLE queue LOGIN PASSWORD '$password'" -c "CREATE DATABASE queue OWNER queue"
  # The password reaches the programs the libpq way, through a password file (PGPASSFILE).
  echo "${address[db]}:5432:queue:queue:$password" >"$work/pgpass"
  chmod 600 "$work/pgpass"
}

# queue HOST ARGS: bin/queue on HOST's namespace, as a user there would run it.
queue() {
  local host="$1"
  shift
  in_ns "$host" env QUEUE_HOST="$host" QUEUE_DIR="$work/$host/mq" PGPASSFILE="$work/pgpass" \
    "$root/bin/queue" --store "$url" "$@"
}

start_processor() {
  local host="$1"
  mkdir -p "$work/$host/mq"
  # ip netns exec, env and the launcher exec in turn (no shell function between): $! is the
  # processor's JVM, the parent of the exec agents it runs.
  ip netns exec "$prefix-$host" env QUEUE_HOST="$host" QUEUE_DIR="$work/$host/mq" \
    PGPASSFILE="$work/pgpass" "$root/bin/queue-processor" --store "$url" --lease "${lease}s" \
    --workers 4 >>"$work/processor-$host.log" 2>&1 &
  processor_pid[$host]=$!
  disown # not a job the script waits for; the clean-up kills it
}

# ---------------------------------------------------------------------------------------------
# Reading what happened

# wait_for SECONDS WHAT COMMAND...: polls until COMMAND succeeds; a bound, not a measurement.
wait_for() {
  local bound="$1" what="$2" deadline
  shift 2
  deadline=$(($(date +%s) + bound))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "several-hosts: gave up after ${bound}s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
}

check() {
  local what="$1"
  shift
  if "$@"; then
    echo "  ok: $what"
  else
    echo "  FAILED: $what"
    failures=$((failures + 1))
  fi
}

status_field() { # status_field HOST FIELD: a number of status --json (totals, processor count)
  local json
  json="$(queue "$1" status --json)"
  case "$2" in
    count) grep -o '"processor":{[^}]*' <<<"$json" | grep -o '"count":[0-9]*' | cut -d: -f2 ;;
    *) grep -o '"totals":{[^}]*' <<<"$json" | grep -o "\"$2\":[0-9]*" | cut -d: -f2 ;;
  esac
}

processors_seen_from() { [ "$(status_field "$1" count)" = 3 ]; }

all_delivered() { # all_delivered COUNT
  local json
  json="$(queue snd status --json | grep -o '"totals":{[^}]*')"
  [[ "$json" == *"\"pending\":0,\"processing\":0,\"delivered\":$1,"* ]]
}

# Entries as "ID RECIPIENT STATE LEASE_OWNER" lines (the JSON's field order is fixed).
entries() {
  queue snd list --json "$@" | grep -o '"id":"[^"]*","messageId":"[^"]*","recipient":"[^"]*"\|"state":"[A-Z]*"\|"leaseOwner":[^,]*' |
    sed 's/^"id":"\([^"]*\)".*"recipient":"\([^"]*\)"$/\1 \2/; s/^"state":"\(.*\)"$/\1/; s/^"leaseOwner":"\{0,1\}\([^"]*\)"\{0,1\}$/\1/' |
    paste -d' ' - - -
}

# Agent log figures over LOGS...: "starts distinct duplicates inversions overlaps".
log_figures() {
  awk '
    FNR == 1 { furthest = ""; delete running; delete seen_here; open = 0 }
    $1 == "start" {
      starts++
      if (open > 0) overlaps++
      running[$2 " " $3] = 1; open++
      if (!($2 in seen_here)) {
        seen_here[$2] = 1
        if ($2 < furthest) inversions++
        if ($2 > furthest) furthest = $2
      }
      if (!($2 in seen)) { seen[$2] = 1; distinct++ }
    }
    $1 == "end" && (($2 " " $3) in running) { delete running[$2 " " $3]; open-- }
    END { printf "%d %d %d %d %d\n", starts, distinct, starts - distinct, inversions, overlaps }
  ' "$@"
}

delivered_ids() { awk '$1 == "start" { print $2 }' "$@" | sort -u; }

# ---------------------------------------------------------------------------------------------
# Phase 1: senders, three processors, exec agents and an inbox agent of h1

echo "== several-hosts: namespaces, PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') in $prefix-db"
remove_stale_namespaces
make_network
start_postgres
mkdir -p "$work/logs" "$work/snd/mq"
cat >"$work/agent.sh" <<'EOF'
#!/bin/bash
# agent.sh LOG [SECONDS]: logs "start ID PID TIME" and "end ID PID TIME" (PID: the processor).
IFS= read -r -d '' json || true
rest=${json#*\"id\":\"}
[ "$rest" != "$json" ] || exit 3
id=${rest%%\"*}
[ -n "$id" ] || exit 3
echo "start $id $PPID ${EPOCHREALTIME//[^0-9]/}" >> "$1"
[ -z "${2:-}" ] || sleep "$2"
echo "end $id $PPID ${EPOCHREALTIME//[^0-9]/}" >> "$1"
EOF
chmod 755 "$work/agent.sh"

echo "== agents: e1..e4 (exec, logged), box1 (inbox, registered on h1)"
for i in 1 2 3 4; do
  queue snd agents add "e$i" --exec "$work/agent.sh" "$work/logs/e$i.log" >/dev/null &
done
mkdir -p "$work/h1/mq"
queue h1 agents add box1 >/dev/null &
wait
for host in "${hosts[@]}"; do start_processor "$host"; done
for host in snd "${hosts[@]}"; do
  wait_for 180 "status on $host to show 3 processors" processors_seen_from "$host"
done
echo "  ok: status on snd, h1, h2 and h3 shows the three processors"

echo "== phase 1: 3 senders x 4 sends from snd"
send_loop() {
  local sender="$1" i
  for i in 1 2 3 4; do
    case $(((sender + i) % 3)) in
      0) queue snd send --from "s$sender" --broadcast "s$sender m$i" ;;
      1) queue snd send --from "s$sender" --to "e$((1 + (sender + i) % 4)),box1" "s$sender m$i" ;;
      *) queue snd send --from "s$sender" --to "e$((1 + i % 4)),e$((1 + (i + 1) % 4))" "s$sender m$i" ;;
    esac
  done >"$work/sender-$sender.out" 2>&1
}
pids=()
for s in 1 2 3; do
  send_loop "$s" &
  pids+=($!)
done
wait "${pids[@]}"
queued=$(cat "$work"/sender-*.out | sed -n 's/^queued for \([0-9]*\)\/.*/\1/p' | awk '{n += $1} END {print n + 0}')
wait_for 240 "the $queued entries of phase 1 to be delivered" all_delivered "$queued"
entries >"$work/phase1.entries"
read -r p1_starts p1_distinct p1_duplicates p1_inversions p1_overlaps < <(log_figures "$work"/logs/e*.log)
exec_expected="$(awk '$2 ~ /^e/ {print $1}' "$work/phase1.entries" | sort -u)"
box_expected=$(awk '$2 == "box1"' "$work/phase1.entries" | wc -l)
box_files() { find "$work/$1/mq" -path '*/inbox/box1/new/*.json' 2>/dev/null | wc -l; }
box_files_are() { [ "$(box_files "$1")" -eq "$2" ]; } # a condition wait_for can poll
p1_hosts=$(awk '$1 == "start" {print $3}' "$work"/logs/e*.log | sort -u | wc -l)
check "phase 1: $queued entries queued, $(wc -l <"$work/phase1.entries") in the store, all DELIVERED" \
  test "$(awk '$3 == "DELIVERED"' "$work/phase1.entries" | wc -l)" -eq "$queued"
check "phase 1: every exec entry reached its agent (0 lost)" \
  test "$exec_expected" = "$(delivered_ids "$work"/logs/e*.log)"
check "phase 1: $p1_duplicates duplicates, $p1_inversions out of order, $p1_overlaps overlapping" \
  test "$p1_duplicates$p1_inversions$p1_overlaps" = 000
check "phase 1: box1's $box_expected files only in h1's data directory (h1 $(box_files h1), h2 $(box_files h2), h3 $(box_files h3))" \
  test "$(box_files h1) $(box_files h2) $(box_files h3)" = "$box_expected 0 0"

# ---------------------------------------------------------------------------------------------
# Phase 2: h1 cut off from the database while it holds claims of slow agents

echo "== phase 2: slow agents w1..w3 (2 s a delivery); h1 claims them, then its link goes down"
pids=()
for i in 1 2 3; do
  queue snd agents add "w$i" --exec "$work/agent.sh" "$work/logs/w$i.log" 2 >/dev/null &
  pids+=($!)
done
wait "${pids[@]}"
# Every processor is stopped while the slow messages are sent; h1 goes on first and claims them all.
kill -STOP "${processor_pid[h1]}" "${processor_pid[h2]}" "${processor_pid[h3]}"
pids=()
for i in 1 2 3 4 5; do
  queue snd send --to w1,w2,w3 "slow $i" >/dev/null 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
kill -CONT "${processor_pid[h1]}"
h1_started_all() {
  local i
  for i in 1 2 3; do
    grep -q "^start [^ ]* ${processor_pid[h1]} " "$work/logs/w$i.log" 2>/dev/null || return 1
  done
}
wait_for 120 "h1 to deliver to w1, w2 and w3" h1_started_all
kill -CONT "${processor_pid[h2]}" "${processor_pid[h3]}"
# h1 is stopped while what it holds is read, so the list is exactly its claims at the cut.
kill -STOP "${processor_pid[h1]}"
entries --state processing | awk -v pid="${processor_pid[h1]}" 'index($4, pid "-") == 1 {print $1}' |
  sort >"$work/held-at-cut"
in_ns br ip link set v-h1 down
cut_at=$(date +%s)
kill -CONT "${processor_pid[h1]}"
phase2_total=$((queued + 15))
wait_for 240 "h2 and h3 to take over and deliver everything" all_delivered "$phase2_total"
cut_for=$(($(date +%s) - cut_at))
in_ns br ip link set v-h1 up
# Only h1 delivers to box1, and it settles what it kept before it claims anything new: once this
# message is in h1's inbox, h1's late results have been offered to the store.
queue snd send --to box1 "after the cut" >/dev/null 2>&1
wait_for 240 "h1 to deliver to box1 again" box_files_are h1 $((box_expected + 1))
wait_for 60 "the store to show it" all_delivered $((phase2_total + 1))
entries >"$work/phase2.entries"
read -r p2_starts p2_distinct p2_duplicates p2_inversions p2_overlaps < <(log_figures "$work"/logs/w*.log)
held=$(wc -l <"$work/held-at-cut")
repeated="$(awk '$1 == "start" {print $2}' "$work"/logs/w*.log | sort | uniq -d)"
h1_started="$(awk -v pid="${processor_pid[h1]}" '$1 == "start" && $3 == pid {print $2}' "$work"/logs/w*.log | sort -u)"
in_flight="$(comm -12 "$work/held-at-cut" <(echo "$h1_started"))"
counters_match() { # every agent's delivered counter equals its DELIVERED entries
  local json agent n
  json="$(queue snd status --json)"
  for agent in e1 e2 e3 e4 box1 w1 w2 w3; do
    n=$(awk -v a="$agent" '$2 == a && $3 == "DELIVERED"' "$work/phase2.entries" | wc -l)
    grep -q "{\"name\":\"$agent\",\"pending\":0,\"processing\":0,\"delivered\":$n," <<<"$json" || return 1
  done
}
check "phase 2: h1 cut off for ${cut_for}s (lease ${lease}s) while it held $held claims, $(echo "$in_flight" | sed '/^$/d' | wc -l) of them started" \
  test "$cut_for" -gt "$lease" -a "$held" -gt 0
check "phase 2: every slow entry reached its agent (0 lost)" \
  test "$(awk '$2 ~ /^w/ {print $1}' "$work/phase2.entries" | sort -u)" = "$(delivered_ids "$work"/logs/w*.log)"
check "phase 2: $p2_duplicates duplicates, each of an entry h1 held at the cut and had started" \
  test -z "$(comm -23 <(echo "$repeated" | sed '/^$/d') <(echo "$in_flight" | sed '/^$/d'))"
check "phase 2: $p2_inversions out of order, $p2_overlaps overlapping" \
  test "$p2_inversions$p2_overlaps" = 00
check "phase 2: h1's late results changed nothing (each agent's delivered counter = its entries)" \
  counters_match
check "phase 2: all three processors still running; status on h1 shows them" \
  processors_seen_from h1
# A call that was waiting on a connection when the link went down can fail only once the link is
# back (the server dropped that session meanwhile): h1 may say "lost" twice, but it ends "back".
h1_back() { grep StoreHealth "$work/processor-h1.log" | tail -1 | grep -q "is back"; }
wait_for 180 "h1's log to end with the store back" h1_back || true
check "phase 2: h1 logged the loss and the return of the store ($(grep -c "StoreHealth - lost" "$work/processor-h1.log") loss line(s)), and ends with it back" \
  h1_back

echo "== summary"
echo "  phase 1: $queued entries from 3 senders, $p1_starts exec deliveries by $p1_hosts hosts, 0 lost, $p1_duplicates duplicates, box1: $box_expected files on h1 only"
echo "  phase 2: 15 slow entries, h1 cut off ${cut_for}s (lease ${lease}s) holding $held claims, $p2_duplicates duplicates (in flight at the cut), 0 lost, counters unchanged by h1's late results"
echo "  wall time $(($(date +%s) - started_at)) s; $failures failed checks"
[ "$failures" -eq 0 ]
