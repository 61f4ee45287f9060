/**
 * `npm run bench -- companion`: the companion against a real Prometheus (Debian `prometheus`) on
 * loopback, with the companion in its own process (`bellwether serve`) so its RSS is its own.
 *
 * 1. Warm instant `anomaly_score` latency vs the same inner query sent straight to Prometheus
 *    (median of 30), as a ratio. Two cases: a repeated query at a fixed time (all cached) and an
 *    alert-like sequence one step apart (one short upstream query + one incremental update each).
 * 2. 1,000 series x 7 days at a 5-minute step: `anomaly_score` range query, cold then warm, in-process
 *    (evaluation and the answer's JSON bytes as the router sends them, no HTTP) and over HTTP (with
 *    this process reading the answer), for the default ensemble and for Holt-Winters.
 * 3. A bounded autocannon load test (20 s, 16 connections) of warm instant queries: throughput,
 *    p50/p99, errors, and the companion's RSS after warm-up and after the run.
 * Targets (issue 5): ratio <= 1.5; cold <= 10 s, warm <= 1 s; zero errors and RSS growth < 10%.
 * Prints a table and writes bench/results/companion.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { rangeBody } from '../companion/src/api/matrixJson';
import { rangeAnswer } from '../companion/src/query/evaluate';
import { silentLogger } from '../companion/src/log/logger';
import type { DerivedQuery } from '../companion/src/query/ast';
import { parseQuery } from '../companion/src/query/parser';
import { mulberry32 } from '../src/ml/core/prng';
import { freePort, omLine, startPrometheus } from '../tests/support/prometheus';
import { HOUR, historyOpenMetrics, MINUTE, window } from '../tests/node/companion/fixtures';

/** The parts of autocannon's API used here (the package ships no type declarations). */
interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<LoadResult>;

const STEP5 = 5 * MINUTE;
const DAY = 86_400_000;
const N_SERIES = 1000;

/** 1,000 series over 9 days at 5 min: daily cycle, per-series phase and level, noise. */
function manySeries(end: number): string {
  const lines = ['# TYPE bench_load gauge'];
  const start = end - 9 * DAY;
  for (let s = 0; s < N_SERIES; s++) {
    const rnd = mulberry32(1000 + s);
    const level = 10 + (s % 50);
    const phase = (s % 24) / 24;
    const id = String(s).padStart(4, '0');
    for (let t = start; t <= end; t += STEP5) {
      const v = level * (1 + 0.3 * Math.sin(2 * Math.PI * (t / DAY + phase))) + rnd() - 0.5;
      lines.push(omLine('bench_load', { series: id, job: 'bench' }, Number(v.toFixed(3)), t));
    }
  }
  return lines.join('\n');
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const a = performance.now();
  const value = await fn();
  return { ms: performance.now() - a, value };
}

async function query(base: string, path: string, form: Record<string, string>): Promise<any> {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const body = await r.json();
  if (body.status !== 'success') {
    throw new Error(`${path} ${form.query}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body;
}

function fmtLoad(l: unknown): string {
  return Array.isArray(l) ? l.map((x: number) => x.toFixed(2)).join(' ') : '?';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function rssMb(pid: number | 'self', field = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resets this process' peak RSS (VmHWM), so the next reading is the peak of what follows (Linux). */
function resetPeakRss(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

async function startServe(configFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../bin/bellwether.mjs'), 'serve', '--config', configFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/-/healthy`)).ok) {
        return child;
      }
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('companion did not start');
}

export async function run(): Promise<void> {
  const { start, end } = window();
  process.stdout.write('backfilling Prometheus (fixture series + 1,000 x 9 days at 5 min)...\n');
  const prom = await startPrometheus({
    openMetrics: historyOpenMetrics(start, end).replace(/# EOF\n?$/, '') + manySeries(end),
  });
  const dir = mkdtempSync(join(tmpdir(), 'bellwether-bench-'));
  const port = await freePort();
  const configFile = join(dir, 'companion.yaml');
  writeFileSync(
    configFile,
    [
      `listen: { host: 127.0.0.1, port: ${port} }`,
      `upstream: { url: "${prom.url}", timeout: 60s }`,
      'limits: { maxSeries: 1000, queryTimeout: 120s, maxConcurrent: 16 }',
      'cache: { maxBytes: 1073741824 }',
      'log: { level: warn }',
    ].join('\n')
  );
  const child = await startServe(configFile, port);
  const base = `http://127.0.0.1:${port}`;
  const rows: Array<[string, string, string]> = [];
  // 2 cores are often shared: the load average says how far the times are the machine's.
  const results: Record<string, unknown> = { loadAverageAtStart: loadavg() };
  try {
    // 1. Warm instant latency vs the upstream.
    const inner = 'bw_cpu{instance="node-a"}';
    const ours = `anomaly_score(${inner}, "train=1d")`;
    const t0 = end - 2 * HOUR;
    await query(base, '/api/v1/query', { query: ours, time: String(t0 / 1000) }); // cold
    const fixedUs: number[] = [];
    const fixedProm: number[] = [];
    for (let i = 0; i < 30; i++) {
      fixedUs.push((await timed(() => query(base, '/api/v1/query', { query: ours, time: String(t0 / 1000) }))).ms);
      fixedProm.push(
        (await timed(() => query(prom.url, '/api/v1/query', { query: inner, time: String(t0 / 1000) }))).ms
      );
    }
    const stepUs: number[] = [];
    const stepProm: number[] = [];
    for (let i = 1; i <= 30; i++) {
      const t = String((t0 + i * MINUTE) / 1000);
      stepUs.push((await timed(() => query(base, '/api/v1/query', { query: ours, time: t }))).ms);
      stepProm.push((await timed(() => query(prom.url, '/api/v1/query', { query: inner, time: t }))).ms);
    }
    results.warmInstant = {
      fixedTime: {
        companionMs: median(fixedUs),
        prometheusMs: median(fixedProm),
        ratio: median(fixedUs) / median(fixedProm),
      },
      alertLike: {
        companionMs: median(stepUs),
        prometheusMs: median(stepProm),
        ratio: median(stepUs) / median(stepProm),
      },
    };
    rows.push(
      [
        'warm instant anomaly_score, same time (median of 30)',
        `${median(fixedUs).toFixed(2)} ms vs Prometheus ${median(fixedProm).toFixed(2)} ms`,
        `ratio ${(median(fixedUs) / median(fixedProm)).toFixed(2)} (target <= 1.5)`,
      ],
      [
        'warm instant anomaly_score, +1 step each (median of 30)',
        `${median(stepUs).toFixed(2)} ms vs Prometheus ${median(stepProm).toFixed(2)} ms`,
        `ratio ${(median(stepUs) / median(stepProm)).toFixed(2)} (target <= 1.5)`,
      ]
    );

    // 3. Load test: warm instant queries over 5 single-series inner queries.
    const body = (i: number) =>
      new URLSearchParams({
        query: `anomaly_score(bench_load{series="${String(i).padStart(4, '0')}"}, "train=1d")`,
        time: String(end / 1000),
      }).toString();
    const requests = [0, 1, 2, 3, 4].map((i) => ({
      method: 'POST' as const,
      path: '/api/v1/query',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body(i),
    }));
    await autocannon({ url: base, connections: 16, duration: 5, requests }); // warm-up
    const rssBefore = rssMb(child.pid!);
    const load = await autocannon({ url: base, connections: 16, duration: 20, requests });
    const rssAfter = rssMb(child.pid!);
    const errors = load.errors + load.non2xx + load.timeouts;
    results.load = {
      durationS: 20,
      connections: 16,
      requestsPerSec: load.requests.average,
      p50Ms: load.latency.p50,
      p99Ms: load.latency.p99,
      errors,
      rssBeforeMb: rssBefore,
      rssAfterMb: rssAfter,
      rssGrowthPct: (100 * (rssAfter - rssBefore)) / rssBefore,
    };
    rows.push(
      [
        'load: 16 connections, 20 s, warm instant queries',
        `${load.requests.average.toFixed(0)} req/s`,
        `p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, errors ${errors}`,
      ],
      [
        'load: companion RSS after warm-up -> after',
        `${rssBefore.toFixed(1)} -> ${rssAfter.toFixed(1)} MB`,
        `${((100 * (rssAfter - rssBefore)) / rssBefore).toFixed(1)}% (target < 10%)`,
      ]
    );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    // 2. 1,000 series x 7 days at 5 min, in a fresh in-process companion: evaluation and the answer's
    //    bytes (what the router sends, no HTTP) cold and warm, then the same over HTTP, per detector model.
    const startMs = end - 7 * DAY;
    const innerRange = { query: 'bench_load', start: String(startMs / 1000), end: String(end / 1000), step: '300' };
    const promRange = await timed(() => query(prom.url, '/api/v1/query_range', innerRange));
    rows.push([
      `Prometheus itself: inner query, ${N_SERIES} series x 7 d @5m`,
      `${(promRange.ms / 1000).toFixed(2)} s`,
      'reference',
    ]);
    const big: Record<string, unknown> = { prometheusInnerMs: promRange.ms };
    for (const model of ['ensemble', 'holtwinters']) {
      const c = await startCompanion(
        fromRaw({
          listen: { port: 0 },
          upstream: { url: prom.url, timeout: '120s' },
          limits: { maxSeries: 1000, queryTimeout: '300s' },
          // The default cache (512 MB): the query's runs must fit it, or every run is cold.
        }),
        { logger: silentLogger }
      );
      try {
        const q = parseQuery(`anomaly_score(bench_load, "train=1d model=${model}")`) as DerivedQuery;
        const rssStart = rssMb('self');
        resetPeakRss();
        const answer = async () => {
          const a = await rangeAnswer(q, startMs, end, STEP5, c.env());
          return { a, body: rangeBody(a) };
        };
        const cold = await timed(answer);
        const warm = await timed(answer);
        const peakRss = rssMb('self', 'VmHWM');
        const http = await timed(() =>
          query(c.url, '/api/v1/query_range', {
            ...innerRange,
            query: `anomaly_score(bench_load, "train=1d model=${model}")`,
          })
        );
        const points = cold.value.a.result.reduce((n, s) => n + s.values.filter((v) => !Number.isNaN(v)).length, 0);
        big[model] = {
          series: cold.value.a.result.length,
          points,
          coldMs: cold.ms,
          warmMs: warm.ms,
          warmHttpMs: http.ms,
          cacheBytes: c.cache.bytes,
          cacheMaxBytes: c.cache.maxBytes,
          rssBeforeMb: rssStart,
          peakRssMb: peakRss,
        };
        rows.push(
          [
            `${cold.value.a.result.length} series x 7 d @5m, model=${model}, cold`,
            `${(cold.ms / 1000).toFixed(2)} s`,
            `${points} points (target <= 10 s)`,
          ],
          [
            `${cold.value.a.result.length} series x 7 d @5m, model=${model}, warm`,
            `${(warm.ms / 1000).toFixed(2)} s`,
            'target <= 1 s',
          ],
          [
            `  same, warm, over HTTP (JSON of ${points} points)`,
            `${(http.ms / 1000).toFixed(2)} s`,
            `cache ${(c.cache.bytes / 2 ** 20).toFixed(0)} of ${(c.cache.maxBytes / 2 ** 20).toFixed(0)} MB`,
          ],
          [
            '  bench process RSS before -> peak over cold + warm',
            `${rssStart.toFixed(0)} -> ${peakRss.toFixed(0)} MB`,
            'in-process companion, default cache',
          ]
        );
      } finally {
        await c.close();
      }
    }
    results.bigRange = big;
    results.loadAverageAtEnd = loadavg();
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await prom.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  process.stdout.write(rows.map((r) => `${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2]}`).join('\n') + '\n');
  process.stdout.write(
    `load average (1/5/15 min) at start ${fmtLoad(results.loadAverageAtStart)}, at end ${fmtLoad(results.loadAverageAtEnd)}\n`
  );
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'companion.json'),
    JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)
  );
}
