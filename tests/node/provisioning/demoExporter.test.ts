/**
 * `bellwether demo-exporter`: its /metrics text passes `promtool check metrics` (Debian's promtool),
 * carries every demo series at the current sample, and its history file loads with
 * `promtool tsdb create-blocks-from openmetrics`, as the compose stack's demo-backfill does.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderExposition, writeHistory } from '../../../cli/commands/demo-exporter';
import { demoSeries, SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { requireBinary } from '../../support/prometheus';
import { ROOT } from './files';

const promtool = requireBinary('promtool');
const exec = promisify(execFile);

/** Runs `promtool check metrics` on `text`; resolves to its exit code and lint output. */
function checkMetrics(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(promtool, ['check', 'metrics']);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

it('exposes every demo series in a format promtool accepts (the only lints: those of recorded series)', async () => {
  const t = Date.UTC(2026, 0, 5, 12);
  const text = renderExposition(demoSeries(), t);
  const r = await checkMetrics(text);
  // Exit code 3 = lint findings only; 1 would be a parse error.
  // The demo serves node-mixin's and kubernetes-mixin's recorded series under their kube-prometheus
  // names (level:metric:operations, and the apiserver's p99 keeps its quantile label on a gauge).
  const p99 = 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile';
  expect(r.output.trim().split('\n')).toEqual([
    `${p99} metric names should not contain ':'`,
    `${p99} non-summary metrics should not have "quantile" label`,
    `${p99} non-summary metrics should not have "quantile" label`,
    "code_resource:apiserver_request_total:rate5m metric names should not contain ':'",
    "instance:node_cpu_utilisation:rate5m metric names should not contain ':'",
    "instance:node_memory_utilisation:ratio metric names should not contain ':'",
  ]);
  expect(r.code).toBe(3);
  const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
  expect(samples).toHaveLength(demoSeries().length);
  expect(samples).toContain(`node_filesystem_size_bytes{instance="db-1:9100",job="node",device="/dev/nvme1n1",fstype="ext4",mountpoint="/var/lib/postgresql"} 500000000000`);
  // Values are the generator's at the scrape grid point.
  const cpu = demoSeries()[0];
  expect(samples[0]).toBe(`instance:node_cpu_utilisation:rate5m{instance="web-1:9100",job="node"} ${cpu.at(Math.floor(t / SCRAPE_MS) * SCRAPE_MS)}`);
});

it('writes history that promtool backfills into TSDB blocks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-demo-backfill-'));
  try {
    const end = Date.UTC(2026, 0, 5);
    const n = await writeHistory(join(dir, 'demo.om'), demoSeries(), end - 86400_000, end, 60_000);
    expect(n).toBe(demoSeries().length * 1441);
    const { stdout } = await exec(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'demo.om'), join(dir, 'data')]);
    // promtool lists the blocks it wrote with their sample counts; together they hold every sample.
    const counts = stdout
      .split('\n')
      .filter((l) => /^[0-9A-Z]{26}\s/.test(l))
      .map((l) => Number(l.trim().split(/\s+/)[4]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('serves /metrics and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'bellwether.mjs'), 'demo-exporter', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/\S+\/metrics)/.exec(out);
        if (m) {
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toContain('# TYPE http_requests_total counter');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
  }
});
