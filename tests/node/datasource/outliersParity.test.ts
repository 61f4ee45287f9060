/**
 * The data source's browser engine (the worker's `evaluate`) and the companion give the same
 * outliers(), outliers_lower() and outliers_upper() values, value for value, on the demo's six web
 * pods over a day in which pod web-7d9c5-4 drifts; and the drifting pod is the one flagged.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { formatValue } from '../../../src/common/promValue';
import type { CallValues } from '../../../src/engine/evaluate';
import type { GridMatrix } from '../../../src/engine/history';
import { callFor, callToQuery, type DeriveSpec, funcsFor } from '../../../src/datasource/plan';
import { handle } from '../../../src/worker/handlers';
import { upstreamMatrix } from '../../support/upstreamMatrix';

const NOW = Date.UTC(2026, 9, 20);
const STEP = 60_000;
// 2026-10-13: pod 4 drifts from about 10:00 to 14:00 UTC (companion/src/upstream/demo/demoSeries.ts).
const START = Date.UTC(2026, 9, 13, 6);
const END = Date.UTC(2026, 9, 13, 18);
const INNER = 'pod_cpu_usage_cores';

const demo = new DemoUpstream(() => NOW);
let c: Companion;
beforeAll(async () => {
  c = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }), {
    logger: silentLogger,
    upstream: demo,
    now: () => NOW,
  });
});
afterAll(() => c.close());

async function worker<T>(method: string, args: unknown[]): Promise<T> {
  const r = await handle(method, args);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.result as T;
}

function demoMatrix(from: number, to: number): Promise<GridMatrix> {
  return upstreamMatrix(demo, INNER, STEP, from, to);
}

test.each(['mad', 'dbscan'] as const)(
  '%s: the worker and the companion agree, and only web-7d9c5-4 is flagged',
  async (algorithm) => {
    const spec: DeriveSpec = {
      kind: 'outliers',
      step: STEP,
      train: 3_600_000,
      refit: STEP,
      sensitivity: 0.5,
      season: 'auto',
      level: 0.95,
      group: { by: ['namespace', 'deployment'], algorithm, window: 5 * 60_000 },
    };
    const points: number[] = [];
    for (let g = START; g <= END; g += STEP) {
      points.push(g);
    }
    const calls = funcsFor('outliers').map((f) => callFor(f, INNER, spec));
    const from = await worker<number>('historyStart', [calls, STEP, START]);
    const mine = await worker<CallValues[]>('evaluate', [await demoMatrix(from, END), calls, points]);
    let compared = 0;
    for (const [i, call] of calls.entries()) {
      const r = await fetch(`${c.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          query: callToQuery(call),
          start: String(START / 1000),
          end: String(END / 1000),
          step: '60',
        }),
      });
      const body = (await r.json()) as {
        data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
      };
      for (const s of mine[i].series) {
        const theirs = new Map(
          body.data.result.find((x) => x.metric.pod === s.labels.pod)!.values.map(([t, v]) => [t * 1000, v])
        );
        points.forEach((g, k) => {
          const v = Number.isNaN(s.values[k]) ? undefined : formatValue(s.values[k]);
          expect([call.func, s.labels.pod, g, v]).toEqual([call.func, s.labels.pod, g, theirs.get(g)]);
          compared += v === undefined ? 0 : 1;
        });
      }
    }
    expect(compared).toBe(3 * 6 * points.length);
    const flagged = mine[0].series.filter((s) => s.values.some((v) => v >= 0.5)).map((s) => s.labels.pod);
    expect(flagged).toEqual(['web-7d9c5-4']);
  }
);
