#!/usr/bin/env bash
# `make test`: formatting, lint, typecheck and every test of every project, the fault suite's short
# profile, then one line `N passed, N failed` summed from the runners' JSON reports. Exits non-zero
# when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
export NX_DAEMON=${NX_DAEMON:-false} NEXT_TELEMETRY_DISABLED=1 NX_TUI=false

tools/dev/services.sh || exit 1
rm -rf reports && mkdir -p reports/jest

status=0
# The checks that write no report: the summary counts each that failed as one failure.
failed_checks=()
npx nx format:check --all ||
  { echo "the files above are not formatted: npx nx format:write" >&2; failed_checks+=(--failed-check format); }
npx nx run-many -t lint typecheck --output-style=static --parallel=2 ||
  failed_checks+=(--failed-check 'lint or typecheck')
npx nx run-many -t test --output-style=static --parallel=2 --skip-nx-cache || status=1
# After the tests, alone: its scenarios time recoveries, which a busy machine would stretch.
FAULTS_PROFILE=short npx nx run faults:faults --output-style=static || status=1

mapfile -t projects < <(npx nx show projects --with-target test 2>/dev/null)
node tools/test-summary.mjs "${failed_checks[@]}" "${projects[@]}" faults || status=1
exit $status
