#!/usr/bin/env bash
# Runs the whole Gantry control plane on this machine, no Docker needed: a Kafka broker (KRaft, from Maven
# Central jars), Redis, and the five services, fed from the YAML manifests in examples/.
# Ctrl-C (or SIGTERM) stops everything this script started.
#
#   dev/run.sh [--no-build]
#
# Needs: a JDK 17+. Installs redis-server with apt-get when it is missing and we may (root or passwordless sudo).
# Environment:
#   GANTRY_SERVICES        services to start (default: all five); "" starts only Kafka and Redis
#   GANTRY_RESOURCES_DIR   folder of manifests the watcher serves (default: <repo>/examples)
#   GANTRY_JAVA_OPTS       JVM flags for the services (default: small heap, SerialGC, C1 only: quick startup)
#   GANTRY_READY_TIMEOUT   seconds to wait for all services to be ready (default: 300)
#   GANTRY_DEV_REDIS_PORT  the Redis port (default: 6379); a Redis already answering there is used and left running
# Files: .gantry/secrets.key holds the random key Secret values are sealed with (made on the first run).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=dev/lib.sh
source "$REPO/dev/lib.sh"

STATE="$REPO/.gantry"
LOGS="$STATE/logs"
PIDS_DIR="$STATE/run"
KAFKA_TOOL="$REPO/tools/local-kafka/kafka-local.sh"
KAFKA_STATE="$STATE/kafka"
REDIS_PORT="${GANTRY_DEV_REDIS_PORT:-6379}"
XDS_ADDRESS="127.0.0.1:18000"
ENVOY_ADMIN_PORT=19000
RESOURCES_DIR="${GANTRY_RESOURCES_DIR:-$REPO/examples}"
JAVA_OPTS="${GANTRY_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError}"
READY_TIMEOUT="${GANTRY_READY_TIMEOUT:-300}"

ALL_SERVICES=(watcher-service translator-service xds-service ratelimit-service extauth-service)
read -r -a SERVICES <<< "${GANTRY_SERVICES-${ALL_SERVICES[*]}}"
declare -A HTTP_PORT=([watcher-service]=9101 [translator-service]=9102 [xds-service]=9103
                      [ratelimit-service]=9104 [extauth-service]=9105)
declare -A GRPC_PORT=([xds-service]=18000 [ratelimit-service]=18001 [extauth-service]=18002)

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) warn "unknown argument: $arg (try --help)"; exit 2 ;;
  esac
done
for svc in "${SERVICES[@]}"; do
  [[ -n "${HTTP_PORT[$svc]:-}" ]] || { warn "unknown service in GANTRY_SERVICES: $svc"; exit 2; }
done

# ---------------------------------------------------------------------------------------------- cleanup
declare -A SERVICE_PID=()
KAFKA_STARTED=0
REDIS_PID=""
CLEANED=0

cleanup() {
  (( CLEANED )) && return 0
  CLEANED=1
  # A second Ctrl-C must not leave half of it running, and neither may a closed output: with
  # `dev/run.sh | tee run.log`, Ctrl-C kills tee too, and the next message would SIGPIPE this script.
  trap '' INT TERM HUP PIPE
  set +e
  local i svc
  if (( ${#SERVICE_PID[@]} || KAFKA_STARTED )) || [[ -n "$REDIS_PID" ]]; then say "stopping..."; fi
  # reverse start order: consumers first, so nothing logs errors about a vanished Kafka or Redis
  for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do
    svc="${SERVICES[$i]}"
    [[ -n "${SERVICE_PID[$svc]:-}" ]] || continue
    stop_pid "${SERVICE_PID[$svc]}" "$svc" 30
    rm -f "$PIDS_DIR/$svc.pid"
    say "  $svc stopped"
  done
  if (( KAFKA_STARTED )); then
    local out
    out="$(KAFKA_LOCAL_DIR="$KAFKA_STATE" KAFKA_LOCAL_LOG="$LOGS/kafka.log" "$KAFKA_TOOL" stop 2>&1)"
    say "  $out"
  fi
  if [[ -n "$REDIS_PID" ]]; then
    stop_pid "$REDIS_PID" redis-server 10
    rm -f "$PIDS_DIR/redis.pid"
    say "  redis stopped"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP   # terminal closed

# --------------------------------------------------------------------------------------------- preflight
check_java() {
  command -v java > /dev/null || { warn "java is not on the PATH; install a JDK 17 or newer (e.g. apt-get install -y openjdk-17-jdk-headless)"; exit 1; }
  local version major
  version="$(java -version 2>&1 | head -n 1)"
  major="$(sed -E 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/' <<< "$version")"
  # "1.8.0_x" style versions mean Java 8
  if [[ "${major%% *}" == 1 ]]; then major="${major#* }"; else major="${major%% *}"; fi
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    warn "Gantry needs Java 17 or newer; found: $version"; exit 1
  fi
}

# Names the process of an earlier run of this script that holds a port, if it is one of ours.
port_owner_hint() {
  local port="$1" f="" p svc
  case "$port" in
    9092|9093) f="$KAFKA_STATE/kafka.pid" ;;
    "$REDIS_PORT") f="$PIDS_DIR/redis.pid" ;;
    *) for svc in "${ALL_SERVICES[@]}"; do
         [[ "${HTTP_PORT[$svc]}" == "$port" || "${GRPC_PORT[$svc]:-}" == "$port" ]] && f="$PIDS_DIR/$svc.pid"
       done ;;
  esac
  [[ -n "$f" && -f "$f" ]] || return 0
  p="$(cat "$f")"
  pid_alive "$p" && echo " by $(basename "$f" .pid) (pid $p) started by another dev/run.sh: kill $p"
  return 0
}

check_ports() {
  local conflicts=() port name
  local -A wanted=([9092]="Kafka broker" [9093]="Kafka controller")
  for svc in "${SERVICES[@]}"; do
    wanted[${HTTP_PORT[$svc]}]="$svc (Actuator)"
    [[ -n "${GRPC_PORT[$svc]:-}" ]] && wanted[${GRPC_PORT[$svc]}]="$svc (gRPC)"
  done
  for port in $(printf '%s\n' "${!wanted[@]}" | sort -n); do
    if port_in_use "$port"; then
      conflicts+=("  127.0.0.1:$port, needed by ${wanted[$port]}, is already in use$(port_owner_hint "$port")")
    fi
  done
  REDIS_EXTERNAL=0
  if redis_answers "$REDIS_PORT"; then
    REDIS_EXTERNAL=1
  elif port_in_use "$REDIS_PORT"; then
    conflicts+=("  127.0.0.1:$REDIS_PORT, needed by Redis, is in use by something that is not Redis$(port_owner_hint "$REDIS_PORT")")
  fi
  if (( ${#conflicts[@]} )); then
    warn "cannot start: ports are taken"
    printf '%s\n' "${conflicts[@]}" >&2
    warn "stop what holds them (an earlier dev/run.sh? see: ss -ltnp) and run this again"
    exit 1
  fi
}

# namespace/name of the first Gateway in the manifests folder: the node.cluster Envoy must present
find_gateway() {
  local f found=""
  while IFS= read -r f; do
    found="$(awk '
      function flush() { if (kind == "Gateway" && name != "") { print (ns == "" ? "default" : ns) "/" name; exit } }
      /^---/ { flush(); kind = ""; name = ""; ns = ""; meta = 0; next }
      /^kind:[ \t]*Gateway[ \t]*$/ { kind = "Gateway"; next }
      /^metadata:/ { meta = 1; next }
      /^[^ \t#]/ { meta = 0 }
      meta && /^  name:/ { name = $2; gsub(/["\047]/, "", name) }
      meta && /^  namespace:/ { ns = $2; gsub(/["\047]/, "", ns) }
      END { flush() }' "$f")"
    [[ -n "$found" ]] && { echo "$found"; return; }
  done < <(find "$RESOURCES_DIR" -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null | sort)
  echo "default/example-gateway"
}

check_java
[[ -d "$RESOURCES_DIR" ]] || { warn "manifests folder not found: $RESOURCES_DIR"; exit 1; }
check_ports
if (( ! REDIS_EXTERNAL )); then
  ensure_redis_installed || exit 1
  # a freshly installed package may have started its own server (systemd on Ubuntu): use it then
  redis_answers "$REDIS_PORT" && REDIS_EXTERNAL=1
fi
mkdir -p "$LOGS" "$PIDS_DIR"

# ----------------------------------------------------------------------------------------------- build
if (( BUILD )); then
  say "building the services (./mvnw -B -ntp package -DskipTests; output in $LOGS/build.log)"
  if ! (cd "$REPO" && ./mvnw -B -ntp package -DskipTests) > "$LOGS/build.log" 2>&1; then
    tail -n 40 "$LOGS/build.log" >&2
    warn "the build failed; full output: $LOGS/build.log"
    exit 1
  fi
fi
for svc in "${SERVICES[@]}"; do
  jar="$REPO/$svc/target/$svc-0.1.0-SNAPSHOT-exec.jar"
  [[ -f "$jar" ]] || { warn "missing $jar: run without --no-build"; exit 1; }
done

# ------------------------------------------------------------------------------------------ Kafka, Redis
KAFKA_STARTED=1
KAFKA_LOCAL_DIR="$KAFKA_STATE" KAFKA_LOCAL_LOG="$LOGS/kafka.log" "$KAFKA_TOOL" start | sed 's/^/[gantry] /'
if (( REDIS_EXTERNAL )); then
  say "[redis] using the Redis server already running on 127.0.0.1:$REDIS_PORT (it will be left running)"
else
  start_redis "$REDIS_PORT" "$LOGS/redis.log" || exit 1
  echo "$REDIS_PID" > "$PIDS_DIR/redis.pid"
  say "[redis] ready on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID, no persistence)"
fi

# -------------------------------------------------------------------------------------------- services
# The key the watcher seals Secret values with and xds-service opens them with: random, made once, kept in
# .gantry/ (git-ignored) so sealed values in a kept Kafka log still open after a restart.
SECRETS_KEY_FILE="$STATE/secrets.key"
if [[ ! -s "$SECRETS_KEY_FILE" ]]; then
  (umask 077 && head -c 32 /dev/urandom | base64 > "$SECRETS_KEY_FILE")
  say "generated the secrets key ${SECRETS_KEY_FILE#"$REPO"/}"
fi
SECRETS_KEY="$(tr -d '[:space:]' < "$SECRETS_KEY_FILE")"

for svc in "${SERVICES[@]}"; do
  args=(--spring.kafka.bootstrap-servers=127.0.0.1:9092
        --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT")
  # Every port on loopback, as the README promises: the HTTP/Actuator port, and the gRPC port of the services
  # that have one (Spring gRPC binds all interfaces unless told otherwise).
  args+=(--server.address=127.0.0.1)
  # Development mode: the Actuator is open (docs/security.md); accepted only on a loopback address, as here.
  args+=(--gantry.actuator.auth.mode=none)
  [[ -n "${GRPC_PORT[$svc]:-}" ]] && args+=(--spring.grpc.server.host=127.0.0.1)
  # Development mode: xDS clients are not authenticated (docs/security.md). xds-service refuses this mode
  # unless its gRPC server is bound to loopback, which the line above makes it.
  [[ "$svc" == xds-service ]] && args+=(--gantry.xds.auth.mode=none)
  [[ "$svc" == watcher-service ]] && args+=(--gantry.watcher.file.directory="$RESOURCES_DIR")
  # Envoy's rate-limit and ext_authz filters call the services here, on loopback
  [[ "$svc" == translator-service ]] && args+=(--gantry.policy-services.rate-limit-host=127.0.0.1
                                             --gantry.policy-services.ext-auth-host=127.0.0.1)
  key_env=()
  # through the environment, not arguments: arguments show in every `ps`
  # the watcher seals Secret values with the key; xds-service (TLS keys) and extauth-service (API keys, client
  # secrets) open them
  [[ "$svc" == watcher-service || "$svc" == xds-service || "$svc" == extauth-service ]] \
    && key_env=(GANTRY_SECRETS_ACTIVE_KEY=dev GANTRY_SECRETS_KEYS_DEV="$SECRETS_KEY")
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  env "${key_env[@]}" java $JAVA_OPTS -jar "$REPO/$svc/target/$svc-0.1.0-SNAPSHOT-exec.jar" "${args[@]}" \
    > "$LOGS/$svc.log" 2>&1 < /dev/null &
  SERVICE_PID[$svc]=$!
  echo "$!" > "$PIDS_DIR/$svc.pid"
  say "[$svc] started (pid $!), log: ${LOGS#"$REPO"/}/$svc.log"
done

# Ready = the service's own Actuator readiness group is UP (Kafka/Redis reachable, initial sync done).
started_at=$SECONDS
declare -A READY=()
while (( ${#READY[@]} < ${#SERVICES[@]} )); do
  for svc in "${SERVICES[@]}"; do
    [[ -n "${READY[$svc]:-}" ]] && continue
    if ! pid_alive "${SERVICE_PID[$svc]}"; then
      warn "[$svc] exited during startup; the end of its log ($LOGS/$svc.log):"
      tail -n 30 "$LOGS/$svc.log" >&2
      exit 1
    fi
    if [[ "$(http_status "${HTTP_PORT[$svc]}" /actuator/health/readiness)" == 200 ]]; then
      READY[$svc]=1
      say "[$svc] ready after $((SECONDS - started_at))s (http://127.0.0.1:${HTTP_PORT[$svc]}/actuator/health/readiness)"
    fi
  done
  if (( SECONDS - started_at > READY_TIMEOUT )); then
    for svc in "${SERVICES[@]}"; do
      [[ -n "${READY[$svc]:-}" ]] && continue
      warn "[$svc] not ready after ${READY_TIMEOUT}s (readiness answers HTTP $(http_status "${HTTP_PORT[$svc]}" /actuator/health/readiness)); the end of its log:"
      tail -n 20 "$LOGS/$svc.log" >&2
    done
    exit 1
  fi
  sleep 0.5
done

# -------------------------------------------------------------------------------------- how to connect
GATEWAY="$(find_gateway)"
cat > "$STATE/envoy-bootstrap.yaml" <<EOF
# Envoy bootstrap for the Gateway $GATEWAY, written by dev/run.sh: envoy -c $STATE/envoy-bootstrap.yaml
node:
  id: envoy-dev-1
  cluster: $GATEWAY            # xds-service picks the Gateway by node.cluster = <namespace>/<name>
dynamic_resources:
  ads_config:
    api_type: GRPC
    transport_api_version: V3
    grpc_services:
      - envoy_grpc: { cluster_name: gantry-xds }
  lds_config: { ads: {}, resource_api_version: V3 }
  cds_config: { ads: {}, resource_api_version: V3 }
static_resources:
  clusters:
    - name: gantry-xds
      type: STATIC
      connect_timeout: 1s
      typed_extension_protocol_options:
        envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
          "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
          explicit_http_config: { http2_protocol_options: {} }
      load_assignment:
        cluster_name: gantry-xds
        endpoints:
          - lb_endpoints:
              - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 18000 } } }
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: $ENVOY_ADMIN_PORT } }
EOF
cat > "$STATE/grpc-xds-bootstrap.json" <<EOF
{
  "xds_servers": [
    {
      "server_uri": "$XDS_ADDRESS",
      "channel_creds": [{ "type": "insecure" }],
      "server_features": ["xds_v3"]
    }
  ],
  "node": { "id": "grpc-client-dev-1", "cluster": "$GATEWAY", "locality": { "zone": "local" } }
}
EOF

rel() { echo "${1#"$REPO"/}"; }
echo
say "Gantry is running."
if (( ${#SERVICES[@]} )); then
  say "xDS (ADS over gRPC): $XDS_ADDRESS    Gateway: $GATEWAY    manifests: $RESOURCES_DIR"
  echo
  say "Envoy: envoy -c $(rel "$STATE/envoy-bootstrap.yaml")   (admin on 127.0.0.1:$ENVOY_ADMIN_PORT)"
  sed -n '2,$p' "$STATE/envoy-bootstrap.yaml" | sed 's/^/    /'
  echo
  say "Proxyless gRPC (grpc-xds): GRPC_XDS_BOOTSTRAP=$(rel "$STATE/grpc-xds-bootstrap.json"), then dial xds:///<route hostname>"
  sed 's/^/    /' "$STATE/grpc-xds-bootstrap.json"
  echo
fi
say "Kafka 127.0.0.1:9092, Redis 127.0.0.1:$REDIS_PORT"
for svc in "${SERVICES[@]}"; do
  say "  $svc: http://127.0.0.1:${HTTP_PORT[$svc]}/actuator${GRPC_PORT[$svc]:+, gRPC 127.0.0.1:${GRPC_PORT[$svc]}}"
done
say "Logs: $(rel "$LOGS")/ (kafka.log, redis.log, <service>.log)"
say "Press Ctrl-C to stop everything."

# Stay in the foreground; if any process dies, say which and stop the rest.
while :; do
  for svc in "${SERVICES[@]}"; do
    if ! pid_alive "${SERVICE_PID[$svc]}"; then
      warn "[$svc] exited unexpectedly; the end of its log ($LOGS/$svc.log):"
      tail -n 30 "$LOGS/$svc.log" >&2
      exit 1
    fi
  done
  if ! KAFKA_LOCAL_DIR="$KAFKA_STATE" "$KAFKA_TOOL" status > /dev/null; then
    warn "[kafka] the broker exited unexpectedly; the end of its log ($LOGS/kafka.log):"
    tail -n 30 "$LOGS/kafka.log" >&2
    exit 1
  fi
  if [[ -n "$REDIS_PID" ]] && ! pid_alive "$REDIS_PID"; then
    warn "[redis] redis-server exited unexpectedly; the end of its log ($LOGS/redis.log):"
    tail -n 30 "$LOGS/redis.log" >&2
    exit 1
  fi
  # wait (not a foreground sleep) so Ctrl-C and SIGTERM are handled at once
  sleep 2 & wait $! || true
done
