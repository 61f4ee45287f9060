/**
 * Diagnosis (not an eval module): for each fill evaluation that was a miss in an evals file written
 * by `TTE_EVALS_FILE=... npm run eval -- tte.eval`, re-run `bellwether tte` at that point (the CLI's
 * path, as familyScore.ts does) and print the truth, the answer, and what decided it: the model, the
 * segment, the trend test and its gate, Sen's slope, the warnings.
 * Usage: node --import tsx eval/forecast/diagMisses.ts evals.json [familySubstring]
 */
import { readFileSync } from 'node:fs';
import { callOptions, detailAt, engineInput } from '../../cli/engine';
import { initForecasting } from '../../src/ml/forecast';
import { installNodeMlRuntime } from '../../companion/src/runtime/nodeMlRuntime';
import { basicFamilyScenarios, familyScenarios, varyingRateScenarios } from './families';
import { DAY_MS } from './scenarios';

interface E {
  family: string;
  seed: number;
  kind: string;
  atDay: number;
  trueDays: number;
  days: number | string;
  verdict: string;
  model: string;
}

async function main() {
  installNodeMlRuntime();
  await initForecasting();
  const evals: E[] = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const match = process.argv[3];
  const all = process.argv[4] === 'all';
  const misses = evals.filter((e) => {
    const d = e.days === 'Infinity' ? Infinity : Number(e.days);
    return (
      e.kind === 'fills' && (all || !Number.isFinite(d) || d > 2 * e.trueDays) && (!match || e.family.includes(match))
    );
  });
  const cache = new Map<string, ReturnType<typeof familyScenarios>>();
  for (const m of misses) {
    const key = String(m.seed);
    if (!cache.has(key)) {
      cache.set(key, [...familyScenarios(m.seed), ...varyingRateScenarios(m.seed), ...basicFamilyScenarios(m.seed)]);
    }
    // Families may hold several scenarios (the basic ones, low and high noise): the one whose truth matches.
    // Families may hold several scenarios (the basic ones, low and high noise, share a truth): each.
    for (const [k, s] of cache
      .get(key)!
      .filter((x) => x.family === m.family)
      .entries()) {
      const now = s.t[0] + Math.round(m.atDay * DAY_MS);
      const e = engineInput(s, { now });
      const { detail: d } = await detailAt(e, {
        func: 'time_to_exhaustion',
        inner: 'cli',
        capacity: s.capacity,
        horizon: 90 * DAY_MS,
        options: { ...callOptions(e), direction: s.direction, level: 0.95 },
      });
      if (d?.family !== 'tte') {
        console.log(`${m.family} s${m.seed} day ${m.atDay.toFixed(1)}: no answer`);
        continue;
      }
      const r = d.exhaustion;
      console.log(
        `${m.family}#${k} s${m.seed} day ${m.atDay.toFixed(2)} truth ${m.trueDays.toFixed(1)} d | ours ${(r.seconds / 86400).toFixed(1)} [${(r.lower / 86400).toFixed(1)}, ${(r.upper / 86400).toFixed(1)}] ${r.verdict} ${r.model} | seg from day ${((r.segmentStart - s.t[0]) / DAY_MS).toFixed(2)}${r.resets ? ' reset' : ''}${r.levelShiftAt ? ' shift' : ''} | MK z ${r.trend.z.toFixed(2)} gate p ${r.gate.pValue.toPrecision(2)}${r.gate.acrossDays ? ' (days)' : ''} | sen ${(r.sensSlopeSeconds / 86400).toFixed(1)} d | step ${r.forecastStepSeconds}s\n    ${r.warnings.join('\n    ')}`
      );
    }
  }
}
main();
