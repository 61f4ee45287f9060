#!/usr/bin/env bash
# `npm test`: installs what the tests need, builds the plugin, and runs every test.
#   1. npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
#   2. Debian packages for browser and Prometheus tests (scripts/ensure-system-deps.sh)
#   3. type check, production build of the plugin
#   4. Jest: unit tests, offline plugin checks on dist/, companion and Prometheus integration
#      tests, browser tests in Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

step "system packages (chromium, prometheus)"
bash scripts/ensure-system-deps.sh

step "type check"
npx tsc --noEmit

step "build (webpack, production)"
npm run build --silent

step "tests (jest)"
npx jest --ci --maxWorkers=2 "$@"
