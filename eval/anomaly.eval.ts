/**
 * `npm run eval -- anomaly`: scores every detector and the ensemble on the labelled NAB development
 * corpus with NAB-style scoring (src/ml/eval/nab.ts): standard, reward_low_FP_rate and
 * reward_low_FN_rate, each at the best corpus-wide threshold and at the shipped default; event-level
 * precision/recall/F1 at the default; and a verdict of the ensemble against every member and the
 * windowed-Gaussian baseline. Prints a table and writes eval/results/anomaly.json.
 *
 * The LSTM takes minutes on this corpus; it is included when BELLWETHER_EVAL_LSTM=1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect, detectAsync, DetectorModel } from '../src/ml/detect';
import { runBatch } from '../src/ml/detect/detect';
import { EnsembleDetector, resolveOptions } from '../src/ml/detect/registry';
import { NAB_PROFILES, prepareNabFile } from '../src/ml/eval/nab';
import { loadCorpus } from './nab/corpus';
import { candidateThresholds, eventStats, profileResult, ProfileResult, ScoredFile, EventStats } from './nab/sweep';

interface ModelResult {
  model: string;
  profiles: ProfileResult[];
  events: EventStats;
  seconds: number;
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

export async function run(): Promise<void> {
  const corpus = loadCorpus();
  const models: DetectorModel[] = ['gaussian', 'mad', 'holtwinters', 'prophet', 'iforest', 'ensemble'];
  if (process.env.BELLWETHER_EVAL_LSTM === '1') {
    models.splice(5, 0, 'lstm');
  }
  // Ablations: each member alone behind the ensemble's calibration and threshold ("cal:<member>"), so
  // the table separates what calibration buys from what combining buys.
  // "ensemble4" is the ensemble with the MAD and the Isolation Forest added, kept to show why they are
  // not default members.
  const variants: string[] = [
    ...models,
    'ensemble4',
    ...['mad', 'holtwinters', 'prophet', 'iforest', 'gaussian'].map((m) => 'cal:' + m),
  ];
  const results: ModelResult[] = [];
  for (const model of variants) {
    const started = performance.now();
    const files: ScoredFile[] = [];
    for (const f of corpus) {
      const series = { t: f.t, v: f.v };
      const members =
        model === 'ensemble4'
          ? (['mad', 'holtwinters', 'prophet', 'iforest'] as DetectorModel[])
          : [model.slice(4) as DetectorModel];
      const res =
        model.startsWith('cal:') || model === 'ensemble4'
          ? runBatch(
              series,
              { model: 'ensemble' },
              () => new EnsembleDetector(resolveOptions({ model: 'ensemble' }), undefined, members)
            )
          : model === 'lstm'
            ? await detectAsync(series, { model })
            : detect(series, { model: model as DetectorModel });
      // detect() merges duplicate timestamps and sorts; read its output back at every original row.
      const score = new Float64Array(f.t.length);
      const flag = new Uint8Array(f.t.length);
      for (let i = 0; i < f.t.length; i++) {
        const j = lowerBound(res.t, f.t[i]);
        score[i] = res.score[j];
        flag[i] = res.isAnomaly[j];
      }
      files.push({ file: prepareNabFile(f.t.length, f.windows), score, flag });
    }
    const seconds = (performance.now() - started) / 1000;
    const thresholds = candidateThresholds(files);
    results.push({
      model,
      profiles: NAB_PROFILES.map((p) => profileResult(files, p, thresholds)),
      events: eventStats(files),
      seconds,
    });
  }

  const header = [
    'model',
    'std best',
    'std dflt',
    'lowFP best',
    'lowFP dflt',
    'lowFN best',
    'lowFN dflt',
    'evt P',
    'evt R',
    'evt F1',
    'time s',
  ];
  const rows = results.map((r) => [
    r.model,
    ...r.profiles.flatMap((p) => [fmt(p.best), fmt(p.atDefault)]),
    fmt(r.events.precision, 2),
    fmt(r.events.recall, 2),
    fmt(r.events.f1, 2),
    fmt(r.seconds, 1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out: string[] = [];
  out.push(
    `NAB-style scores on ${corpus.length} files (${corpus.reduce((s, f) => s + f.windows.length, 0)} windows); 0 = never fires, 100 = perfect`
  );
  out.push(
    'best = at the corpus-wide threshold that maximises the profile; dflt = at the shipped default (sensitivity 0.5)'
  );
  out.push(line(header));
  for (const r of rows) {
    out.push(line(r));
  }
  out.push('');
  out.push(
    'Best thresholds (std / lowFP / lowFN): ' +
      results.map((r) => `${r.model} ${r.profiles.map((p) => fmt(p.bestThreshold, 4)).join('/')}`).join('; ')
  );

  // Verdicts: the target is that the ensemble beats every member and the baseline on the
  // standard and reward_low_FP profiles. Report each comparison as measured.
  const ens = results.find((r) => r.model === 'ensemble')!;
  const verdicts: string[] = [];
  for (const pi of [0, 1]) {
    for (const kind of ['best', 'atDefault'] as const) {
      const e = ens.profiles[pi][kind];
      const losers = results
        .filter((r) => r.model !== 'ensemble' && r.model !== 'ensemble4' && r.profiles[pi][kind] >= e)
        .map((r) => `${r.model} ${fmt(r.profiles[pi][kind])}`);
      const base = results.find((r) => r.model === 'gaussian')!.profiles[pi][kind];
      verdicts.push(
        `${NAB_PROFILES[pi].name} (${kind === 'best' ? 'best threshold' : 'default'}): ensemble ${fmt(e)} vs gaussian baseline ${fmt(base)} -> ` +
          (losers.length === 0
            ? 'ensemble beats every member and the baseline'
            : `NOT MET: not better than ${losers.join(', ')}`)
      );
    }
  }
  out.push('');
  out.push(...verdicts);
  process.stdout.write(out.join('\n') + '\n');

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'anomaly.json'),
    JSON.stringify(
      { generated: new Date().toISOString(), files: corpus.map((f) => f.name), results, verdicts },
      null,
      2
    )
  );
  process.stdout.write(`wrote ${join(dir, 'anomaly.json')}\n`);
}
