#!/usr/bin/env bash
# A real single-node Kafka (KRaft) broker on 127.0.0.1:9092 (controller 127.0.0.1:9093), from Maven Central
# jars: no Docker, no Kafka distribution to download. Used by dev/run.sh; also handy on its own.
#
#   kafka-local.sh start    resolve the jars (once), format the storage (once), start, wait until ready
#   kafka-local.sh stop     SIGTERM by PID and wait for the clean shutdown
#   kafka-local.sh status   exit 0 when running
#   kafka-local.sh reset    stop, then delete all broker data
#
# Environment:
#   KAFKA_LOCAL_DIR       state directory (data, pid file)     default: <this dir>/target/state
#   KAFKA_LOCAL_LOG       broker console log                   default: $KAFKA_LOCAL_DIR/kafka.log
#   KAFKA_LOCAL_JVM_OPTS  JVM flags for the broker             default: small heap, SerialGC, C1 only
#   KAFKA_LOCAL_TIMEOUT   seconds to wait for readiness        default: 90
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
STATE="${KAFKA_LOCAL_DIR:-$HERE/target/state}"
LOG="${KAFKA_LOCAL_LOG:-$STATE/kafka.log}"
LIB="$HERE/target/lib"
PID_FILE="$STATE/kafka.pid"
# Measured on a 2-core VM: ready in ~4 s, ~300 MiB RSS; the heap cap barely matters, threads and metaspace dominate.
JVM_OPTS="${KAFKA_LOCAL_JVM_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"
TIMEOUT="${KAFKA_LOCAL_TIMEOUT:-90}"
CP="$LIB/*"

say() { echo "[kafka] $*"; }

pid() { [[ -f "$PID_FILE" ]] && cat "$PID_FILE"; }

# Alive = exists, is not a zombie, and really is our broker. A killed orphan can linger as a zombie,
# and a stale pid file may point at a recycled pid, so kill -0 alone is not enough. /proc, not ps:
# a minimal Debian/Ubuntu image has no procps.
alive() {
  local p="$1" stat rest
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$p/stat" 2>/dev/null)" || return 1
  rest="${stat##*) }"
  [[ "${rest%% *}" != Z ]] || return 1
  tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'
}

running() { local p; p="$(pid)" && alive "$p"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

build_classpath() {
  # rebuild when the pom changed, and never mix the jars of two Kafka versions
  if [[ -d "$LIB" && ! "$HERE/pom.xml" -nt "$LIB" ]]; then return 0; fi
  say "resolving the broker jars from Maven Central into $LIB"
  rm -rf "$LIB"
  local out
  if ! out="$("$REPO/mvnw" -B -ntp -q -f "$HERE/pom.xml" package 2>&1)"; then
    echo "$out" >&2
    say "could not resolve the broker jars (see above)" >&2
    return 1
  fi
  touch "$LIB"
}

start() {
  if running; then say "already running (pid $(pid))"; return 0; fi
  local port
  for port in 9092 9093; do
    if port_busy "$port"; then
      say "port 127.0.0.1:$port is already in use by another process; stop it first" >&2
      return 1
    fi
  done
  build_classpath
  mkdir -p "$STATE" "$(dirname "$LOG")"
  cd "$STATE"
  if [[ ! -f kraft-logs/meta.properties ]]; then
    local cluster_id
    cluster_id="$(java -cp "$CP" kafka.tools.StorageTool random-uuid)"
    java -cp "$CP" kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$cluster_id" -c "$HERE/server.properties" > format.log 2>&1 \
      || { cat format.log >&2; say "formatting the storage failed" >&2; return 1; }
  fi
  : > "$LOG"
  # shellcheck disable=SC2086 # JVM_OPTS is a list of flags
  nohup java $JVM_OPTS -Dlog4j2.configurationFile="$HERE/log4j2.properties" \
    -cp "$CP" kafka.Kafka "$HERE/server.properties" >> "$LOG" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  # Ready = this log line: KRaft logs it only once the broker is unfenced and accepting; an open port is not enough.
  local deadline=$((SECONDS + TIMEOUT))
  while (( SECONDS < deadline )); do
    if grep -q "Kafka Server started" "$LOG"; then say "ready on 127.0.0.1:9092 (pid $(pid))"; return 0; fi
    if ! running; then say "the broker exited during startup; its log:" >&2; cat "$LOG" >&2; rm -f "$PID_FILE"; return 1; fi
    sleep 0.1
  done
  say "not ready after ${TIMEOUT}s; its log:" >&2
  cat "$LOG" >&2
  stop
  return 1
}

stop() {
  if ! running; then rm -f "$PID_FILE"; say "not running"; return 0; fi
  local p; p="$(pid)"
  kill -TERM "$p" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while (( SECONDS < deadline )); do
    if ! alive "$p"; then rm -f "$PID_FILE"; say "stopped"; return 0; fi
    sleep 0.1
  done
  say "did not stop within 30 s after SIGTERM; sending SIGKILL to pid $p" >&2
  kill -KILL "$p" 2>/dev/null || true
  rm -f "$PID_FILE"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(pid))"; else echo "stopped"; exit 1; fi ;;
  reset) stop; rm -rf "$STATE"; say "data deleted" ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
