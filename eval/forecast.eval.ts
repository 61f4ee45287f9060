/**
 * `npm run eval -- forecast`: (1) M4 Hourly holdout of 48 points, sMAPE / MASE / OWA against Naive2 for
 * every model, the automatic choice, seasonal naive and Naive2; (2) time to exhaustion on generated
 * disk-fill and memory-leak scenarios against the 6 h `predict_linear` rule. Prints tables and writes
 * eval/results/forecast.json.
 *
 * Environment: FORECAST_EVAL_M4_EVERY=k scores every k-th M4 series (default 1 = all 414).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORECAST_MODELS, initForecasting } from '../src/ml/forecast';
import { M4_HORIZON, M4Model, M4Row, readM4, scoreM4 } from './forecast/m4';
import { longLeadScenarios, scenarios } from './forecast/scenarios';
import { evaluateLongLead, evaluateTte, q } from './forecast/tte';

const M4_PATH = join(__dirname, '../../shared/data/dev/forecast/m4-hourly-train.csv');
/** Every model the engine offers, 'auto' first (the M4 table covers them all). */
const MODELS: M4Model[] = [...FORECAST_MODELS, 'combination'];

function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : String(x);
  }
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3);
}

export async function run(): Promise<void> {
  await initForecasting();
  const every = Math.max(1, Number(process.env.FORECAST_EVAL_M4_EVERY ?? 1));
  const m4 = readM4(M4_PATH).filter((_, i) => i % every === 0);
  process.stdout.write(
    `M4 Hourly, last 48 points held back, season 24, ${m4.length} series${every > 1 ? ` (every ${every}th)` : ''}\n`
  );
  const m4Table = (rows: M4Row[]) =>
    table(
      ['model', 'sMAPE', 'MASE', 'OWA', '95% cover', 'seconds'],
      rows.map((r) => [r.model, r.smape, r.mase, r.owa, r.coverage, r.seconds])
    );
  // Settings (the combination's members, its interval scale, auto's rule) are chosen on the validation
  // origin; the dev holdout (the last 48 points) only reports.
  const cvRows: M4Row[] = scoreM4(m4, MODELS, 2 * M4_HORIZON);
  process.stdout.write(`validation origin (points n-96 .. n-49; settings are chosen here):\n${m4Table(cvRows)}`);
  const m4Rows: M4Row[] = scoreM4(m4, MODELS);
  process.stdout.write(`dev holdout (the last 48 points; reported, never used to choose):\n${m4Table(m4Rows)}`);
  const auto = m4Rows.find((r) => r.model === 'auto')!;
  const snaive = m4Rows.find((r) => r.model === 'seasonal_naive')!;
  process.stdout.write(`auto chose: ${JSON.stringify(auto.chosen)}\n`);
  process.stdout.write(
    `target "auto beats seasonal naive on OWA": ${auto.owa < snaive.owa ? 'MET' : 'NOT MET'} (${fmt(auto.owa)} vs ${fmt(snaive.owa)})\n`
  );
  const covered = (r: M4Row) => r.coverage >= 0.85 && r.coverage <= 0.98;
  process.stdout.write(
    `target "95 % intervals of auto hold 85-98 % of held-out points": ${covered(auto) ? 'MET' : 'NOT MET'} (${fmt(auto.coverage)}); models outside: ${JSON.stringify(m4Rows.filter((r) => !covered(r)).map((r) => `${r.model} ${fmt(r.coverage)}`))}\n\n`
  );

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
    join(outDir, 'forecast.json'),
    JSON.stringify(
      {
        m4: { series: m4.length, every, validation: cvRows, rows: m4Rows },
        tte: { scenarios: sc.length, ours: summary(ours), rule: summary(rule) },
        longLead: longRows,
      },
      (_, x) => (x === Infinity ? 'Infinity' : x),
      2
    )
  );
}
