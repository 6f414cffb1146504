#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ answer on localhost for `make dev` and `make test`.
# A service that is installed but stopped is started; a missing one is started with Docker Compose
# when Docker is there, otherwise the script says what to install.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_PORT=6379 AMQP_PORT=5672
WAIT_SECONDS=${SERVICES_WAIT_SECONDS:-60}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

postgres_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null || { ! command -v pg_isready >/dev/null && port_open "$PG_PORT"; }; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] || { ! command -v redis-cli >/dev/null && port_open "$REDIS_PORT"; }; }
rabbitmq_up() { port_open "$AMQP_PORT"; }

start_postgres() {
  command -v pg_ctlcluster >/dev/null || return 1
  local version
  version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}
start_redis() {
  command -v redis-server >/dev/null || return 1
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no
}
start_rabbitmq() {
  command -v rabbitmq-server >/dev/null || return 1
  rabbitmq-server -detached
}

compose_up() {
  command -v docker >/dev/null && docker info >/dev/null 2>&1 || return 1
  echo "starting $1 with Docker Compose (tools/dev/compose.yaml)"
  docker compose -f tools/dev/compose.yaml up -d "$1"
}

wait_for() {
  local name=$1 check=$2 deadline=$((SECONDS + WAIT_SECONDS))
  until "$check"; do
    if ((SECONDS > deadline)); then
      echo "error: $name did not answer within ${WAIT_SECONDS}s" >&2
      return 1
    fi
    sleep 1
  done
}

missing=()
ensure() {
  local name=$1 check=$2 start=$3 hint=$4
  if "$check"; then
    echo "✓ $name is up"
    return
  fi
  echo "… $name is down: starting it"
  if "$start" || compose_up "$name"; then
    wait_for "$name" "$check" && echo "✓ $name is up" && return
  fi
  missing+=("$name: $hint")
}

ensure postgres postgres_up start_postgres "apt-get install postgresql (or install Docker for tools/dev/compose.yaml)"
ensure redis redis_up start_redis "apt-get install redis-server (or install Docker for tools/dev/compose.yaml)"
ensure rabbitmq rabbitmq_up start_rabbitmq "apt-get install rabbitmq-server (or install Docker for tools/dev/compose.yaml)"

if ((${#missing[@]})); then
  echo "These services are missing and could not be started:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
