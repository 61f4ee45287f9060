/**
 * forecast() right after the demo's db-1 clean-ups (every 14 days, the last two at 2026-11-19 and
 * 2026-12-03 00:00 UTC), with the home page's options (train=14d step=1h refit=1h) and at 1 m: a value
 * at every step of the two hours from the clean-up, whose fall over the day agrees with trend_slope and
 * time to exhaustion's rate beside it, as does the forecast's own trend test (trend_slope with the
 * forecast's options, no direction), and the panel's worker (the data source's browser path) gives
 * the companion's figures at the same steps.
 *
 * Before, forecast() did not read time to exhaustion's 15-sample look-back before its window
 * (src/engine/context.ts lookBack): a 14-day window at 1 h began just after the previous clean-up, the
 * reset landed where the data began, and the forecast carried no tooth ("only 1 point since the reset",
 * no value at 00:00 and 01:00 on 12-03, at 00:00 on 11-19) beside "full in 14.5 d", and trend_slope
 * without a direction had none at the same steps. Now both read the look-back by time to exhaustion's
 * rule (src/ml/tte/carryRate.ts toothOpening), never fitting it.
 */
import type { Companion } from '../../../companion/src/app';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { formatValue } from '../../../src/common/promValue';
import type { CallValues } from '../../../src/engine/evaluate';
import type { FunctionCall } from '../../../src/engine/query';
import { handle } from '../../../src/worker/handlers';
import { DB1_CLEANUPS, DB1_DISK } from '../../support/demoRuns';
import { startTestCompanion } from '../../support/testCompanion';
import { upstreamMatrix } from '../../support/upstreamMatrix';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DISK = DB1_DISK;
const NOW = DB1_CLEANUPS[DB1_CLEANUPS.length - 1] + DAY;
/**
 * How far the forecast's fall over its day may stray from trend_slope's, relatively (it holds a daily
 * pattern: 1-2 % here), and the forecast's own trend test from the one beside time to exhaustion.
 */
const TOLERANCE = 0.05;

const demo = new DemoUpstream(() => NOW);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW, demo);
});

afterAll(async () => companion?.close());

async function get(path: string): Promise<any> {
  const res = await fetch(`${companion.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** The companion's range answer: ms → value text, and its warnings. */
async function range(
  expr: string,
  start: number,
  end: number,
  step: number
): Promise<{ values: Map<number, string>; warnings: string[] }> {
  const body = await get(
    `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start / 1000}&end=${end / 1000}&step=${step / 1000}`
  );
  const values: Array<[number, string]> = body.data.result[0]?.values ?? [];
  return { values: new Map(values.map(([s, v]) => [Math.round(s * 1000), v])), warnings: body.warnings ?? [] };
}

async function worker<T>(method: string, args: unknown[]): Promise<T> {
  const r = await handle(method, args);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.result as T;
}

const cases = DB1_CLEANUPS.flatMap((at) =>
  [
    ['1h', HOUR, 'train=14d step=1h refit=1h'],
    ['1m', MIN, 'train=14d step=1m'],
  ].map(([name, step, options]) => [new Date(at).toISOString(), name, at, step, options] as const)
);

describe.each(cases)('after the clean-up at %s, step %s', (_when, _name, at, step, options) => {
  const forecastQuery = `forecast(${DISK},1d,"${options}")`;
  const steps = Array.from({ length: (2 * HOUR) / (step as number) + 1 }, (_, i) => at + i * (step as number));

  it.each([
    ['forecast()', forecastQuery],
    ["the forecast's trend test", `trend_slope(${DISK},"${options}")`],
  ])('%s has a value at every step of the two hours from the clean-up', async (_what, query) => {
    const { values, warnings } = await range(query, at, at + 2 * HOUR, step as number);
    expect(steps.filter((g) => !values.has(g))).toEqual([]);
    expect(warnings.filter((w) => w.includes('no value'))).toEqual([]);
  });

  it("the forecast's fall over the day is trend_slope's and time to exhaustion's rate", async () => {
    const { values } = await range(forecastQuery, at, at + 2 * HOUR, step as number);
    const level = await range(DISK, at, at + 2 * HOUR, step as number);
    const trend = await range(`trend_slope(${DISK},"direction=down step=${_name}")`, at, at + 2 * HOUR, step as number);
    const ownTrend = await range(`trend_slope(${DISK},"${options}")`, at, at + 2 * HOUR, step as number);
    const ex = await get(
      `/api/v1/bellwether/exhaustion?query=${encodeURIComponent(`time_to_exhaustion(${DISK},0,"step=${_name}")`)}&time=${(at + 5 * MIN) / 1000}`
    );
    const gate = Number(ex.data.result[0].slope);
    expect(gate).toBeLessThan(0);
    // Every hour of the two (at 1 m: every 15 minutes), the forecast a day ahead less the level now, per second.
    const every = Math.max(step as number, 15 * MIN);
    const judged = steps.filter((g) => (g - at) % every === 0);
    const off = judged.flatMap((g) => {
      const perSecond = (Number(values.get(g)) - Number(level.values.get(g))) / (DAY / 1000);
      const slope = Number(trend.values.get(g));
      const own = Number(ownTrend.values.get(g));
      const near = (a: number, b: number) => Math.abs(a / b - 1) < TOLERANCE;
      return near(perSecond, slope) && near(perSecond, gate) && near(own, slope)
        ? []
        : [[new Date(g).toISOString(), perSecond, own, slope, gate]];
    });
    expect(off).toEqual([]);
  });

  if (step === HOUR) {
    it("the panel's worker gives the companion's forecast at each step", async () => {
      const end = at + 2 * HOUR;
      const calls: FunctionCall[] = (['forecast', 'forecast_lower', 'forecast_upper'] as const).map((func) => ({
        func,
        inner: DISK,
        horizon: DAY,
        options: { train: 14 * DAY, step: HOUR, refit: HOUR },
      }));
      // The history the engine says the calls read, look-back included, as the panel and data source fetch it.
      const from = await worker<number>('historyStart', [calls, HOUR, at]);
      expect(from).toBeLessThanOrEqual(at - 14 * DAY - 14 * HOUR);
      const matrix = await upstreamMatrix(demo, DISK, HOUR, from, end);
      const mine = await worker<CallValues[]>('evaluate', [matrix, calls, steps]);
      for (const [i, call] of calls.entries()) {
        const theirs = await range(`${call.func}(${DISK},1d,"${options}")`, at, end, HOUR);
        const got = steps.map((g, k) => [
          g,
          Number.isNaN(mine[i].series[0].values[k]) ? undefined : formatValue(mine[i].series[0].values[k]),
        ]);
        expect(got).toEqual(steps.map((g) => [g, theirs.values.get(g)]));
        expect(got.every(([, v]) => v !== undefined)).toBe(true);
      }
    });
  }
});
