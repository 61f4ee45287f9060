/**
 * Time to exhaustion's 14-day default, read coarsely (src/engine/trainingStep.ts), is one answer in
 * every door: a disk filling through weekly and daily cycles, due 23 days after 15 days of history, at
 * 1 minute and 15 seconds, gives the same time and interval (to the printed digit) through the
 * companion (real HTTP on loopback, over a recorded series), `bellwether tte` on the CSV and the
 * engine call the forecast panel's worker makes. The 7-day window (cut to 10,000 points, 6.9 days at
 * 1 minute) missed this fill ("beyond the horizon"); 14 days read every 3 minutes (150 s at 15 s)
 * find it within a factor of two of the truth. The companion fetches the window at the coarse step,
 * within Prometheus' 11,000 points per series.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import type { Upstream } from '../../../companion/src/upstream/types';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { formatValue } from '../../../src/common/promValue';
import { handlers } from '../../../src/worker/handlers';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import { memoryUpstream } from '../../support/memoryUpstream';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const DAYS = 15;
/** The last sample, on the hour: every door's hourly fit is at the point itself. */
const NOW = Date.UTC(2025, 5, 2, 12);
const T0 = NOW - DAYS * DAY;
/** Free space (%) reaches 0 at FILL_DAY, counted from two days before T0. */
const FILL_DAY = 40;
const SHIFT = 2;
const TRUE_DAYS = FILL_DAY - SHIFT - DAYS;

/** Deterministic noise in [-0.5, 0.5). */
const noise = (i: number) => {
  const s = Math.sin(i * 12.9898) * 43758.5453;
  return s - Math.floor(s) - 0.5;
};

/** The eval's weekly+daily family (eval/forecast/families.ts): a falling disk with weekday load. */
function disk(step: number): Float64Array {
  const n = (DAYS * DAY) / step + 1;
  return Float64Array.from({ length: n }, (_, i) => {
    const x = i * step + SHIFT * DAY;
    const daily = Math.sin((2 * Math.PI * x) / DAY);
    const weekly = Math.tanh(4 * Math.sin((2 * Math.PI * (x - 0.5 * DAY)) / WEEK));
    return 80 * (1 - x / (FILL_DAY * DAY)) + 4 * daily + 6 * weekly + 0.5 * noise(i);
  });
}

describe.each([
  ['1m', 60_000, 180_000],
  ['15s', 15_000, 150_000],
])('time to exhaustion at %s reads 14 days coarsely, the same in every door', (label, step, coarse) => {
  const values = disk(step);
  const requests: Array<{ step: number; points: number }> = [];
  let c: Companion;
  let csv: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-tte-coarse-'));
    csv = join(dir, `disk-${label}.csv`);
    const rows = Array.from(values, (x, i) => `${(T0 + i * step) / 1000},${x}`);
    writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
    const inner = memoryUpstream([{ labels: { __name__: 'disk_free' }, values }], T0, step);
    // Records each range query's step and the points it spans, as Prometheus would count them.
    const upstream: Upstream = {
      ...inner,
      call: async (path, params) => {
        if (path === '/api/v1/query_range') {
          const s = Number(params.get('step')) * 1000;
          const span = (Number(params.get('end')) - Number(params.get('start'))) * 1000;
          requests.push({ step: s, points: Math.floor(span / s) + 1 });
        }
        return inner.call(path, params);
      },
    };
    c = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
      { logger: silentLogger, upstream, now: () => NOW + DAY }
    );
  });
  afterAll(() => c?.close());

  test(`companion, CLI and panel worker agree, within twice the truth (${TRUE_DAYS} d)`, async () => {
    const query = `time_to_exhaustion(disk_free, 0, "step=${label} refit=1h direction=down")`;
    const r = await fetch(`${c.url}/api/v1/bellwether/exhaustion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query, time: String(NOW / 1000) }).toString(),
    });
    const body = await r.json();
    expect([body.status, body.error]).toEqual(['success', undefined]);
    const [row] = body.data.result;

    const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down', '--refit', '1h']);
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.out);

    const plan = planFor(
      { name: 'disk_free', t: Float64Array.from(values, (_, i) => T0 + i * step), v: values } as PanelSeries,
      { ...DEFAULT_OPTIONS, horizon: '30d', direction: 'down' },
      0
    );
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    const [[panel]] = await handlers.fitDetails(plan.matrix, [plan.calls.tte!], plan.point);
    const p = panel.detail?.family === 'tte' ? panel.detail.exhaustion : undefined;

    const printed = (x: number | null | undefined) => formatValue(x ?? Infinity);
    const companion = { seconds: row.seconds, lower: row.lower, upper: row.upper };
    expect({ seconds: printed(out.seconds), lower: printed(out.lower), upper: printed(out.upper) }).toEqual(companion);
    expect({ seconds: printed(p?.seconds), lower: printed(p?.lower), upper: printed(p?.upper) }).toEqual(companion);
    expect(out.timeSeconds).toBe(NOW / 1000);

    // Found, and not a miss (nothing, or more than twice the truth): the 7-day window said "beyond the horizon".
    expect(out.verdict).toBe('within');
    const days = out.seconds / 86_400;
    expect(days).toBeGreaterThan(TRUE_DAYS / 2);
    expect(days).toBeLessThan(2 * TRUE_DAYS);

    // The companion read the window at the coarse step, each request within Prometheus' limit.
    expect(requests.some((q) => q.step === coarse)).toBe(true);
    expect(Math.max(...requests.map((q) => q.points))).toBeLessThanOrEqual(11_000);
  });
});
