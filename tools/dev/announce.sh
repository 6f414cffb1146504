#!/usr/bin/env bash
# Waits until api, worker and web answer, then prints where to find them.
set -uo pipefail
deadline=$((SECONDS + ${DEV_START_TIMEOUT_SECONDS:-300}))

for url in http://127.0.0.1:30080/health/live http://127.0.0.1:30081/health/live http://127.0.0.1:3000/; do
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if ((SECONDS > deadline)); then
      echo "$url did not answer: see the logs above" >&2
      exit 1
    fi
    sleep 1
  done
done

cat <<'BANNER'

  Profile platform is up
  ─────────────────────────────────────────────────────────────
  Web console        http://localhost:3000
  API                http://localhost:30080/api/v1
  API docs           http://localhost:30080/docs
  API readiness      http://localhost:30080/health/ready
  API metrics        http://localhost:30080/metrics
  Worker readiness   http://localhost:30081/health/ready
  Worker metrics     http://localhost:30081/metrics
  Ctrl-C stops all three.

BANNER
