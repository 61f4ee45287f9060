/**
 * `npm run eval -- tte`: time to exhaustion. (1) The scenario families of issue 13 (families.ts):
 * `bellwether tte` through the CLI's path against the kube-prometheus rule NodeFilesystemSpaceFillingUp
 * (24 h and 4 h conditions), with error, interval coverage, false alarms and misses per family and the
 * targets; (2) the earlier disk-fill and memory-leak scenarios (scenarios.ts) against the 6 h
 * `predict_linear` rule, with error and alert lead times; (3) long lead times at 15 s / 1 min / 5 min.
 * Prints tables and writes eval/results/tte.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initForecasting } from '../src/ml/forecast';
import { basicFamilyScenarios, familyScenarios } from './forecast/families';
import { evaluateFamilies, FamilyEval, FamilySummary, HORIZON_DAYS, summarize } from './forecast/familyScore';
import { longLeadScenarios, scenarios } from './forecast/scenarios';
import { fmt, table } from './forecast/table';
import { evaluateLongLead, evaluateTte, q } from './forecast/tte';

const FAMILY_SEEDS = [1, 2, 3];

const pct = (k: number, n: number) => (n === 0 ? '-' : `${fmt((100 * k) / n)} (${k}/${n})`);

function fillsRow(name: string, m: FamilySummary): Array<string | number> {
  return [
    name,
    String(m.evals),
    q(m.errors, 0.5),
    q(m.errors, 0.9),
    pct(m.covered, m.evals),
    pct(m.misses, m.evals),
    q(m.lineErrors, 0.5),
    pct(m.lineMisses, m.evals),
    pct(m.ruleSilent, m.evals),
    pct(m.ruleFiredWithin24h, m.within24h),
  ];
}

function neverRow(name: string, m: FamilySummary): Array<string | number> {
  return [
    name,
    String(m.evals),
    pct(m.falseAlarms, m.evals),
    pct(m.falseAlarmsConfident, m.evals),
    pct(m.finite, m.evals),
    pct(m.ruleAlarms, m.evals),
    pct(m.lineUnder7d, m.evals),
  ];
}

/** The family table, its targets, and the summaries for the JSON. */
async function familyTables(): Promise<Record<string, unknown>> {
  const all = FAMILY_SEEDS.flatMap((seed) => [...familyScenarios(seed), ...basicFamilyScenarios(seed)]);
  const start = performance.now();
  const evals = await evaluateFamilies(all);
  const seconds = (performance.now() - start) / 1000;
  const families = [...new Set(evals.map((e) => e.family))];
  const of = (kind: FamilyEval['kind']) => families.filter((f) => evals.find((e) => e.family === f)!.kind === kind);
  const byFamily = new Map(families.map((f) => [f, summarize(evals.filter((e) => e.family === f))]));
  const fills = summarize(evals.filter((e) => e.kind === 'fills'));
  const never = summarize(evals.filter((e) => e.kind === 'never'));
  process.stdout.write(
    `Scenario families: ${all.length} scenarios (seeds ${FAMILY_SEEDS.join(', ')}), ${evals.length} evaluations; ours = \`bellwether tte --horizon ${HORIZON_DAYS}d\` (the CLI's engine path, 95 % interval); rule = NodeFilesystemSpaceFillingUp (free < 40 % and predict_linear(avail[6h], 24h) < 0, or free < 20 % and predict_linear(avail[6h], 4h) < 0, for 1h); line = the 6 h predict_linear line's crossing\n`
  );
  process.stdout.write(`Shapes that fill (evaluated while the limit is 1 h to 60 d away):\n`);
  process.stdout.write(
    table(
      [
        'family',
        'evals',
        'ours median err %',
        'ours p90',
        'ours coverage %',
        'ours misses %',
        'line median err %',
        'line misses %',
        'rule silent %',
        'rule fired, <= 24 h left %',
      ],
      [...of('fills').map((f) => fillsRow(f, byFamily.get(f)!)), fillsRow('all fills', fills)]
    )
  );
  process.stdout.write(`Shapes that never fill (within 30 days):\n`);
  process.stdout.write(
    table(
      ['family', 'evals', 'ours < 7 d %', 'of which conf >= 0.5 %', 'ours finite %', 'rule alert %', 'line < 7 d %'],
      [...of('never').map((f) => neverRow(f, byFamily.get(f)!)), neverRow('all never', never)]
    )
  );
  const target = (name: string, met: boolean, figure: string) =>
    process.stdout.write(`target "${name}": ${met ? 'MET' : 'NOT MET'} (${figure})\n`);
  target('median error <= 10 %', q(fills.errors, 0.5) <= 10, `${fmt(q(fills.errors, 0.5))} %`);
  target(
    'truth inside the 95 % interval >= 80 %',
    fills.covered >= 0.8 * fills.evals,
    `${pct(fills.covered, fills.evals)}; below 80 %: ${JSON.stringify(of('fills').filter((f) => byFamily.get(f)!.covered < 0.8 * byFamily.get(f)!.evals))}`
  );
  target(
    'zero false alarms (under 7 d) on shapes that never fill',
    never.falseAlarms === 0,
    `${never.falseAlarms}/${never.evals}; families: ${JSON.stringify(of('never').filter((f) => byFamily.get(f)!.falseAlarms > 0))}`
  );
  target(
    'zero misses (nothing, or more than twice the truth) on fills up to 60 d',
    fills.misses === 0,
    `${fills.misses}/${fills.evals}; families: ${JSON.stringify(of('fills').filter((f) => byFamily.get(f)!.misses > 0))}`
  );
  process.stdout.write(`(${evals.length} tte calls, ${fmt(seconds)} s)\n\n`);
  const json = (m: FamilySummary) => ({
    ...m,
    errors: undefined,
    lineErrors: undefined,
    medianErrorPct: q(m.errors, 0.5),
    p90ErrorPct: q(m.errors, 0.9),
    lineMedianErrorPct: q(m.lineErrors, 0.5),
  });
  return {
    seeds: FAMILY_SEEDS,
    horizonDays: HORIZON_DAYS,
    fills: json(fills),
    never: json(never),
    families: Object.fromEntries(families.map((f) => [f, json(byFamily.get(f)!)])),
  };
}

export async function run(): Promise<void> {
  await initForecasting();
  const families = await familyTables();

  const sc = scenarios([1]);
  process.stdout.write(
    `Time to exhaustion: ${sc.length} generated scenarios (seed 1; 10-min steps, 14 days; ${sc.filter((s) => !Number.isFinite(s.exhaustAt)).length} never reach the limit)\n`
  );
  const { ours, rule } = evaluateTte(sc, 'auto');
  const rows = [
    ['bellwether tte (auto)', ours],
    ['predict_linear 6h rule', rule],
  ] as const;
  process.stdout.write(
    table(
      [
        'method',
        'median err %',
        'p90 err %',
        'median err % (seasonal/noisy)',
        'p90 (seasonal/noisy)',
        'median lead h',
        'false alerts',
      ],
      rows.map(([name, m]) => [
        name,
        q(m.errors, 0.5),
        q(m.errors, 0.9),
        q(m.errorsHard, 0.5),
        q(m.errorsHard, 0.9),
        q(m.leads, 0.5),
        `${m.falseAlerts}/${m.negatives}`,
      ])
    )
  );
  process.stdout.write(
    table(
      ['scenario', 'points', 'ours median err %', 'ours p90', 'rule median err %', 'rule p90'],
      [...ours.byScenario.keys()].map((k) => {
        const a = ours.byScenario.get(k)!;
        const b = rule.byScenario.get(k)!;
        return [k, String(a.length), q(a, 0.5), q(a, 0.9), q(b, 0.5), q(b, 0.9)];
      })
    )
  );
  const met = q(ours.errorsHard, 0.5) <= 0.5 * q(rule.errorsHard, 0.5);
  process.stdout.write(
    `target "median error on seasonal/noisy scenarios <= half the rule's": ${met ? 'MET' : 'NOT MET'} (${fmt(q(ours.errorsHard, 0.5))}% vs ${fmt(q(rule.errorsHard, 0.5))}%)\n`
  );
  process.stdout.write(`(${ours.calls} tte calls, ${fmt(ours.seconds)} s; error points: ${ours.errors.length})\n`);
  process.stdout.write(
    `false alerts (scenarios that never reach their limit): ours ${JSON.stringify(ours.falseAlertNames)}, rule ${JSON.stringify(rule.falseAlertNames)}\n`
  );

  const long = longLeadScenarios(1);
  const longRows = [90, 30].flatMap((h) => evaluateLongLead(long, h));
  process.stdout.write(
    `\nLong lead times: ${long.length} fills due 15-60 days after the last sample (15 s / 1 min / 5 min steps), horizons 90 and 30 days\n`
  );
  process.stdout.write(
    table(
      [
        'scenario',
        'horizon d',
        'true d',
        'predicted d',
        'err %',
        'lower d',
        'upper d',
        'confidence',
        'verdict',
        'step s',
        'seconds',
      ],
      longRows.map((r) => [
        r.name,
        String(r.horizonDays),
        r.trueDays,
        r.days,
        r.errorPct,
        r.lowerDays,
        r.upperDays,
        r.confidence,
        r.verdict,
        String(r.stepSeconds),
        r.seconds,
      ])
    )
  );
  const inHorizon = longRows.filter((r) => r.trueDays <= r.horizonDays);
  process.stdout.write(
    `within the horizon: median err ${fmt(
      q(
        inHorizon.map((r) => r.errorPct),
        0.5
      )
    )}%, p90 ${fmt(
      q(
        inHorizon.map((r) => r.errorPct),
        0.9
      )
    )}%, "never" answers ${inHorizon.filter((r) => !Number.isFinite(r.days)).length}/${inHorizon.length}\n`
  );

  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const summary = (m: typeof ours) => ({
    medianErrorPct: q(m.errors, 0.5),
    p90ErrorPct: q(m.errors, 0.9),
    medianErrorPctSeasonalOrNoisy: q(m.errorsHard, 0.5),
    p90ErrorPctSeasonalOrNoisy: q(m.errorsHard, 0.9),
    medianLeadHours: q(m.leads, 0.5),
    falseAlerts: m.falseAlerts,
    negatives: m.negatives,
  });
  writeFileSync(
    join(outDir, 'tte.json'),
    JSON.stringify(
      {
        families,
        tte: { scenarios: sc.length, ours: summary(ours), rule: summary(rule) },
        longLead: longRows,
      },
      (_, x) => (x === Infinity ? 'Infinity' : x),
      2
    )
  );
}
