/**
 * Leave-one-family-out cross-validation over evals files written by single-setting runs side by side
 * (`TTE_GRID=default TTE_SETTINGS='{...}' TTE_EVALS_FILE=path npm run eval -- tte.eval`, one run per
 * value): the same choice as tte.eval.ts makes over its grid (each family scored with the file whose
 * mean familyLoss over the other families is lowest; ties keep the first file, the shipped settings),
 * for when a sweep in one process would take too long on a loaded machine.
 * Usage: node --import tsx eval/forecast/cvFromEvals.ts shipped.json other.json [...]
 */
import { readFileSync } from 'node:fs';
import { type FamilyEval, familyLoss, summarize } from './familyScore';

const files = process.argv.slice(2);
const runs: FamilyEval[][] = files.map((f) =>
  (JSON.parse(readFileSync(f, 'utf8'), (_, x) => (x === 'Infinity' ? Infinity : x)) as FamilyEval[]).map((e, i) => ({
    ...e,
    variant: i,
  }))
);
const families = [...new Set(runs[0].map((e) => e.family))];
const at = (f: string, v: number) => runs[v].filter((e) => e.family === f);
const lossOver = (fs: string[], v: number) => fs.reduce((a, f) => a + familyLoss(at(f, v)), 0) / fs.length;
const best = (fs: string[]) => {
  let pick = 0;
  for (let v = 1; v < runs.length; v++) {
    if (lossOver(fs, v) < lossOver(fs, pick) - 1e-12) {
      pick = v;
    }
  }
  return pick;
};
const q50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const line = (name: string, evals: FamilyEval[]) => {
  const fills = summarize(evals.filter((e) => e.kind === 'fills'));
  const never = summarize(evals.filter((e) => e.kind === 'never'));
  console.log(
    `${name}: misses ${fills.misses}/${fills.evals}, false alarms ${never.falseAlarms}/${never.evals}, coverage ${((100 * fills.covered) / fills.evals).toFixed(1)} % (${fills.covered}/${fills.evals}), median error ${q50(fills.errors).toFixed(3)} %, answers under half the truth ${evals.filter((e) => e.kind === 'fills' && e.days < e.trueDays / 2).length}`
  );
};
files.forEach((f, v) => {
  console.log(`${f}: mean loss over all families ${lossOver(families, v).toFixed(4)}`);
  line(`  ${f}`, runs[v]);
});
const inSample = best(families);
const folds = new Map(families.map((f) => [f, best(families.filter((g) => g !== f))]));
console.log(`in-sample choice: ${files[inSample]}`);
for (const [f, v] of folds) {
  if (v !== inSample) {
    console.log(`  held out ${f}: chose ${files[v]}`);
  }
}
console.log(
  `${[...folds.values()].filter((v) => v === inSample).length} of ${families.length} folds chose the in-sample file`
);
line(
  'cross-validated',
  families.flatMap((f) => at(f, folds.get(f)!))
);
line('in-sample', runs[inSample]);
for (const f of families) {
  const per = runs.map((_, v) => summarize(at(f, v)));
  if (
    per.some((m) => m.misses !== per[0].misses || m.falseAlarms !== per[0].falseAlarms || m.covered !== per[0].covered)
  ) {
    console.log(
      `  ${f}: ${per.map((m, v) => `${files[v].split('/').pop()} misses ${m.misses} fa ${m.falseAlarms} cov ${m.covered}/${m.evals}`).join(' | ')}`
    );
  }
}
