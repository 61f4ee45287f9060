/**
 * `npm run bench -- ml`: cost of every detector and of the default ensemble on synthetic 5-minute data
 * (daily cycle + noise + occasional spikes):
 * - fit time: a full causal batch run over 2k, 10k and 100k points (median of 3 runs after 3 warm-up
 *   runs; 1 run for 100k);
 * - incremental update cost per point: one-point `update()` calls after a 2,000-point warm-up;
 * - state size: bytes of JSON.stringify(getState()) after 10,000 points;
 * - peak memory: peak RSS of a child process doing the 100k run, minus that of an idle child;
 * - 50 x 2,000: time to score 50 different 2,000-point series in one call (as a worker would; median of 3),
 *   as wall-clock time and as CPU time of this process (less sensitive to other work on the machine).
 * - lstm: every fit includes its training (tfjs, wasm backend), so it runs once per size after one
 *   warm-up run; the 50 x 2,000 column is skipped (50 trainings of a few seconds each: the LSTM is not
 *   meant for many-series worker calls), stated in the output.
 * The machine's 2 cores may be shared with other work: figures vary by +-30% between runs.
 * Prints a table and writes bench/results/ml.json. Targets (issue): ensemble <= 20 us/point,
 * 10k fit <= 150 ms, 50 x 2,000 <= 1 s, state <= 64 KB.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mulberry32 } from '../src/ml/core/prng';
import { createDetectorAsync, detectAsync, DetectorModel } from '../src/ml/detect';

const MODELS: DetectorModel[] = ['gaussian', 'mad', 'holtwinters', 'prophet', 'iforest', 'lstm', 'ensemble'];
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

async function time(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const a = performance.now();
    await fn();
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1];
}

/** Child-process entry: runs one 100k fit and prints the peak RSS in bytes. */
export async function child(model: string): Promise<void> {
  if (model !== 'idle') {
    const s = synthetic(100_000, 3);
    await detectAsync(s, { model: model as DetectorModel });
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
  batch50x2kCpuMs: number;
}

export async function run(): Promise<void> {
  const s2k = synthetic(2_000, 1);
  const s10k = synthetic(10_000, 1);
  const s100k = synthetic(100_000, 1);
  const many = Array.from({ length: 50 }, (_, k) => synthetic(2_000, 100 + k));
  const idle = peakRss('idle');
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const model of MODELS) {
    const slow = model === 'lstm';
    const fit = (s: { t: Float64Array; v: Float64Array }) => detectAsync(s, { model });
    for (let w = 0; w < (slow ? 1 : 3); w++) {
      await fit(slow ? s2k : s10k); // warm the JIT (and, for the LSTM, start tfjs)
    }
    const fit2kMs = await time(() => fit(s2k), slow ? 1 : 3);
    const fit10kMs = await time(() => fit(s10k), slow ? 1 : 3);
    const fit100kMs = await time(() => fit(s100k), 1);
    const d = await createDetectorAsync({ model });
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
    let batch50x2kMs = NaN;
    let batch50x2kCpuMs = NaN;
    if (slow) {
      notes.push(
        `${model}: 50 x 2,000 skipped: every series trains its own network (see fit 2k, almost all training), ` +
          'so 50 series cost about 50 x that; it is not meant for many-series worker calls'
      );
    } else {
      const cpu: number[] = [];
      batch50x2kMs = await time(async () => {
        const c = process.cpuUsage();
        for (const s of many) {
          await fit(s);
        }
        const u = process.cpuUsage(c);
        cpu.push((u.user + u.system) / 1000);
      }, 3);
      cpu.sort((x, y) => x - y);
      batch50x2kCpuMs = cpu[1];
    }
    const peakMemBytes = Math.max(0, peakRss(model) - idle);
    rows.push({
      model,
      fit2kMs,
      fit10kMs,
      fit100kMs,
      usPerPoint,
      stateBytes,
      peakMemBytes,
      batch50x2kMs,
      batch50x2kCpuMs,
    });
  }

  const header = [
    'model',
    'fit 2k ms',
    'fit 10k ms',
    'fit 100k ms',
    'us/point',
    'state KB',
    'peak MB',
    '50x2k ms',
    '50x2k cpu ms',
  ];
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'skipped');
  const cells = rows.map((r) => [
    r.model,
    r.fit2kMs.toFixed(1),
    r.fit10kMs.toFixed(1),
    r.fit100kMs.toFixed(0),
    r.usPerPoint.toFixed(2),
    (r.stateBytes / 1024).toFixed(1),
    (r.peakMemBytes / 1048576).toFixed(1),
    ms(r.batch50x2kMs),
    ms(r.batch50x2kCpuMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  const out = [
    `Detector cost on synthetic 5-minute data (node ${process.version}, ${process.arch})`,
    line(header),
    ...cells.map(line),
    ...(notes.length ? ['', ...notes] : []),
  ];
  const e = rows.find((r) => r.model === 'ensemble')!;
  const check = (ok: boolean, what: string) => `${ok ? 'MET    ' : 'NOT MET'} ${what}`;
  out.push(
    '',
    'Default ensemble targets:',
    check(e.usPerPoint <= 20, `incremental update <= 20 us/point (${e.usPerPoint.toFixed(2)})`),
    check(e.fit10kMs <= 150, `fit of 10,000 points <= 150 ms (${e.fit10kMs.toFixed(1)})`),
    check(
      e.batch50x2kMs <= 1000,
      `50 x 2,000 points <= 1 s (${e.batch50x2kMs.toFixed(0)} ms wall, ${e.batch50x2kCpuMs.toFixed(0)} ms CPU)`
    ),
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
