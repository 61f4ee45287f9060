#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Chromium for browser tests, Prometheus and
# promtool for integration tests) when they are missing. Fails loudly, naming the package, when
# it cannot install them; tests never skip for lack of them.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
# de-duplicate
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
echo "ensure-system-deps: installing Debian packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-deps: ERROR: need root to apt-get install ${need[*]}; install them yourself (sudo apt-get install ${need[*]}) and rerun." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq || ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  echo "ensure-system-deps: ERROR: apt-get install ${need[*]} failed; the browser and Prometheus tests cannot run without them." >&2
  exit 1
fi
# The Debian package starts a system Prometheus on :9090; tests start their own on free ports.
systemctl stop prometheus >/dev/null 2>&1 || service prometheus stop >/dev/null 2>&1 || true
