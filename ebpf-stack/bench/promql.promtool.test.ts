/**
 * The page's live cAdvisor queries, evaluated by Prometheus itself (`promtool test rules`) over
 * cAdvisor-shaped series with hand-worked expected values: two nodes, the agent using 0.25 and 0.5
 * core on 4-core nodes, holding 100 and 200 MiB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { liveQueries, parseMatchers } from '../../src/ebpf';

function promtool(): string {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return 'promtool';
  } catch {
    throw new Error('promtool not found: install the Debian package "prometheus" (scripts/test.sh does this)');
  }
}

it('live queries give the hand-worked per-node figures in Prometheus', () => {
  const bin = promtool();
  const q = liveQueries(parseMatchers('container="beyla"'), parseMatchers('container="app"'), { range: '10m', step: '1m' });
  const MiB = 1024 * 1024;
  const series = [
    // counters: +15 s per minute = 0.25 core; +30 s per minute = 0.5 core
    { series: 'container_cpu_usage_seconds_total{container="beyla",instance="n1"}', values: '0+15x20' },
    { series: 'container_cpu_usage_seconds_total{container="beyla",instance="n2"}', values: '0+30x20' },
    { series: 'container_cpu_usage_seconds_total{container="app",instance="n1"}', values: '0+60x20' },
    { series: 'container_memory_working_set_bytes{container="beyla",instance="n1"}', values: `${100 * MiB}x20` },
    { series: 'container_memory_working_set_bytes{container="beyla",instance="n2"}', values: `${150 * MiB}x5 ${200 * MiB}x15` },
    { series: 'machine_cpu_cores{instance="n1"}', values: '4x20' },
    { series: 'machine_cpu_cores{instance="n2"}', values: '4x20' },
  ];
  const at = '20m';
  const expect1 = (expr: string, value: number) => ({ expr, eval_time: at, exp_samples: [{ labels: '{}', value }] });
  const doc = {
    rule_files: [],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: series,
        promql_expr_test: [
          expect1(q.agentCpuCores, 0.375), // avg(0.25, 0.5)
          expect1(q.agentCpuPercentOfNode, 9.375), // 100 × avg(0.25/4, 0.5/4)
          expect1(q.serviceCpuCores, 1),
          // "a x5" is 6 samples (0..5m), so n2 holds 200 MiB from 6m; the 10m:1m subquery at 20m sees
          // only 200 MiB for n2 and 100 MiB for n1, whether or not its left edge is inclusive
          expect1(q.agentMemoryBytesAvg, 150 * MiB),
          expect1(q.agentMemoryBytesMax, 200 * MiB),
        ],
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'bw-promql-'));
  try {
    const file = join(dir, 'test.yml');
    writeFileSync(file, stringify(doc));
    let out = '';
    try {
      out = execFileSync(bin, ['test', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`promtool failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    expect(out).toMatch(/SUCCESS/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
