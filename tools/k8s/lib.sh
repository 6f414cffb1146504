# Shared settings and helpers of the tools/k8s scripts (sourced, not run).
# shellcheck shell=bash disable=SC2034  # the settings are used by the scripts that source this file

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=${KIND_CLUSTER_NAME:-profile}
NAMESPACE=profile
# Every kubectl call names its context, so that a `make start` never lands on whatever cluster the
# current context points at. KUBE_CONTEXT targets another cluster with the same manifests.
KUBE_CONTEXT=${KUBE_CONTEXT:-kind-$CLUSTER}
# The monitoring overlay (k8s/monitoring): its namespaces, and the part-of label of its objects.
MONITORING_NAMESPACE=profile-monitoring
LOGGING_NAMESPACE=profile-logging
MONITORING_PART_OF=profile-monitoring
SECRETS_DIR=${K8S_SECRETS_DIR:-$ROOT/k8s/simple/.secrets}
WAIT_SECONDS=${K8S_WAIT_SECONDS:-300}
# The ports Kind maps from the host, as k8s/simple/kind-config.yaml names them (api, worker, web).
read -r -a HOST_PORTS <<<"$(sed -n 's/^ *hostPort: *\([0-9][0-9]*\).*/\1/p' "$ROOT/k8s/simple/kind-config.yaml" | tr '\n' ' ')"

kc() { kubectl --context "$KUBE_CONTEXT" --namespace "$NAMESPACE" "$@"; }

say() { printf '%s\n' "$*"; }
fail() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

cluster_exists() { command -v kind >/dev/null && kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require NAME...: checks each prerequisite and names every one that is missing, with a hint.
require() {
  local missing=() need
  for need in "$@"; do
    case $need in
      docker)
        if ! command -v docker >/dev/null; then
          missing+=("docker: install Docker (https://docs.docker.com/get-docker/)")
        elif ! docker info >/dev/null 2>&1; then
          missing+=("docker: the Docker engine does not answer (is it running? can you use it without sudo?)")
        fi
        ;;
      kind) command -v kind >/dev/null || missing+=("kind: install it (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)") ;;
      kubectl) command -v kubectl >/dev/null || missing+=("kubectl: install it (https://kubernetes.io/docs/tasks/tools/)") ;;
      curl) command -v curl >/dev/null || missing+=("curl: install it (apt-get install curl)") ;;
      node) command -v node >/dev/null || missing+=("node: install Node.js $(cat "$ROOT/.nvmrc") (.nvmrc; \`nvm install\`), or npm, with which make installs it") ;;
      cluster)
        if ! kubectl config get-contexts -o name 2>/dev/null | grep -qx "$KUBE_CONTEXT"; then
          missing+=("cluster: no kubectl context $KUBE_CONTEXT (run \`make start\`)")
        elif ! kubectl --context "$KUBE_CONTEXT" get namespace "$NAMESPACE" >/dev/null 2>&1; then
          missing+=("cluster: namespace $NAMESPACE not found in $KUBE_CONTEXT (run \`make start\`)")
        fi
        ;;
      host-ports)
        # The ports are ours when the Kind cluster already runs: its node container holds them.
        if ! cluster_exists; then
          local port
          for port in "${HOST_PORTS[@]}"; do
            port_free "$port" || missing+=("port $port: in use on this machine (stop what holds it, e.g. \`make dev\`)")
          done
        fi
        ;;
      *) fail "require: unknown prerequisite $need" ;;
    esac
  done
  if ((${#missing[@]})); then
    printf 'missing prerequisites:\n' >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}
