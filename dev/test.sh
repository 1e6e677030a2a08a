#!/usr/bin/env bash
# Runs the whole test suite, `./mvnw -B -ntp verify`, against a real Redis on 127.0.0.1:6390.
# Starts that Redis (no persistence) when none answers there, and stops it again afterwards;
# installs redis-server with apt-get when it is missing and we may (root or passwordless sudo).
# Extra arguments go to Maven, e.g. `dev/test.sh -pl xds-service -am`. Exits with Maven's status.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=dev/lib.sh
source "$REPO/dev/lib.sh"

REDIS_PORT=6390   # not 6379, so tests never touch a developer's own Redis or a running dev/run.sh
LOGS="$REPO/.gantry/logs"
REDIS_PID=""

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  trap '' INT TERM
  if [[ -n "$REDIS_PID" ]]; then
    stop_pid "$REDIS_PID" redis-server 10
    say "test Redis on 127.0.0.1:$REDIS_PORT stopped"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if redis_answers "$REDIS_PORT"; then
  say "using the Redis server already answering on 127.0.0.1:$REDIS_PORT"
elif port_in_use "$REDIS_PORT"; then
  warn "127.0.0.1:$REDIS_PORT is in use by something that is not Redis; the tests need a Redis there"
  exit 1
else
  ensure_redis_installed || exit 1
  start_redis "$REDIS_PORT" "$LOGS/redis-$REDIS_PORT.log" || exit 1
  say "started a test Redis on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID, no persistence)"
fi

export GANTRY_REDIS_PORT="$REDIS_PORT"
# never -q: Surefire's "Tests run: ..." summary lines are how a run is read
cd "$REPO"
status=0
./mvnw -B -ntp verify "$@" || status=$?
exit "$status"
