/**
 * Chooses time to exhaustion's default training window by leaving one scenario family out: for each
 * family, the window with the lowest mean loss (familyScore.ts familyLoss) on the other families scores
 * it. Input: one tte-evals.json per window, written by
 * `TTE_TRAIN=<w> TTE_GRID=default TTE_FAMILIES_ONLY=1 TTE_EVALS_FILE=<file> npm run eval -- tte`.
 *
 * Usage: `node --import tsx eval/forecast/trainChoice.ts 3d=/tmp/evals-3d.json 7d=/tmp/evals-7d.json ...`
 * (the first window listed wins ties). Prints each window's totals and the cross-validated figures.
 */
import { readFileSync } from 'node:fs';
import { type FamilyEval, familyLoss, summarize, type FamilySummary } from './familyScore';
import { fmt, table } from './table';
import { q } from './tte';

const runs = process.argv.slice(2).map((arg) => {
  const [name, file] = arg.split('=');
  const evals = JSON.parse(readFileSync(file, 'utf8'), (_, x) =>
    x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x
  ) as FamilyEval[];
  return { name, evals };
});
if (runs.length === 0) {
  throw new Error('usage: trainChoice.ts <window>=<tte-evals.json> ...');
}
const families = [...new Set(runs[0].evals.map((e) => e.family))];
const at = (r: number, f: string) => runs[r].evals.filter((e) => e.family === f);
const lossOver = (r: number, fs: string[]) => fs.reduce((a, f) => a + familyLoss(at(r, f)), 0) / fs.length;
const best = (fs: string[]) =>
  runs.reduce((pick, _, r) => (lossOver(r, fs) < lossOver(pick, fs) - 1e-12 ? r : pick), 0);

const row = (name: string, fills: FamilySummary, never: FamilySummary, loss: number | string) => [
  name,
  String(fills.evals),
  q(fills.errors, 0.5),
  `${fmt((100 * fills.covered) / fills.evals)}`,
  q(fills.widths, 0.5),
  fills.scores.reduce((a, b) => a + b, 0) / fills.evals,
  String(fills.misses),
  String(never.evals),
  String(never.falseAlarms),
  String(never.falseAlarmsConfident),
  loss,
];
const header = [
  'window',
  'fill evals',
  'median err %',
  'coverage %',
  'width',
  'score',
  'misses',
  'never evals',
  'false alarms < 7 d',
  'of which conf >= 0.5',
  'mean family loss',
];
const split = (evals: FamilyEval[]) =>
  [summarize(evals.filter((e) => e.kind === 'fills')), summarize(evals.filter((e) => e.kind === 'never'))] as const;

process.stdout.write(`Each window on every family (${families.length} families):\n`);
process.stdout.write(
  table(
    header,
    runs.map((r, i) => row(r.name, ...split(r.evals), lossOver(i, families)))
  )
);
const folds = families.map((f) => ({ f, r: best(families.filter((g) => g !== f)) }));
const cv = folds.flatMap(({ f, r }) => at(r, f));
process.stdout.write(`\nLeave one family out: each family scored with the window that did best on the others\n`);
for (const { f, r } of folds) {
  process.stdout.write(`  held out ${f}: ${runs[r].name}\n`);
}
process.stdout.write(table(header, [row('cross-validated', ...split(cv), '-')]));
process.stdout.write(`in-sample choice (all families): ${runs[best(families)].name}\n`);
