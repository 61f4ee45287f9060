/**
 * `npm run bench -- ml`: cost of every detector and of the default ensemble on synthetic 5-minute data
 * (daily cycle + noise + occasional spikes):
 * - fit time: a full causal batch run over 2k, 10k and 100k points (median of 3 runs after 3 warm-up
 *   runs; 1 run for 100k);
 * - incremental update cost per point: one-point `update()` calls after a 2,000-point warm-up;
 * - state size: bytes of JSON.stringify(getState()) after 10,000 points;
 * - peak memory: peak RSS of a child process doing the 100k run, minus that of an idle child;
 * - 50 x 2,000: time to score 50 different 2,000-point series in one call (as a worker would; median of 3).
 * The machine's 2 cores may be shared with other work: figures vary by +-30% between runs.
 * Prints a table and writes bench/results/ml.json. Targets (issue): ensemble <= 20 us/point,
 * 10k fit <= 150 ms, 50 x 2,000 <= 1 s, state <= 64 KB.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mulberry32 } from '../src/ml/core/prng';
import { createDetector, detect, DetectorModel } from '../src/ml/detect';

const MODELS: DetectorModel[] = ['gaussian', 'mad', 'holtwinters', 'prophet', 'iforest', 'ensemble'];
const STEP = 300_000;

function synthetic(n: number, seed: number): { t: Float64Array; v: Float64Array } {
  const g = new Mulberry32(seed);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    t[i] = t0 + i * STEP;
    v[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / 288) + 5 * (g.next() - 0.5) + (g.next() < 0.001 ? 60 : 0);
  }
  return { t, v };
}

function time(fn: () => void, repeats: number): number {
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const a = performance.now();
    fn();
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1];
}

/** Child-process entry: runs one 100k fit and prints the peak RSS in bytes. */
export function child(model: string): void {
  if (model !== 'idle') {
    const s = synthetic(100_000, 3);
    detect(s, { model: model as DetectorModel });
  }
  process.stdout.write(String(process.resourceUsage().maxRSS * 1024));
}

function peakRss(model: string): number {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '-e', `require(${JSON.stringify(__filename)}).child(${JSON.stringify(model)})`],
    {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
    }
  );
  return Number(out.trim());
}

interface Row {
  model: string;
  fit2kMs: number;
  fit10kMs: number;
  fit100kMs: number;
  usPerPoint: number;
  stateBytes: number;
  peakMemBytes: number;
  batch50x2kMs: number;
}

export async function run(): Promise<void> {
  const s2k = synthetic(2_000, 1);
  const s10k = synthetic(10_000, 1);
  const s100k = synthetic(100_000, 1);
  const many = Array.from({ length: 50 }, (_, k) => synthetic(2_000, 100 + k));
  const idle = peakRss('idle');
  const rows: Row[] = [];
  for (const model of MODELS) {
    for (let w = 0; w < 3; w++) {
      detect(s10k, { model }); // warm the JIT
    }
    const fit2kMs = time(() => detect(s2k, { model }), 3);
    const fit10kMs = time(() => detect(s10k, { model }), 3);
    const fit100kMs = time(() => detect(s100k, { model }), 1);
    const d = createDetector({ model });
    d.update(s10k.t.subarray(0, 2000), s10k.v.subarray(0, 2000));
    const tt = new Float64Array(1);
    const vv = new Float64Array(1);
    const a = performance.now();
    for (let i = 2000; i < 10_000; i++) {
      tt[0] = s10k.t[i];
      vv[0] = s10k.v[i];
      d.update(tt, vv);
    }
    const usPerPoint = ((performance.now() - a) * 1000) / 8000;
    const stateBytes = Buffer.byteLength(JSON.stringify(d.getState()));
    const batch50x2kMs = time(() => many.forEach((s) => detect(s, { model })), 3);
    const peakMemBytes = Math.max(0, peakRss(model) - idle);
    rows.push({ model, fit2kMs, fit10kMs, fit100kMs, usPerPoint, stateBytes, peakMemBytes, batch50x2kMs });
  }

  const header = ['model', 'fit 2k ms', 'fit 10k ms', 'fit 100k ms', 'us/point', 'state KB', 'peak MB', '50x2k ms'];
  const cells = rows.map((r) => [
    r.model,
    r.fit2kMs.toFixed(1),
    r.fit10kMs.toFixed(1),
    r.fit100kMs.toFixed(0),
    r.usPerPoint.toFixed(2),
    (r.stateBytes / 1024).toFixed(1),
    (r.peakMemBytes / 1048576).toFixed(1),
    r.batch50x2kMs.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  const out = [
    `Detector cost on synthetic 5-minute data (node ${process.version}, ${process.arch})`,
    line(header),
    ...cells.map(line),
  ];
  const e = rows.find((r) => r.model === 'ensemble')!;
  const check = (ok: boolean, what: string) => `${ok ? 'MET    ' : 'NOT MET'} ${what}`;
  out.push(
    '',
    'Default ensemble targets:',
    check(e.usPerPoint <= 20, `incremental update <= 20 us/point (${e.usPerPoint.toFixed(2)})`),
    check(e.fit10kMs <= 150, `fit of 10,000 points <= 150 ms (${e.fit10kMs.toFixed(1)})`),
    check(e.batch50x2kMs <= 1000, `50 x 2,000 points <= 1 s (${e.batch50x2kMs.toFixed(0)} ms)`),
    check(e.stateBytes <= 65536, `state <= 64 KB per series (${(e.stateBytes / 1024).toFixed(1)} KB)`)
  );
  process.stdout.write(out.join('\n') + '\n');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ml.json'),
    JSON.stringify({ generated: new Date().toISOString(), node: process.version, rows }, null, 2)
  );
  process.stdout.write(`wrote ${join(dir, 'ml.json')}\n`);
}
