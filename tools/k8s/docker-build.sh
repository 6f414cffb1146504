#!/usr/bin/env bash
# `nx run <app>:docker-build`: builds profile/<app>:<tag> from the app's Nx build output (the
# target depends on `build`) with the workspace root as context. The tag comes from image-tag.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/k8s/require.sh docker

app=${1:?usage: docker-build.sh api|worker|web}
tag=$(tools/k8s/image-tag.sh)
# git keeps no empty folders: the web's public/ may be missing on a fresh clone, and COPY needs it.
[ "$app" != web ] || mkdir -p apps/web/public

echo "building profile/$app:$tag"
docker build --file "apps/$app/Dockerfile" --tag "profile/$app:$tag" .
