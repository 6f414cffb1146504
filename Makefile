# Profile platform: one entry point for development, tests and the Kind cluster.
# `make help` lists the targets.
SHELL := /usr/bin/env bash
.DEFAULT_GOAL := help

# Every target runs on the Node.js LTS that the images ship (.nvmrc): the machine's own node when it
# is that version, otherwise one installed once into ~/.cache (tools/node/node-bin.sh).
NODE_BIN := $(shell tools/node/node-bin.sh)
ifneq ($(NODE_BIN),)
export PATH := $(NODE_BIN):$(PATH)
endif

.PHONY: help dev seed test faults screenshots bench bench-chart dead-letters build start stop restart status logs test-cluster \
  port-forward backup restore clean clean-all monitoring monitoring-steps dashboards

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

dev: ## Install, start local services, migrate, and run api, worker and web (Ctrl-C stops them)
	@tools/dev/dev.sh

seed: ## Fill the running api (make dev) with made-up profiles and tasks in every state; a second run adds nothing
	@npx nx run tools:seed --output-style=stream

# The k8s checks need kubectl 1.27 or later (kustomize 5): tools/k8s/kubectl-bin.sh provides one.
# Node.js stays first on PATH: kubectl's folder may be /usr/bin, which has the machine's own node.
test: ## Format check, lint, typecheck and every test; prints `N passed, N failed`
	@kubectl_bin=$$(tools/k8s/kubectl-bin.sh) && PATH="$(NODE_BIN):$$kubectl_bin:$$PATH" tools/test.sh

# The fault suite runs the built api and worker on a PostgreSQL cluster and a redis-server of its own
# and a vhost of the local RabbitMQ; README "Fault suite" says what each scenario checks.
PROFILE ?= short
faults: ## Fault scenarios against the built apps on private instances (PROFILE=long, SCENARIOS=a,b); logs in reports/faults/
	@FAULTS_PROFILE="$(PROFILE)" FAULTS_SCENARIOS="$(SCENARIOS)" npx nx run faults:faults --output-style=stream

screenshots: ## Run the console's browser tests and copy their screenshots to docs/screenshots/ (the README's)
	@npx nx test web --output-style=stream -- --testPathPatterns='(sign-in|seeded-console).browser-spec'
	@node tools/docs/screenshots.mjs

bench: ## Build, start production processes and measure them against bare baselines (docs/performance.md)
	@NODE_ENV=production npx nx run performance:bench --output-style=stream

bench-chart: ## Redraw docs/performance-history.svg from every committed docs/performance.json
	@node tools/docs/bench-history.mjs

dead-letters: ## List dead-lettered messages; REPLAY="<message-id> ..." republishes those instead
	@npx nx run worker:dead-letters $(if $(REPLAY),replay $(REPLAY),list) --output-style=stream

# ── Kind cluster (k8s/simple, see k8s/README.md) ─────────────────────────────────────────────
# These targets only wrap Nx and kubectl: each step is a script in tools/k8s/ that checks its own
# prerequisites and says what is missing. `make -n start` lists the steps.

# One immutable tag per checkout state (commit, plus a hash of uncommitted changes), computed once
# so that the build, the image load and the deploy agree. Set IMAGE_TAG to deploy another build.
ifndef IMAGE_TAG
IMAGE_TAG := $(shell tools/k8s/image-tag.sh 2>/dev/null)
endif
export IMAGE_TAG

# NODE_ENV=production: Nx reads .env (NODE_ENV=development after `make dev`) into its tasks,
# and `next build` fails outside production.
build: ## Build the api, worker and web images with Nx (profile/<app>:<tag>)
	@tools/k8s/require.sh docker node
	@tools/node/dependencies.sh
	NODE_ENV=production npx nx run-many -t docker-build --output-style=stream

# `make start MONITORING=1` also deploys the monitoring overlay (k8s/monitoring) at the end.
MONITORING ?= 0

start: ## Create the Kind cluster if needed, build, load and deploy in start order, print the URLs (MONITORING=1: with monitoring)
	@tools/k8s/require.sh docker kind kubectl node host-ports
	@tools/node/dependencies.sh
	tools/k8s/cluster.sh create
	$(MAKE) --no-print-directory build
	tools/k8s/load-images.sh
	tools/k8s/metrics-server.sh
	tools/k8s/deploy.sh namespace
	tools/k8s/secrets.sh
	tools/k8s/deploy.sh postgres
	tools/k8s/deploy.sh redis
	tools/k8s/deploy.sh rabbitmq
	tools/k8s/deploy.sh migrate
	tools/k8s/deploy.sh api
	tools/k8s/deploy.sh worker
	tools/k8s/deploy.sh web
ifeq ($(MONITORING),1)
	$(MAKE) --no-print-directory monitoring-steps
endif
	tools/k8s/access.sh

monitoring: ## Deploy the monitoring overlay to the running stack: Prometheus, alerts, Grafana, Loki, fluent-bit
	@tools/k8s/require.sh kubectl node cluster
	$(MAKE) --no-print-directory monitoring-steps
	tools/k8s/access.sh

# The overlay's steps, shared by `make monitoring` and `make start MONITORING=1`.
monitoring-steps:
	tools/k8s/deploy.sh monitoring-namespace
	tools/k8s/secrets.sh profile-monitoring
	tools/k8s/deploy.sh monitoring

stop: ## Remove the stack (and the monitoring overlay) from the cluster; keep the cluster, the data and the Secrets
	tools/k8s/stop.sh

restart: ## stop, then start (rebuilds what changed; the data stays)
	$(MAKE) --no-print-directory stop
	$(MAKE) --no-print-directory start

status: ## Pods, services, autoscalers and volumes of the stack; do the host ports answer?
	@tools/k8s/status.sh

logs: ## Logs of COMPONENT=api|worker|web|migrate|postgres|redis|rabbitmq|prometheus|grafana|loki|… (FOLLOW=1)
	@tools/k8s/logs.sh "$(COMPONENT)"

test-cluster: ## Smoke-test the deployed stack on localhost:30080/30081/3000
	@tools/k8s/test-cluster.sh

port-forward: ## PostgreSQL 5432, Redis 6379, AMQP 5672, RabbitMQ UI 15672 on localhost (Ctrl-C ends)
	@tools/k8s/port-forward.sh

dashboards: ## Grafana on localhost:3300 and Prometheus on localhost:9090 (needs make monitoring; Ctrl-C ends)
	@tools/k8s/dashboards.sh

# ── Database backups (tools/ops, see k8s/README.md) ───────────────────────────────────────────
backup: ## Dump the cluster's database to FILE (default backups/profiles-<UTC time>.dump)
	@tools/ops/db-backup.sh $(FILE)

restore: ## Replace the cluster's database with FILE=<dump> (asks first; CONFIRM=yes skips the question)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<name>.dump [CONFIRM=yes]" >&2; exit 2; }
	@CONFIRM="$(CONFIRM)" tools/ops/db-restore.sh "$(FILE)"

clean: ## Delete the namespaces (stack, monitoring, data, Secrets) and the local build output; keep the cluster
	tools/k8s/clean.sh

clean-all: ## clean, and delete the Kind cluster, the images, node_modules and the Nx cache
	tools/k8s/clean.sh all
