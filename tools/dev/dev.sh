#!/usr/bin/env bash
# `make dev`: dependencies, local services, database and migrations, then `nx run-many -t serve`
# (api, worker and web, each labelled, rebuilt and restarted on change) with readable logs, and
# the URLs once all three answer. Ctrl-C stops all three.
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
# Each app listens on its own default port (api 30080, worker 30081, web 3000).
unset PORT
# The output goes through a pipe: keep Nx's and the apps' colours when the terminal has them.
if [ -t 1 ]; then export FORCE_COLOR=1; fi

echo "creating the database if needed and running migrations"
npx nx run api:migrate --output-style=stream

tools/dev/announce.sh &
npx nx run-many -t serve --projects=api,worker,web --output-style=stream | tools/dev/pretty-logs.mjs
