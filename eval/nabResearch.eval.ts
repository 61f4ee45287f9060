/**
 * `npm run eval -- nabResearch`: the research table behind the shipped detector's design. Scores
 * candidate detectors written from published NAB entries (eval/nab/relativeEntropy.ts,
 * eval/nab/numentaLikelihood.ts, eval/nab/skyline.ts) and combinations with the shipped ensemble on the 18 development
 * files, with the same cross-validation as the anomaly evaluation (eval/nab/crossValidate.ts:
 * cv = leave-one-file-out, loco = leave-one-category-out, in = in-sample) and, where the candidate has
 * a fixed decision threshold, the score at that threshold (ship). Writes eval/results/nabResearch.json.
 * Candidates marked "(file range)" read the whole file's min and max, as NAB hands every detector: a
 * reference, not causal, never shippable.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect, DetectorOptions } from '../src/ml/detect';
import { runBatch } from '../src/ml/detect/detect';
import { createDetector, EnsembleDetector } from '../src/ml/detect/registry';
import { detectSeries } from '../src/engine/detectSeries';
import type { FunctionOptions } from '../src/engine/query';
import { prepareSeries } from '../src/ml/core/prepare';
import { NAB_PROFILES, nabBounds, normaliseNab, prepareNabFile, scoreNabFile } from '../src/ml/scoring/nab';
import { CorpusFile, loadCorpus } from './nab/corpus';
import { crossValidate } from './nab/crossValidate';
import { anomalyLikelihood } from './nab/likelihood';
import { numentaLikelihood, NumentaLikelihoodOptions } from './nab/numentaLikelihood';
import { relativeEntropy } from './nab/relativeEntropy';
import { skyline } from './nab/skyline';
import { ScoredFile } from './nab/sweep';
import { nabWindowedGaussian } from './nab/windowedGaussian';

interface Candidate {
  name: string;
  score: (f: CorpusFile) => Float64Array | Promise<Float64Array>;
  /** A fixed decision threshold, when the candidate has one. */
  ship?: number;
  /** Settings chosen by cross-validation with the threshold (each a candidate of its own). */
  settings?: Candidate[];
}

/** Score of a batch detection read back at each row (NaN -> 0: not judged is not a detection). */
function detScore(f: CorpusFile, o: DetectorOptions, rangeTolerance?: number): Float64Array {
  const res =
    rangeTolerance === undefined
      ? detect({ t: f.t, v: f.v }, o)
      : runBatch({ t: f.t, v: f.v }, o, (opts) => {
          const d = createDetector(opts);
          if (d instanceof EnsembleDetector) {
            d.core.rangeTolerance = rangeTolerance;
          }
          return d;
        });
  const out = new Float64Array(f.t.length);
  let j = 0;
  for (let i = 0; i < f.t.length; i++) {
    while (j < res.t.length - 1 && res.t[j] < f.t[i]) {
      j++;
    }
    out[i] = Number.isFinite(res.score[j]) ? res.score[j] : 0;
  }
  return out;
}

/** NAB numenta's spatial anomaly: 1 when a value leaves the range of the last `window` values by more than `tol` of it. */
function rangeBreak(v: Float64Array, tol: number, window = Infinity): Float64Array {
  const out = new Float64Array(v.length);
  const seen: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) {
      continue;
    }
    if (seen.length > 1) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = Math.max(0, seen.length - window); k < seen.length; k++) {
        lo = Math.min(lo, seen[k]);
        hi = Math.max(hi, seen[k]);
      }
      const t = (hi - lo) * tol;
      out[i] = hi > lo && (x > hi + t || x < lo - t) ? 1 : 0;
    }
    seen.push(x);
  }
  return out;
}

const maxOf = (a: Float64Array, b: Float64Array) => a.map((x, i) => Math.max(x, b[i]));

function fixedScore(files: ScoredFile[], pi: number, thr: number): number {
  let raw = 0;
  let nul = 0;
  let perfect = 0;
  for (const f of files) {
    raw += scoreNabFile(f.file, (i) => f.score[i] >= thr, NAB_PROFILES[pi]).raw;
    const b = nabBounds(f.file, NAB_PROFILES[pi]);
    nul += b.nullScore;
    perfect += b.perfect;
  }
  return normaliseNab(raw, nul, perfect);
}

export async function run(): Promise<void> {
  const corpus = loadCorpus();
  const foldFile = corpus.map((f) => f.name);
  const foldCategory = corpus.map((f) => f.name.split('/')[0]);
  const cache = new Map<string, Float64Array>();
  const memo = (key: string, f: CorpusFile, make: () => Float64Array) => {
    const k = `${key}\u0000${f.name}`;
    if (!cache.has(k)) {
      cache.set(k, make());
    }
    return cache.get(k)!;
  };
  // The ensemble before range breaks (RANGE_TOLERANCE): the research below adds them from outside.
  const ens = (f: CorpusFile) => memo('ens', f, () => detScore(f, {}, Infinity));
  const ens0 = (f: CorpusFile) => memo('ens0', f, () => detScore(f, { adaptAfter: 0 }, Infinity));
  const gau = (f: CorpusFile) => memo('gau', f, () => detScore(f, { model: 'gaussian' }));
  const hw = (f: CorpusFile) => memo('hw', f, () => detScore(f, { model: 'holtwinters' }));
  const reC = (f: CorpusFile) => memo('reC', f, () => relativeEntropy(f.v, { range: 'causal' }));
  const nl = (name: string, src: (f: CorpusFile) => Float64Array, o: NumentaLikelihoodOptions = {}): Candidate => ({
    name,
    score: (f) => numentaLikelihood(src(f), f.v, o),
    ship: 0.5,
  });
  const spatial = (f: CorpusFile) =>
    memo('spatial', f, () => numentaLikelihood(new Float64Array(f.v.length), f.v, { spatial: true }).map((x) => (x >= 1 ? 1 : 0)));
  const engine = async (f: CorpusFile, o: FunctionOptions = {}) => {
    const p = prepareSeries({ t: f.t, v: f.v });
    const r = await detectSeries(p.t, p.v, p.stepMs, o);
    // Read back at every row (duplicate timestamps were merged into one point).
    const out = new Float64Array(f.t.length);
    let j = 0;
    for (let i = 0; i < f.t.length; i++) {
      while (j < p.t.length - 1 && p.t[j] < f.t[i]) {
        j++;
      }
      out[i] = Number.isFinite(r.score[j]) ? r.score[j] : 0;
    }
    return out;
  };
  const eng = (f: CorpusFile) => {
    const k = `eng\u0000${f.name}`;
    if (!cache.has(k)) {
      cache.set(k, engine(f).then((r) => (engSync.set(f.name, r), r)) as unknown as Float64Array);
    }
    return cache.get(k) as unknown as Promise<Float64Array>;
  };
  const nanToZero = (x: number) => (Number.isFinite(x) ? x : 0);
  const sky = (f: CorpusFile) => memo('sky', f, () => skyline(f.t, f.v).map(nanToZero));
  // Skyline's CONSENSUS rule as a trigger beside the engine's score: c of its 7 tests agree -> 1.
  const consensus = (e: Float64Array, s: Float64Array, c: number) => e.map((x, i) => (s[i] >= c / 7 - 1e-9 ? 1 : x));
  // The engine's scores by file, kept when the engine's row (the first) computes them.
  const engSync = new Map<string, Float64Array>();
  const candidates: Candidate[] = [
    { name: 'engine (CLI path), shipped', score: eng, ship: 0.765 },
    { name: 'nab-gaussian', score: (f) => nabWindowedGaussian(f.v) },
    { name: 'ensemble before range breaks', score: ens, ship: 0.765 },
    { name: 'ensemble (shipped, range breaks 2 %)', score: (f) => detScore(f, {}), ship: 0.765 },
    { name: 'ensemble adapt=0', score: ens0, ship: 0.765 },
    { name: 'relEntropy (file range)', score: (f) => relativeEntropy(f.v, { range: 'file' }), ship: 0.5 },
    { name: 'relEntropy causal', score: reC, ship: 0.5 },
    { name: 'relEntropy causal W=24', score: (f) => relativeEntropy(f.v, { range: 'causal', W: 24 }), ship: 0.5 },
    { name: 'relEntropy causal bins=8', score: (f) => relativeEntropy(f.v, { range: 'causal', bins: 8 }), ship: 0.5 },
    { name: 'spatial (range +5%)', score: spatial, ship: 0.5 },
    { name: 'old likelihood(ens)', score: (f) => anomalyLikelihood(ens(f)) },
    nl('NL(ens)', ens),
    nl('NL(ens) no filter', ens, { filter: false }),
    nl('NL(ens)+spatial', ens, { spatial: true }),
    nl('NL(ens adapt=0)+spatial', ens0, { spatial: true }),
    nl('NL(gaussian)+spatial', gau, { spatial: true }),
    nl('NL(holtwinters)+spatial', hw, { spatial: true }),
    nl('NL(ens) avg=3', ens, { averaging: 3 }),
    { name: 'max(ens, relEntropy causal)', score: (f) => maxOf(ens(f), reC(f)), ship: 0.765 },
    { name: 'max(ens, spatial)', score: (f) => maxOf(ens(f), spatial(f)), ship: 0.765 },
    ...[0, 0.02, 0.05, 0.1, 0.2].flatMap((tol) =>
      [Infinity, 1000, 288].map((w) => ({
        name: `max(ens, range break ${tol} last ${w})`,
        score: (f: CorpusFile) => maxOf(ens(f), rangeBreak(f.v, tol, w)),
        ship: 0.765,
      }))
    ),
    {
      name: 'max(ens, range break), tol chosen by cv',
      score: ens,
      settings: [0, 0.02, 0.05, 0.1, 0.2].map((tol) => ({
        name: `tol ${tol}`,
        score: (f: CorpusFile) => maxOf(ens(f), rangeBreak(f.v, tol)),
      })),
    },
    { name: 'skyline (7 tests, all history)', score: sky, ship: 6 / 7 - 1e-9 },
    {
      name: 'skyline (last 3000 values)',
      score: (f) => skyline(f.t, f.v, { window: 3000 }).map(nanToZero),
      ship: 6 / 7 - 1e-9,
    },
    ...[5, 6].map((c) => ({
      name: `max(engine, skyline >= ${c} of 7)`,
      score: async (f: CorpusFile) => consensus(await eng(f), sky(f), c),
      ship: 0.765,
    })),
    {
      name: 'max(engine, skyline last 3000 >= 6)',
      score: async (f: CorpusFile) => consensus(await eng(f), skyline(f.t, f.v, { window: 3000 }).map(nanToZero), 6),
      ship: 0.765,
    },
    nl('NL(engine)', (f) => engSync.get(f.name)!),
    {
      name: 'max(engine, NL(engine))',
      score: async (f: CorpusFile) => maxOf(await eng(f), numentaLikelihood(await eng(f), f.v).map(nanToZero)),
      ship: 0.765,
    },
    { name: 'max(ens adapt=0, range break 0.05)', score: (f) => maxOf(ens0(f), rangeBreak(f.v, 0.05)), ship: 0.765 },
    { name: 'max(ens, relEntropy W=24)', score: (f) => maxOf(ens(f), relativeEntropy(f.v, { range: 'causal', W: 24 })), ship: 0.765 },
  ];
  const header = ['candidate', 'std cv', 'loco', 'in', 'ship', 'lowFP cv', 'in', 'ship', 'lowFN cv', 'in', 'ship', 's'];
  const rows: string[][] = [];
  const results: unknown[] = [];
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
  for (const c of candidates) {
    const started = performance.now();
    let files: ScoredFile[] = [];
    const runs: Array<{ name: string; files: ScoredFile[] }> = [];
    try {
      for (const setting of c.settings ?? [c]) {
        files = [];
        for (const f of corpus) {
          files.push({ file: prepareNabFile(f.t.length, f.windows), score: await setting.score(f), flag: new Uint8Array(f.t.length) });
        }
        runs.push({ name: setting.name, files });
      }
    } catch (err) {
      rows.push([c.name, `failed: ${(err as Error).message}`]);
      continue;
    }
    const seconds = (performance.now() - started) / 1000;
    const cells = NAB_PROFILES.map((p, pi) => {
      const lofo = crossValidate(runs, p, foldFile);
      const loco = crossValidate(runs, p, foldCategory);
      const ship = c.ship === undefined || c.settings ? NaN : fixedScore(files, pi, c.ship);
      return { profile: p.name, cv: lofo.cv, loco: loco.cv, inSample: lofo.inSample, ship, threshold: lofo.inSampleThreshold };
    });
    results.push({ candidate: c.name, profiles: cells, seconds });
    rows.push([
      c.name,
      fmt(cells[0].cv),
      fmt(cells[0].loco),
      fmt(cells[0].inSample),
      fmt(cells[0].ship),
      ...cells.slice(1).flatMap((x) => [fmt(x.cv), fmt(x.inSample), fmt(x.ship)]),
      seconds.toFixed(1),
    ]);
    process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  process.stdout.write(
    `NAB research candidates on ${corpus.length} files; cv = leave-one-file-out, loco = leave-one-category-out, ` +
      'in = in-sample optimised threshold, ship = at the fixed threshold (ensemble 0.765, likelihoods and 0/1 scores 0.5)\n' +
      [line(header), ...rows.map(line)].join('\n') +
      '\n'
  );
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nabResearch.json'), JSON.stringify({ generated: new Date().toISOString(), results }, null, 2));
}
