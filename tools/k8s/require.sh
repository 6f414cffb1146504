#!/usr/bin/env bash
# Checks prerequisites by name and says what is missing: docker kind kubectl curl node
# cluster host-ports. Each cluster target of the Makefile starts with it.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require "$@"
