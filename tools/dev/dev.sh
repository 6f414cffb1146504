#!/usr/bin/env bash
# `make dev`: dependencies, local services, database and migrations, then api, worker and web
# together with labelled logs. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools/node/dependencies.sh

tools/dev/services.sh

if [ ! -f .env ]; then
  cp .env.example .env
  echo "created .env from .env.example"
fi
set -a
# shellcheck source=/dev/null
. ./.env
set +a
export NEXT_TELEMETRY_DISABLED=1

echo "creating the database if needed and running migrations"
npx nx run api:migrate --output-style=stream

exec npx concurrently --kill-others-on-fail --names api,worker,web,ready \
  --prefix-colors blue,magenta,green,gray \
  "PORT=30080 npx nx serve api --output-style=stream" \
  "PORT=30081 npx nx serve worker --output-style=stream" \
  "PORT=3000 npx nx serve web --output-style=stream" \
  "tools/dev/announce.sh"
