#!/usr/bin/env bash
# Installs the Debian package that `mvn -B package` built (queue-dist/target/queue_*_all.deb) on
# this machine, as a user would: apt-get install ./...deb; then, as the package's user queue, on the
# service's data directory /var/lib/queue: queue --version, a send and queue-processor --once, and
# the delivery checked; then apt-get remove, which must remove the programs and keep /var/lib/queue.
# Needs root and apt-get (it says why and skips otherwise). Leaves no agent or inbox of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deb.sh: skipped: needs root and apt-get"
  exit 0
fi
debs=(queue-dist/target/queue_*_all.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
  echo "install-deb.sh: expected one queue-dist/target/queue_*_all.deb (mvn -B package builds it): ${debs[*]}" >&2
  exit 1
fi
deb="$(pwd)/${debs[0]}"
version="$(dpkg-deb -f "$deb" Version)"
fail() {
  echo "install-deb.sh: FAILED: $*" >&2
  exit 1
}

export DEBIAN_FRONTEND=noninteractive
echo "== apt-get install $deb"
apt-get install -y -qq "$deb" >/dev/null
[ "$(readlink -f /usr/bin/queue)" = /usr/share/queue/bin/queue ] || fail "/usr/bin/queue is not the package's"

as_queue() { (cd / && runuser -u queue -- "$@"); }
printed="$(as_queue queue --version | head -n 1)"
[ "$printed" = "queue ${version//\~/-}" ] || fail "queue --version printed '$printed', not 'queue ${version//\~/-}'"
echo "$printed"

agent="ci-smoke-$$"
as_queue queue --dir /var/lib/queue agents add "$agent" >/dev/null
id="$(as_queue queue --dir /var/lib/queue send --to "$agent" --json "from .ci/run" 2>/dev/null \
  | sed -n 's/.*"messageId":"\([^"]*\)".*/\1/p')"
[ -n "$id" ] || fail "queue send printed no message id"
as_queue queue-processor --dir /var/lib/queue --once 2>&1 | tail -n 1
grep -l "\"messageId\":\"$id\"" /var/lib/queue/inbox/"$agent"/new/*.json >/dev/null \
  || fail "message $id was not delivered to /var/lib/queue/inbox/$agent/new"
echo "delivered $id to $agent as the user queue"
as_queue queue --dir /var/lib/queue agents remove "$agent" >/dev/null
rm -rf "/var/lib/queue/inbox/$agent"

if command -v systemd-analyze >/dev/null 2>&1; then
  warnings="$(systemd-analyze verify /lib/systemd/system/queue-processor.service 2>&1)" \
    || fail "systemd-analyze verify: $warnings"
  [ -z "$warnings" ] || fail "systemd-analyze verify: $warnings"
fi
enabled="$(systemctl is-enabled queue-processor.service 2>/dev/null || true)"
[ "$enabled" = disabled ] || fail "queue-processor.service is '$enabled' after install, not disabled"

echo "== apt-get remove queue"
apt-get remove -y -qq queue >/dev/null
! command -v queue >/dev/null || fail "queue is still on PATH after apt-get remove"
[ ! -e /usr/share/queue ] || fail "/usr/share/queue is left after apt-get remove: $(ls -R /usr/share/queue)"
[ -f /var/lib/queue/queue.json ] || fail "/var/lib/queue/queue.json is gone after apt-get remove"
echo "install-deb.sh: installed, ran as the user queue, removed; /var/lib/queue kept"
