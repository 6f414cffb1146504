#!/usr/bin/env bash
# Installs the workspace's dependencies with `npm ci` when node_modules is missing (a fresh clone)
# or older than package-lock.json; otherwise does nothing, quickly. `make dev`, `make build` and
# `make start` run it first.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
