#!/usr/bin/env bash
# Prints the immutable tag of the images built from this checkout: the commit's short hash, and for
# a tree with uncommitted changes `-dirty-` plus a hash of those changes (tracked diffs and untracked
# files), so that two different dirty trees never share a tag. IMAGE_TAG overrides it (CI, releases).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${IMAGE_TAG:-}" ]; then
  echo "$IMAGE_TAG"
  exit 0
fi

commit=$(git rev-parse --short=12 HEAD)
# git hashes the changes (no sha256sum on macOS): the diff, and each untracked file's content.
changes=$(
  git diff HEAD --binary
  git ls-files --others --exclude-standard -z | xargs -0 -r git hash-object --
)
if [ -z "$changes" ]; then
  echo "$commit"
else
  echo "$commit-dirty-$(printf '%s' "$changes" | git hash-object --stdin | cut -c1-8)"
fi
