#!/usr/bin/env bash
# Full comparison on one Linux host with Docker: each profile in turn, same load, one result file
# per configuration under results/, then the overhead table. Usage:
#   ./run-comparison.sh [rates=200,1000] [runs=3] [duration=60]
set -euo pipefail
cd "$(dirname "$0")"
RATES=${1:-200,1000}; RUNS=${2:-3}; DURATION=${3:-60}
BW="node ../bin/bellwether.mjs"
mkdir -p results
declare -A AGENT=([beyla]="Beyla:bw-beyla:ebpf" [tetragon]="Tetragon:bw-tetragon:ebpf" [parca]="Parca:bw-parca-agent:ebpf" [apm]="OpenTelemetry Node.js agent:bw-otel-collector:apm")
for profile in baseline beyla tetragon parca apm; do
  docker compose --profile "$profile" up -d --build
  sleep 20 # agents attach probes and finish symbol discovery before the warm-up
  args=(run --target-url http://127.0.0.1:8080/work --service-container bw-sample-service
        --cadvisor-url http://127.0.0.1:8081 --rates "$RATES" --runs "$RUNS" --duration "$DURATION"
        --warmup 15 --out "results/$profile.json")
  if [ "$profile" != baseline ]; then
    IFS=: read -r name container kind <<<"${AGENT[$profile]}"
    args+=(--agent "$name" --kind "$kind" --agent-container "$container")
  fi
  $BW ebpf-bench "${args[@]}"
  docker compose --profile "$profile" down
done
$BW ebpf-bench compare results/baseline.json results/beyla.json results/tetragon.json results/parca.json results/apm.json
