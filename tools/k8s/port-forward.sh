#!/usr/bin/env bash
# `make port-forward`: brings the cluster's data services (ClusterIP only) to localhost until Ctrl-C:
# PostgreSQL 5432, Redis 6379, AMQP 5672 and the RabbitMQ management UI 15672.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl cluster

for port in 5432 6379 5672 15672; do
  port_free "$port" || fail "port $port is in use here (local services of \`make dev\`?): stop them first"
done

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
kc port-forward svc/postgres 5432:5432 & pids+=($!)
kc port-forward svc/redis 6379:6379 & pids+=($!)
kc port-forward svc/rabbitmq 5672:5672 15672:15672 & pids+=($!)

cat <<EOF_INFO

  PostgreSQL   localhost:5432   database profiles, user profile
  Redis        localhost:6379   (password required)
  RabbitMQ     localhost:5672   user profile;  management UI http://localhost:15672
  Passwords    $SECRETS_DIR/values.json
  Ctrl-C stops the forwarding.

EOF_INFO
wait
