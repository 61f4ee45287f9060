#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (Chromium for browser tests; Prometheus and
# promtool, vmalert (package victoria-metrics) and Alertmanager with amtool (package
# prometheus-alertmanager) for integration tests, and kubectl (package kubernetes-client; any
# kubectl already on PATH will do, e.g. the Google Cloud SDK's, whose package owns /usr/bin/kubectl
# too) as the reference for remediation's requests) when they are missing. Fails loudly, naming the package, when
# it cannot install them; tests never skip for lack of them.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v vmalert >/dev/null 2>&1 || need+=(victoria-metrics)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v kubectl >/dev/null 2>&1 || need+=(kubernetes-client)

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
  echo "ensure-system-deps: ERROR: apt-get install ${need[*]} failed; the browser, Prometheus, alerting and remediation tests cannot run without them." >&2
  exit 1
fi
# The Debian packages start system services (Prometheus on :9090, VictoriaMetrics on :8428,
# Alertmanager on :9093); tests start their own on free ports.
for svc in prometheus victoria-metrics prometheus-alertmanager; do
  systemctl stop "$svc" >/dev/null 2>&1 || service "$svc" stop >/dev/null 2>&1 || true
done
