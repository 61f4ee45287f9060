/**
 * `npm run eval -- anomalyProxies` (also run by `npm run eval -- anomaly`): the engine (what
 * `bellwether detect`, the companion and the panel compute: src/engine/detectSeries.ts at the file's
 * own step) and NAB's windowed-Gaussian baseline on dev-only proxies of the held-out categories'
 * conditions (eval/nab/proxies.ts: short files, hourly data, gaps, irregular timestamps), scored as the main table scores
 * them: NAB scoring on each transformed file with its own 15 % probation, the threshold chosen by
 * leave-one-file-out (cv) and leave-one-category-out (loco) cross-validation. A PROXY, not a
 * held-out score: the same 18 files, transformed. Also, per proxy: files the engine could not judge
 * at all, the median first judged row against the median probation, and the windows that start
 * before the engine's first judgement of their file (lost whatever the threshold). The gap proxies
 * again as the mean over GAP_PLACEMENTS placements of the gaps (one placement is noisy), and once with
 * the engine fed the complete files and read back at the kept rows: the score the data's loss alone
 * leaves, so the difference to the gappy row is what the engine loses to the gaps.
 * Then the pooled evaluation (eval/nab/pooled.ts): the development files and the proxy families (the
 * first gap placement, and hourly+gappy at its first) as one corpus with one threshold, as NAB
 * chooses one over its whole corpus, left out a category (or a source file) at a time.
 * Prints the tables and writes eval/results/anomalyProxies.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSeries } from '../src/engine/detectSeries';
import { prepareSeries } from '../src/ml/core/prepare';
import { MlError } from '../src/ml/types';
import { NAB_PROFILES, prepareNabFile } from '../src/ml/scoring/nab';
import { CorpusFile, loadCorpus } from './nab/corpus';
import { crossValidate } from './nab/crossValidate';
import { pooledScore, PooledFamily, PooledResult } from './nab/pooled';
import { gapPlacements, proxiesOf, Proxy } from './nab/proxies';
import { ScoredFile } from './nab/sweep';
import { nabWindowedGaussian } from './nab/windowedGaussian';
import { lowerBound } from './lowerBound';

interface EngineRun {
  files: ScoredFile[];
  /** Files on which detectSeries judged nothing (not_enough_data). */
  unjudged: number;
  /** Per file: the first row with a finite score (the file's length when none). */
  firstJudged: number[];
  /** Per file: the engine's expected value and band edges at each row (NaN = none). */
  bands: Array<{ expected: Float64Array; lower: Float64Array; upper: Float64Array }>;
}

/**
 * The engine over each file at its own step, read back at every row. `feed[k]` (default: the files
 * themselves) is what the engine sees for file k, read back at file k's timestamps (each of which
 * `feed[k]` must hold): the complete file under a gappy one.
 */
export async function engineOn(files: CorpusFile[], feed: CorpusFile[] = files): Promise<EngineRun> {
  const out: EngineRun = { files: [], unjudged: 0, firstJudged: [], bands: [] };
  for (const [k, f] of files.entries()) {
    const score = new Float64Array(f.t.length).fill(NaN);
    const flag = new Uint8Array(f.t.length);
    const band = {
      expected: new Float64Array(f.t.length).fill(NaN),
      lower: new Float64Array(f.t.length).fill(NaN),
      upper: new Float64Array(f.t.length).fill(NaN),
    };
    out.bands.push(band);
    const p = prepareSeries({ t: feed[k].t, v: feed[k].v });
    try {
      const r = await detectSeries(p.t, p.v, p.stepMs, {});
      for (let i = 0; i < f.t.length; i++) {
        const j = lowerBound(p.t, f.t[i]);
        score[i] = r.score[j];
        flag[i] = r.isAnomaly[j];
        band.expected[i] = r.expected[j];
        band.lower[i] = r.lower[j];
        band.upper[i] = r.upper[j];
      }
    } catch (err) {
      if (!(err instanceof MlError && err.code === 'not_enough_data')) {
        throw err;
      }
      out.unjudged++;
    }
    const first = score.findIndex((x) => Number.isFinite(x));
    out.firstJudged.push(first < 0 ? f.t.length : first);
    out.files.push({ file: prepareNabFile(f.t.length, f.windows), score, flag });
  }
  return out;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export interface ProxyRow {
  proxy: string;
  describe: string;
  rows: number;
  windows: number;
  droppedWindows: number;
  engine: { cv: number[]; loco: number; inSample: number };
  gaussian: { cv: number[]; loco: number };
  unjudgedFiles: number;
  medianFirstJudged: number;
  medianProbation: number;
  /** Windows scored by NAB (ending after the probation) that start before the engine's first judgement. */
  windowsBeforeFirstJudgement: number;
  windowsAfterProbation: number;
}

/** A proxy's row, and the engine's and the windowed Gaussian's scored files (for the pooled evaluation). */
export interface ScoredProxy {
  row: ProxyRow;
  engine: ScoredFile[];
  gaussian: ScoredFile[];
}

/** Scores one proxy (or the corpus itself); `feed`: what the engine sees (see engineOn). */
export async function scoreProxy(p: Proxy, feed?: CorpusFile[]): Promise<ScoredProxy> {
  const foldFile = p.files.map((f) => f.name);
  const foldCategory = p.files.map((f) => f.name.split('/')[0]);
  const eng = await engineOn(p.files, feed);
  const gauss: ScoredFile[] = p.files.map((f) => ({
    file: prepareNabFile(f.t.length, f.windows),
    score: nabWindowedGaussian(f.v),
    flag: new Uint8Array(f.t.length),
  }));
  const cvOf = (files: ScoredFile[]) =>
    NAB_PROFILES.map((prof) => crossValidate([{ name: 'x', files }], prof, foldFile));
  const engCv = cvOf(eng.files);
  const gCv = cvOf(gauss);
  let before = 0;
  let after = 0;
  p.files.forEach((f, k) => {
    const probation = eng.files[k].file.probation;
    for (const [a, b] of f.windows) {
      if (b >= probation) {
        after++;
        before += a < eng.firstJudged[k] && b < eng.firstJudged[k] ? 1 : 0;
      }
    }
  });
  const row: ProxyRow = {
    proxy: p.name,
    describe: p.describe,
    rows: p.files.reduce((s, f) => s + f.t.length, 0),
    windows: p.files.reduce((s, f) => s + f.windows.length, 0),
    droppedWindows: p.droppedWindows,
    engine: {
      cv: engCv.map((c) => c.cv),
      loco: crossValidate([{ name: 'x', files: eng.files }], NAB_PROFILES[0], foldCategory).cv,
      inSample: engCv[0].inSample,
    },
    gaussian: {
      cv: gCv.map((c) => c.cv),
      loco: crossValidate([{ name: 'x', files: gauss }], NAB_PROFILES[0], foldCategory).cv,
    },
    unjudgedFiles: eng.unjudged,
    medianFirstJudged: median(eng.firstJudged),
    medianProbation: median(eng.files.map((f) => f.file.probation)),
    windowsBeforeFirstJudgement: before,
    windowsAfterProbation: after,
  };
  return { row, engine: eng.files, gaussian: gauss };
}

/** The mean of rows that share a shape (the placements of one proxy's gaps), field by field. */
function meanRow(rows: ProxyRow[], proxy: string, describe: string): ProxyRow {
  const mean = (f: (r: ProxyRow) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const means = (f: (r: ProxyRow) => number[]) => f(rows[0]).map((_, i) => mean((r) => f(r)[i]));
  return {
    proxy,
    describe,
    rows: Math.round(mean((r) => r.rows)),
    windows: Math.round(mean((r) => r.windows)),
    droppedWindows: Math.round(mean((r) => r.droppedWindows)),
    engine: {
      cv: means((r) => r.engine.cv),
      loco: mean((r) => r.engine.loco),
      inSample: mean((r) => r.engine.inSample),
    },
    gaussian: { cv: means((r) => r.gaussian.cv), loco: mean((r) => r.gaussian.loco) },
    unjudgedFiles: mean((r) => r.unjudgedFiles),
    medianFirstJudged: mean((r) => r.medianFirstJudged),
    medianProbation: mean((r) => r.medianProbation),
    windowsBeforeFirstJudgement: Math.round(mean((r) => r.windowsBeforeFirstJudgement)),
    windowsAfterProbation: Math.round(mean((r) => r.windowsAfterProbation)),
  };
}

/**
 * The pooled evaluation (eval/nab/pooled.ts) of the engine and the windowed Gaussian over the
 * development files and the proxy families, standard profile: its table lines and results.
 */
function pooledRows(
  pool: Array<{ name: string; scored: ScoredProxy }>,
  sources: string[]
): { lines: string[]; results: Record<string, PooledResult> } {
  const families = (pick: (s: ScoredProxy) => ScoredFile[]): PooledFamily[] =>
    pool.map((p) => ({ name: p.name, files: pick(p.scored), sources }));
  const results = {
    engine: pooledScore(
      families((s) => s.engine),
      NAB_PROFILES[0]
    ),
    gauss: pooledScore(
      families((s) => s.gaussian),
      NAB_PROFILES[0]
    ),
  };
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    fmt(r.loco),
    fmt(r.bySource),
    fmt(r.inSample),
    fmt(r.inSampleThreshold, 4),
    ...r.families.map((f) => fmt(f.score)),
  ]);
  const header = ['pooled', 'std loco', 'by source', 'std in', 'thr in', ...pool.map((p) => p.name)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const lines = [
    `POOLED: the development files and ${pool.length - 1} proxy families as ONE corpus with ONE threshold, as NAB ` +
      'chooses one over its 58 files (eval/nab/pooled.ts), standard profile:',
    '  std loco = the threshold chosen leaving one category out (each development category and each proxy family ' +
      'is a category); by source = leaving one development file and all its copies out; in = in-sample',
    '  then, per family: its files at the threshold chosen leaving its category out',
    line(header),
    ...rows.map(line),
    `  engine thresholds per held-out category: ${results.engine.chosen
      .map((c) => `${c.fold} ${c.threshold.toFixed(4)}`)
      .join(', ')}`,
  ];
  return { lines, results };
}

export async function run(): Promise<void> {
  const corpus = loadCorpus();
  const all: Proxy[] = [
    { name: 'dev (as is)', describe: 'the 18 files', files: corpus, droppedWindows: 0 },
    ...proxiesOf(corpus),
  ];
  const rows: ProxyRow[] = [];
  const pool: Array<{ name: string; scored: ScoredProxy }> = [];
  for (const p of all) {
    const scored = await scoreProxy(p);
    rows.push(scored.row);
    pool.push({ name: p.name === all[0].name ? 'dev' : p.name, scored });
  }
  const placements = gapPlacements(corpus);
  // PROXIES_POOLED_ONLY=1: only what the pooled table needs (the gap placements' mean rows are skipped).
  const pooledOnly = process.env.PROXIES_POOLED_ONLY === '1';
  const n = placements.gappy.length;
  const gappyRows: ProxyRow[] = [];
  const completeRows: ProxyRow[] = [];
  const shortRows: ProxyRow[] = [];
  for (const p of pooledOnly ? [] : placements.gappy) {
    gappyRows.push((await scoreProxy(p)).row);
    completeRows.push((await scoreProxy(p, corpus)).row);
  }
  for (const p of pooledOnly ? [] : placements.shortGappy) {
    shortRows.push((await scoreProxy(p)).row);
  }
  const hourlyRows: ProxyRow[] = [];
  for (const [i, p] of (pooledOnly ? placements.hourlyGappy.slice(0, 1) : placements.hourlyGappy).entries()) {
    const scored = await scoreProxy(p);
    hourlyRows.push(scored.row);
    if (i === 0) {
      // realAdExchange's condition (hourly with gaps) joins the pool at the first placement.
      pool.push({ name: 'hourly+gappy', scored });
    }
  }
  const pooled = pooledRows(
    pool,
    corpus.map((f) => f.name)
  );
  rows.push(
    ...(pooledOnly
      ? []
      : [
          meanRow(gappyRows, `gappy x${n}`, `gappy, mean of ${n} placements of the gaps`),
          meanRow(completeRows, `gappy x${n} full in`, 'the same rows scored, the engine fed the complete files'),
          meanRow(shortRows, `short+gappy x${n}`, `short+gappy, mean of ${n} placements of the gaps`),
          meanRow(hourlyRows, `hourly+gappy x${n}`, `hourly means with gaps, mean of ${n} placements`),
        ])
  );
  const header = [
    'proxy',
    'rows',
    'win',
    'eng std cv',
    'lowFP',
    'lowFN',
    'std loco',
    'std in',
    'gauss std cv',
    'lowFP',
    'lowFN',
    'std loco',
    'unjudged',
    '1st judged',
    'probation',
    'win lost',
  ];
  const table = rows.map((r) => [
    r.proxy,
    String(r.rows),
    `${r.windows}${r.droppedWindows ? ` (-${r.droppedWindows})` : ''}`,
    ...r.engine.cv.map((x) => fmt(x)),
    fmt(r.engine.loco),
    fmt(r.engine.inSample),
    ...r.gaussian.cv.map((x) => fmt(x)),
    fmt(r.gaussian.loco),
    String(r.unjudgedFiles),
    fmt(r.medianFirstJudged, 0),
    fmt(r.medianProbation, 0),
    `${r.windowsBeforeFirstJudgement}/${r.windowsAfterProbation}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    'PROXIES of the held-out conditions, built from the 18 development files only (not a held-out score):',
    '  short = first 1,000-2,000 rows; short@window = 1,000-2,000 rows with the first window 15-50 % in; hourly = hourly means; gappy = ~10 % of rows dropped in runs of 1-36; ' +
      'short+gappy = short@window with gaps; irregular = timestamps moved by up to 0.9 step (eval/nab/proxies.ts)',
    '  xN = mean over N placements of the gaps (one placement moves the score by up to 10 points); ' +
      'full in = the engine fed the complete files, scored at the gappy rows (what the data loss alone costs)',
    '  engine = bellwether detect / companion / panel (src/engine/detectSeries.ts), gauss = NAB windowed Gaussian; ' +
      'cv = leave-one-file-out threshold, loco = leave-one-category-out, in = in-sample',
    '  win = windows kept (-dropped by the transform); 1st judged = median first row the engine scores; ' +
      'probation = median NAB probation; win lost = scored windows that end before the engine first judges their file',
    line(header),
    ...table.map(line),
    '',
    ...pooled.lines,
  ];
  process.stdout.write(out.join('\n') + '\n');
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'anomalyProxies.json'),
    JSON.stringify({ generated: new Date().toISOString(), rows, pooled: pooled.results }, null, 2)
  );
  process.stdout.write(`wrote ${join(dir, 'anomalyProxies.json')}\n`);
}
