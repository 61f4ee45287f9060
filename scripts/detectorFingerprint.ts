/**
 * Digests of detector outputs and states, to check that a change to the engine leaves its answers the
 * same to the bit: every output array (expected, lower, upper, score, isAnomaly, fired) and the final
 * state of runs over the 18 NAB development files (../shared/data/dev/anomaly: default options, fed
 * whole and in three chunks through a saved state, and each single model), the same files restamped
 * at 1 minute with the home scan's options (3-day window, outputs for the last 2 hours only), and
 * fleet and demo series at 1 minute with the scan's options. Run it on two commits and diff:
 *
 *   node --import tsx scripts/detectorFingerprint.ts > after.txt
 *   ROOT=/path/to/a/checkout/of/the/other/commit node --import tsx scripts/detectorFingerprint.ts > before.txt
 *
 * (ROOT: the tree whose src/, tests/support and companion/src are loaded; default this one.)
 * `--quick` runs a subset.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectionResult } from '../src/ml/types';
const ROOT = process.env.ROOT ?? join(__dirname, '..');
const { createDetector } = require(`${ROOT}/src/ml/detect/registry`) as typeof import('../src/ml/detect/registry');
const { fleetCpu } = require(`${ROOT}/tests/support/fleet`) as typeof import('../tests/support/fleet');
const { demoSeries } = require(
  `${ROOT}/companion/src/upstream/demo/demoSeries`
) as typeof import('../companion/src/upstream/demo/demoSeries');

const dir = process.env.NAB_DIR ?? join(__dirname, '../../shared/data/dev/anomaly');
const files: string[] = [];
for (const d of readdirSync(dir)) {
  if (d.endsWith('.json') || d === 'LICENSE') {
    continue;
  }
  for (const f of readdirSync(join(dir, d))) {
    files.push(join(dir, d, f));
  }
}
files.sort();
function nab(f: string) {
  const rows = readFileSync(f, 'utf8').trim().split('\n').slice(1);
  const t: number[] = [];
  const v: number[] = [];
  for (const r of rows) {
    const [ts, x] = r.split(',');
    const at = Date.parse(ts.replace(' ', 'T') + 'Z');
    if (t.length && !(at > t[t.length - 1])) {
      continue;
    } // NAB's duplicate timestamps
    t.push(at);
    v.push(Number(x));
  }
  return { t: Float64Array.from(t), v: Float64Array.from(v) };
}
function digest(res: DetectionResult, state: unknown): string {
  const h = createHash('sha256');
  for (const k of ['expected', 'lower', 'upper', 'score', 'isAnomaly', 'fired'] as const) {
    const a = res[k];
    if (a) {
      h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    }
  }
  h.update(JSON.stringify(state));
  return h.digest('hex').slice(0, 16);
}
function run(name: string, s: { t: Float64Array; v: Float64Array }, opts: object, outputsFrom: number, chunks = 1) {
  let d = createDetector(opts as never);
  const n = s.t.length;
  const parts: DetectionResult[] = [];
  for (let c = 0; c < chunks; c++) {
    const a = Math.floor((n * c) / chunks);
    const b = Math.floor((n * (c + 1)) / chunks);
    parts.push(d.update(s.t.subarray(a, b), s.v.subarray(a, b), Math.max(0, Math.min(b - a, outputsFrom - a))));
    if (chunks > 1) {
      d = createDetector(opts as never, JSON.parse(JSON.stringify(d.getState())));
    }
  }
  const cat = (k: keyof DetectionResult) => {
    const arrs = parts.map((p) => p[k] as Float64Array);
    if (!arrs[0]) {
      return undefined;
    }
    const out = new (arrs[0].constructor as Float64ArrayConstructor)(n);
    let o = 0;
    for (const x of arrs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  const res = {
    expected: cat('expected'),
    lower: cat('lower'),
    upper: cat('upper'),
    score: cat('score'),
    isAnomaly: cat('isAnomaly'),
    fired: cat('fired'),
  } as unknown as DetectionResult;
  let anomalies = 0;
  for (let i = 0; i < n; i++) {
    anomalies += res.isAnomaly[i];
  }
  console.log(`${name}\t${digest(res, d.getState())}\tanomalies=${anomalies}`);
}
const SCAN = { trainWindow: 4320, season: 'auto' };
const quick = process.argv.includes('--quick');
for (const f of files) {
  const s = nab(f);
  const base = f.split('/').pop()!;
  run(`nab default ${base}`, s, {}, 0);
  if (!quick) {
    run(`nab default chunked ${base}`, s, {}, 0, 3);
  }
  const t1 = Float64Array.from(s.t, (_, i) => Date.UTC(2026, 0, 1) + i * 60_000);
  run(`nab scan 1m ${base}`, { t: t1, v: s.v }, SCAN, s.t.length - 120);
  if (!quick) {
    for (const model of ['holtwinters', 'prophet', 'mad', 'gaussian', 'iforest']) {
      run(`nab ${model} ${base}`, s, { model }, 0);
    }
  }
}
const anchor = Date.UTC(2026, 11, 6, 12);
const N = quick ? 20_000 : 40_000;
function sample(at: (t: number) => number) {
  const t = new Float64Array(N);
  const v = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    t[i] = anchor - (N - 1 - i) * 60_000;
    v[i] = at(t[i]);
  }
  return { t, v };
}
for (const i of [0, 1, 7]) {
  const s = sample(fleetCpu(i, anchor).at);
  run(`fleet cpu ${i} scan`, s, SCAN, N - 120);
  if (!quick) {
    run(`fleet cpu ${i} scan all outputs chunked`, s, SCAN, 0, 4);
  }
}
for (const ds of demoSeries().slice(0, quick ? 3 : 20)) {
  const s = sample(ds.at);
  run(`demo ${JSON.stringify(ds.labels)} scan`, s, SCAN, N - 120);
}
