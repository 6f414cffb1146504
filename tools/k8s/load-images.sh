#!/usr/bin/env bash
# Copies the images `make build` made into the Kind node, which therefore never pulls them
# (imagePullPolicy IfNotPresent; kind skips an image the node already has).
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require docker kind

tag=$("$ROOT/tools/k8s/image-tag.sh")
for app in api worker web; do
  docker image inspect "profile/$app:$tag" >/dev/null 2>&1 || fail "image profile/$app:$tag not found: run \`make build\`"
  kind load docker-image --name "$CLUSTER" "profile/$app:$tag"
done
