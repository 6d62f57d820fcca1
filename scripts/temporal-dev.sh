#!/usr/bin/env bash
# Starts the Temporal dev server for local use, unless one already answers on the port.
#   scripts/temporal-dev.sh start   # in the background; state in .data/temporal.db survives restarts
#   scripts/temporal-dev.sh stop
#   scripts/temporal-dev.sh status
# Ports: gRPC 7233, HTTP API 7243, Web UI 8233 (TEMPORAL_PORT / TEMPORAL_HTTP_PORT /
# TEMPORAL_UI_PORT to change them). The HTTP API gets a fixed port (the CLI would pick a random
# one) so that the egress policy's protected ports (taskforge.egress.protected) name it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
http_port="${TEMPORAL_HTTP_PORT:-7243}"
data="$root/.data"
pid_file="$data/temporal-$port.pid"
log_file="$data/temporal-$port.log"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

case "${1:-start}" in
  start)
    if listening; then echo "Temporal already listening on :$port"; exit 0; fi
    cli="$("$root/scripts/temporal-cli.sh")"
    mkdir -p "$data"
    # matching.useNewMatcher: task-queue priority. One partition per queue: priority order holds
    # across the whole queue, which is what a single dev server wants.
    nohup "$cli" server start-dev \
      --ip 127.0.0.1 --port "$port" --http-port "$http_port" --ui-port "$ui_port" \
      --db-filename "$data/temporal.db" \
      --sqlite-pragma journal_mode=WAL \
      --dynamic-config-value matching.useNewMatcher=true \
      --dynamic-config-value matching.numTaskqueueReadPartitions=1 \
      --dynamic-config-value matching.numTaskqueueWritePartitions=1 \
      --search-attribute TaskType=Keyword --search-attribute TaskStatus=Keyword \
      --search-attribute TaskPriority=Keyword --search-attribute TaskGroupId=Keyword \
      --search-attribute AgencyId=Keyword --search-attribute Tenant=Keyword \
      --log-level warn >"$log_file" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 60); do
      if listening; then
        echo "Temporal dev server on :$port, Web UI http://localhost:$ui_port (log: $log_file)"
        exit 0
      fi
      sleep 1
    done
    echo "Temporal did not start within 60s; see $log_file" >&2
    exit 1
    ;;
  stop)
    if [ -f "$pid_file" ]; then
      kill "$(cat "$pid_file")" 2>/dev/null || true
      rm -f "$pid_file"
      echo "Temporal dev server stopped"
    else
      echo "no Temporal dev server started by this script on :$port"
    fi
    ;;
  status)
    if listening; then echo "listening on :$port"; else echo "not running on :$port"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
