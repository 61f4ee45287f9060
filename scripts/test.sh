#!/usr/bin/env bash
# `npm test`: installs what the tests need, builds the plugin, and runs every test.
#   1. npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
#   2. the React 19 browser host's npm packages (harness/react19, its own lockfile)
#   3. Debian packages for browser, Prometheus and alerting tests (scripts/ensure-system-deps.sh)
#   4. type check, lint, production build of the plugin
#   5. Jest: unit tests, offline plugin checks on dist/, companion and Prometheus integration
#      tests, browser tests in Chromium
# Tests assert behaviour, never time, so they pass on a busy machine; timings are `npm run bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

step "React 19 harness host (npm ci --prefix harness/react19)"
if [ ! -d harness/react19/node_modules ] || [ harness/react19/package-lock.json -nt harness/react19/node_modules/.package-lock.json ]; then
  npm ci --prefix harness/react19 --no-audit --no-fund || { echo "npm test: npm ci --prefix harness/react19 failed: the React 19 browser tests need it" >&2; exit 1; }
fi

step "system packages (chromium, prometheus, victoria-metrics, prometheus-alertmanager)"
bash scripts/ensure-system-deps.sh

step "type check"
npx tsc --noEmit

step "lint"
npx eslint --cache .

step "build (webpack, production)"
npm run build --silent

totals=$(mktemp)
export BELLWETHER_JEST_TOTALS="$totals"
status=0

step "tests (jest)"
npx jest --ci --maxWorkers=2 "$@" || status=$?

read -r passed failed skipped < <(awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}' "$totals")
rm -f "$totals"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a suite failed to run, or Jest itself failed
fi
echo
echo "npm test: ${passed} passed, ${failed} failed$([ "$skipped" -gt 0 ] && echo ", ${skipped} skipped")"
exit "$status"
