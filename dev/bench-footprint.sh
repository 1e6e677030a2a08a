#!/usr/bin/env bash
# Memory and CPU of the running translator-service and xds-service at N routes (issue 12): idle, then under churn.
# Starts watcher, translator and xds-service as their own JVMs with dev/run.sh (Kafka and Redis too) on a generated
# folder (one Gateway, N HTTPRoutes in a file each, one Service per 10 routes), waits until the last route is in the
# snapshot xds-service serves, then measures each service's process:
#   - CPU: utime+stime from /proc/<pid>/stat over the window, as % of one core;
#   - heap after GC: `jcmd <pid> GC.run`, then the used heap from `jstat -gc` (survivors + eden + old);
#   - RSS from /proc/<pid>/status.
# Idle: a quiet window of IDLE seconds. Churn: one route edited every 1/RATE s (a file renamed into the folder,
# as an editor saves) for CHURN seconds.
#
#   dev/bench-footprint.sh [routes (5000)] [idle seconds (30)] [churn seconds (60)] [edits per second (2)]
#
# Environment: GANTRY_DEV_REDIS_PORT (a Redis of your own; default 6379), GANTRY_JAVA_OPTS (default below: the heap
# limit the k8s manifests give, default JIT), BUILD=0 to skip the build. Figures are printed and appended to
# target/bench-footprint.txt.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
ROUTES="${1:-5000}"; IDLE="${2:-30}"; CHURN="${3:-60}"; RATE="${4:-2}"
export GANTRY_JAVA_OPTS="${GANTRY_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"
REDIS_PORT="${GANTRY_DEV_REDIS_PORT:-6379}"
WORK="$(mktemp -d /tmp/gantry-footprint.XXXXXX)"
FOLDER="$WORK/manifests"; STAGING="$WORK/staging"
mkdir -p "$FOLDER/routes" "$STAGING" "$REPO/target"
CLK_TCK="$(getconf CLK_TCK)"
SERVICES_PER=10

say() { echo "[footprint] $*"; }

route_yaml() { # index path
  cat <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-$1
  namespace: default
spec:
  parentRefs:
  - name: bench
  hostnames:
  - r$1.bench.test
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: $2
    backendRefs:
    - name: svc-$(( $1 / SERVICES_PER ))
      port: 80
YAML
}

write_folder() {
  cat > "$FOLDER/gateway.yaml" <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: gantry
spec:
  controllerName: gantry.dev/gateway-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: bench
  namespace: default
spec:
  gatewayClassName: gantry
  listeners:
  - name: http
    protocol: HTTP
    port: 8080
YAML
  local s
  for (( s = 0; s < (ROUTES + SERVICES_PER - 1) / SERVICES_PER; s++ )); do
    cat <<YAML
apiVersion: v1
kind: Service
metadata:
  name: svc-$s
  namespace: default
spec:
  ports:
  - {name: http, port: 80, targetPort: $(( 20000 + s ))}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: svc-$s-abc12
  namespace: default
  labels: {kubernetes.io/service-name: svc-$s}
addressType: IPv4
ports:
- {name: http, port: $(( 20000 + s ))}
endpoints:
- addresses: [127.0.0.1]
  conditions: {ready: true}
---
YAML
  done > "$FOLDER/services.yaml"
  local i
  for (( i = 0; i < ROUTES; i++ )); do route_yaml "$i" / > "$FOLDER/routes/route-$i.yaml"; done
}

pid_of() { cat "$REPO/.gantry/run/$1.pid"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
heap_after_gc_mib() {
  jcmd "$1" GC.run > /dev/null
  jstat -gc "$1" | awk 'NR == 2 {printf "%.1f", ($3 + $4 + $6 + $8) / 1024}'
}
snapshot_has() { # text
  redis-cli -p "$REDIS_PORT" --raw HGET "gantry:snapshot:default/bench" part:5 2>/dev/null | grep -qa "$1"
}

# measure <label> <seconds> [churn]: CPU over the window, then heap after GC and RSS, for both services
measure() {
  local label="$1" seconds="$2" churn="${3:-}" svc
  declare -A before=()
  for svc in translator-service xds-service; do before[$svc]="$(cpu_ticks "$(pid_of $svc)")"; done
  local start=$SECONDS edits=0
  if [[ -n "$churn" ]]; then
    local pause; pause="$(awk -v r="$RATE" 'BEGIN {printf "%.3f", 1 / r}')"
    while (( SECONDS - start < seconds )); do
      local k=$(( (edits * 7919) % ROUTES ))
      route_yaml "$k" "/edit-$edits" > "$STAGING/route-$k.yaml"
      mv -f "$STAGING/route-$k.yaml" "$FOLDER/routes/route-$k.yaml"
      edits=$(( edits + 1 ))
      sleep "$pause"
    done
    # the last edit is served before the window's figures are taken
    local deadline=$(( SECONDS + 120 ))
    until snapshot_has "/edit-$(( edits - 1 ))"; do
      (( SECONDS < deadline )) || { say "the last edit never reached the snapshot"; break; }
      sleep 0.5
    done
  else
    sleep "$seconds"
  fi
  local elapsed=$(( SECONDS - start ))
  for svc in translator-service xds-service; do
    local pid; pid="$(pid_of $svc)"
    local cpu; cpu="$(awk -v a="${before[$svc]}" -v b="$(cpu_ticks "$pid")" -v t="$CLK_TCK" -v s="$elapsed" \
        'BEGIN {printf "%.1f", (b - a) / t / s * 100}')"
    printf '| %s | %s | %d routes | %s s%s | %s %% | %s MiB | %s MiB |\n' "$svc" "$label" "$ROUTES" "$elapsed" \
        "${churn:+, $edits edits}" "$cpu" "$(heap_after_gc_mib "$pid")" "$(rss_mib "$pid")" | tee -a "$REPORT"
  done
}

if [[ "${BUILD:-1}" == 1 ]]; then
  say "building (./mvnw -B -ntp package -DskipTests -pl watcher-service,translator-service,xds-service -am)"
  (cd "$REPO" && ./mvnw -B -ntp -q package -DskipTests -pl watcher-service,translator-service,xds-service -am)
fi
say "writing $ROUTES routes to $FOLDER"
write_folder
REPORT="$REPO/target/bench-footprint.txt"
{
  echo
  echo "# footprint $(date -u +%FT%TZ) $(git -C "$REPO" rev-parse --short HEAD), $(nproc) CPUs, JVM: $GANTRY_JAVA_OPTS"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "| service | phase | size | window | CPU (one core = 100 %) | heap after GC | RSS |"
  echo "|---|---|---|---|---:|---:|---:|"
} | tee -a "$REPORT"

GANTRY_SERVICES="watcher-service translator-service xds-service" GANTRY_RESOURCES_DIR="$FOLDER" \
  "$REPO/dev/run.sh" --no-build > "$WORK/run.log" 2>&1 &
RUN_PID=$!
trap 'kill "$RUN_PID" 2>/dev/null; wait "$RUN_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
loaded_at=$SECONDS
until snapshot_has "r$(( ROUTES - 1 )).bench.test"; do
  kill -0 "$RUN_PID" 2>/dev/null || { cat "$WORK/run.log"; exit 1; }
  (( SECONDS - loaded_at < 900 )) || { say "the routes never reached Redis"; exit 1; }
  sleep 2
done
say "all $ROUTES routes in the snapshot after $(( SECONDS - loaded_at )) s; settling 20 s"
sleep 20
measure idle "$IDLE"
measure churn "$CHURN" churn
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$REPORT"
