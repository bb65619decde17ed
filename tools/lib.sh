# shellcheck shell=bash
# Helpers for scripts that need the local test servers. Source it, do not run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
# Run tools/install.sh first. Every server binds to 127.0.0.1 only.
# Call start_* directly (not inside $(...)): they set variables in the calling shell.

MASSEMAIL_TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# free_port: prints a TCP port of 127.0.0.1 that binds right now. Binding port 0 and handing the number
# out is racy (the OS hands the same ephemeral ports out again), so ports come from below the kernel's
# ephemeral range (net.ipv4.ip_local_port_range; above it, or 20000-29999, if there is no room below),
# from a random start, and a port is handed out at most once per calling shell (remembered in
# ${TMPDIR:-/tmp}/massemail-ports-$$, $$ being the same in $(free_port) subshells). A server that still
# loses its port should be restarted on another one. The test kit's FreePort (tests/MassEmail.Testing) does the same.
free_port() {
  # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
  node -e '
    const fs = require("fs"), net = require("net");
    const ledger = process.argv[1];
    let [low, high] = [32768, 60999];
    try {
      const [l, h] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
      if (l > 0 && l <= h && h <= 65535) [low, high] = [l, h];
    } catch {}
    const [from, to] = low - 20000 >= 1000 ? [20000, low - 1] : 65535 - high >= 1000 ? [high + 1, 65535] : [20000, 29999];
    const used = new Set((fs.existsSync(ledger) ? fs.readFileSync(ledger, "utf8") : "").split("\n").filter(Boolean).map(Number));
    const size = to - from + 1, start = Math.floor(Math.random() * size);
    const binds = port => new Promise(resolve => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    (async () => {
      for (let i = 0; i < size; i++) {
        const port = from + ((start + i) % size);
        if (used.has(port) || !(await binds(port))) continue;
        fs.appendFileSync(ledger, `${port}\n`);
        console.log(port);
        return;
      }
      console.error(`free_port: no free port in ${from}-${to}`);
      process.exit(1);
    })();' "${TMPDIR:-/tmp}/massemail-ports-$$"
}

# wait_http URL [TIMEOUT_SECONDS=30] [PID]: returns 0 as soon as URL gives any HTTP
# response; fails after TIMEOUT, or at once if PID (the server) is given and has died.
# Uses node's fetch so no curl/wget is needed on a fresh machine.
wait_http() {
  local url="$1" timeout="${2:-30}" pid="${3:-}"
  # shellcheck disable=SC2016 # the single-quoted text is JavaScript, not shell
  node -e '
    const [url, timeout, pid] = [process.argv[1], Number(process.argv[2]) * 1000, Number(process.argv[3])];
    const deadline = Date.now() + timeout;
    const alive = () => { if (!pid) return true; try { process.kill(pid, 0); return true; } catch { return false; } };
    (async () => {
      for (;;) {
        try { await fetch(url, { signal: AbortSignal.timeout(2000) }); process.exit(0); } catch {}
        if (!alive()) { console.error(`wait_http: process ${pid} exited before ${url} answered`); process.exit(1); }
        if (Date.now() > deadline) { console.error(`wait_http: no answer from ${url} after ${timeout / 1000}s`); process.exit(1); }
        await new Promise(r => setTimeout(r, 100));
      }
    })();' "$url" "$timeout" "$pid"
}

# stop_pid PID [GRACE_SECONDS=5]: SIGTERM, wait up to GRACE, then SIGKILL. Safe on dead PIDs.
stop_pid() {
  local pid="$1" grace="${2:-5}" i
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop_pid: $pid ignored SIGTERM, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Reap it if it is our child, so bash does not report it later; ignore its exit code.
  wait "$pid" 2>/dev/null || true
}

# Resolves the log directory: explicit argument, else $MASSEMAIL_LOG_DIR.
_massemail_log_dir() {
  local dir="${1:-${MASSEMAIL_LOG_DIR:-}}"
  if [[ -z "$dir" ]]; then
    echo "lib.sh: pass a log directory or set MASSEMAIL_LOG_DIR" >&2
    return 1
  fi
  mkdir -p "$dir"
  (cd "$dir" && pwd)
}

# start_congodb [LOG_DIR] [TIMEOUT_SECONDS=30]
# Starts CongoDB on a free port. Sets CONGODB_PID and exports
# MASSEMAIL_TEST_MONGO_URI=mongodb://127.0.0.1:PORT/?directConnection=true
# Log: LOG_DIR/congodb.log (stdout+stderr).
start_congodb() {
  local log_dir timeout="${2:-30}" log line="" i
  log_dir="$(_massemail_log_dir "${1:-}")" || return 1
  log="$log_dir/congodb.log"
  # Port 0: the server picks the port itself, so there is no free_port race.
  node "$MASSEMAIL_TOOLS_DIR/congodb.mjs" 0 >"$log" 2>&1 &
  CONGODB_PID=$!
  for ((i = 0; i < timeout * 10; i++)); do
    line="$(grep -m1 '^CONGODB_READY ' "$log" || true)"
    [[ -n "$line" ]] && break
    if ! kill -0 "$CONGODB_PID" 2>/dev/null; then
      echo "start_congodb: exited early, see $log" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  if [[ -z "$line" ]]; then
    echo "start_congodb: no READY line after ${timeout}s, see $log" >&2
    stop_pid "$CONGODB_PID"
    return 1
  fi
  export MASSEMAIL_TEST_MONGO_URI="${line#CONGODB_READY }"
  echo "CongoDB pid $CONGODB_PID at $MASSEMAIL_TEST_MONGO_URI" >&2
}

# start_ses_emulator [PORT] [LOG_DIR] [TIMEOUT_SECONDS=30]
# Starts aws-ses-v2-local on 127.0.0.1:PORT (PORT empty or 0 = free_port).
# Sets SES_EMULATOR_PID and exports MASSEMAIL_TEST_SES_URL=http://127.0.0.1:PORT
# The child inherits the caller's environment, so for GetAccount quotas use e.g.
#   AWS_SES_ACCOUNT='{...full account JSON...}' start_ses_emulator "$port" "$logs"
# Log: LOG_DIR/ses-emulator.log.
start_ses_emulator() {
  local port="${1:-0}" log_dir timeout="${3:-30}" log i
  log_dir="$(_massemail_log_dir "${2:-}")" || return 1
  log="$log_dir/ses-emulator.log"
  [[ "$port" == 0 ]] && port="$(free_port)"
  # Its default host is "::" (all interfaces), hence the explicit --host.
  "$MASSEMAIL_TOOLS_DIR/node_modules/.bin/aws-ses-v2-local" --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
  SES_EMULATOR_PID=$!
  # Wait for its own "server running" line first: if the port was taken by some other HTTP
  # server, an HTTP probe alone would succeed against the wrong process.
  for ((i = 0; i < timeout * 10; i++)); do
    grep -q 'server running at' "$log" && break
    if ! kill -0 "$SES_EMULATOR_PID" 2>/dev/null; then
      echo "start_ses_emulator: exited early (port $port taken?), see $log" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  if ! wait_http "http://127.0.0.1:$port/health-check" 5 "$SES_EMULATOR_PID"; then
    echo "start_ses_emulator: not answering on port $port after ${timeout}s, see $log" >&2
    cat "$log" >&2
    stop_pid "$SES_EMULATOR_PID"
    return 1
  fi
  export MASSEMAIL_TEST_SES_URL="http://127.0.0.1:$port"
  echo "SES emulator pid $SES_EMULATOR_PID at $MASSEMAIL_TEST_SES_URL" >&2
}
