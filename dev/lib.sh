# shellcheck shell=bash
# Shell helpers shared by dev/run.sh and dev/test.sh (sourced, not run).
# They need nothing beyond bash and coreutils: a fresh Debian/Ubuntu image has no ps, ss, curl or nc,
# so probes use bash's /dev/tcp and process checks read /proc.

say() { printf '[gantry] %s\n' "$*"; }
warn() { printf '[gantry] %s\n' "$*" >&2; }

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when a Redis server answers PING on 127.0.0.1:$1.
redis_answers() {
  local port="$1" reply=""
  {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 || true
    exec 3<&-
  } 2>/dev/null
  [[ "$reply" == "+PONG"* ]]
}

# HTTP status code of GET http://127.0.0.1:$1$2, or 000 when nothing answers.
http_status() {
  local port="$1" path="$2" line=""
  {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || { echo 000; return 0; }
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    IFS= read -r -t 5 line <&3 || true
    exec 3<&-
  } 2>/dev/null
  # "HTTP/1.1 200 " -> 200
  line="${line#HTTP/* }"
  line="${line%% *}"
  [[ "$line" =~ ^[0-9]{3}$ ]] && echo "$line" || echo 000
}

# True while pid $1 exists and is not a zombie.
pid_alive() {
  local p="$1" stat rest
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$p/stat" 2>/dev/null)" || return 1
  rest="${stat##*) }"
  [[ "${rest%% *}" != Z ]]
}

# SIGTERM pid $1 (named $2 in messages), wait up to $3 seconds (default 30), then SIGKILL.
stop_pid() {
  local p="$1" name="$2" limit="${3:-30}"
  pid_alive "$p" || return 0
  kill -TERM "$p" 2>/dev/null || return 0
  local deadline=$((SECONDS + limit))
  while (( SECONDS < deadline )); do
    pid_alive "$p" || { wait "$p" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  warn "$name (pid $p) did not stop within ${limit}s after SIGTERM; sending SIGKILL"
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

# Makes sure redis-server is installed: installs it with apt-get when we are root or have passwordless
# sudo, otherwise says exactly what to install and returns 1.
ensure_redis_installed() {
  command -v redis-server > /dev/null && return 0
  local sudo=()
  if (( EUID != 0 )); then
    if command -v sudo > /dev/null && sudo -n true 2> /dev/null; then sudo=(sudo -n); else sudo=(missing); fi
  fi
  if [[ "${sudo[0]:-}" != missing ]] && command -v apt-get > /dev/null; then
    say "redis-server is not installed; installing it with apt-get"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
        || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server > /dev/null; then
      warn "apt-get install redis-server failed"
      return 1
    fi
    command -v redis-server > /dev/null && return 0
  fi
  warn "redis-server is not installed, and this script cannot install it (it needs root or passwordless sudo)."
  warn "Install it, then run this again:"
  if command -v apt-get > /dev/null; then
    warn "    sudo apt-get update && sudo apt-get install -y redis-server"
  else
    warn "    your package manager's Redis server package (it must provide the redis-server command)"
  fi
  return 1
}

# Starts redis-server on 127.0.0.1:$1 without persistence, logging to $2, in the background.
# Sets REDIS_PID. Returns 1 if it does not answer PING within 10 s.
start_redis() {
  local port="$1" log="$2" dir
  dir="$(dirname "$log")"
  mkdir -p "$dir"
  # --save '' and --appendonly no: nothing on disk; --dir keeps any stray file out of the caller's cwd
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize no --logfile "$log" < /dev/null > /dev/null 2>&1 &
  REDIS_PID=$!
  local deadline=$((SECONDS + 10))
  while (( SECONDS < deadline )); do
    redis_answers "$port" && return 0
    pid_alive "$REDIS_PID" || break
    sleep 0.1
  done
  warn "redis-server did not answer PING on 127.0.0.1:$port; its log ($log):"
  tail -n 20 "$log" >&2 2>/dev/null || true
  stop_pid "$REDIS_PID" redis-server 5
  REDIS_PID=""
  return 1
}
