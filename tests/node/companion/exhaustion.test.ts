/**
 * `/api/v1/bellwether/exhaustion` (the app's home page): per series, the same time to exhaustion
 * as `time_to_exhaustion(...)` and the same p-value as `trend_pvalue(...)` with the same options and
 * direction at the same time, plus the interval around it; bad queries are 400s in Prometheus' envelope.
 */
import type { Companion } from '../../../companion/src/app';
import { parseValue } from '../../../src/common/promValue';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { type DemoSeries, SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { hashNormal } from '../../../companion/src/upstream/demo/noise';
import { tteQuery } from '../../../src/pages/home/runningOut';
import { CONTAINER_MEMORY, FILESYSTEMS } from '../../../src/pages/home/selectors';
import { fleetUpstream } from '../../support/fleet';
import { startTestCompanion } from '../../support/testCompanion';
import { postForm } from './harness';

const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

const post = (path: string, form: Record<string, string>) => postForm(companion.url, path, form);

const byInstance = (rows: any[]) => new Map(rows.map((r) => [r.metric.instance, r]));

// The PostgreSQL volume is cleaned up every 14 days, the last time 6.5 days before NOW (demoSeries.ts).
const DAY = 86_400_000;
it.each([
  ['with no reset in the window', NOW, false],
  ['1.5 days after the cleanup, on the segment since it', NOW - 5 * DAY, true],
])(
  'answers what time_to_exhaustion and trend_pvalue answer, with the interval around the time: %s',
  async (_, at, cleaned) => {
    const inner = 'node_filesystem_avail_bytes';
    const opts = 'train=3d step=1h';
    const time = String((at as number) / 1000);
    const ex = await post('/api/v1/bellwether/exhaustion', {
      query: `time_to_exhaustion(${inner}, 0, "direction=down ${opts}")`,
      time,
    });
    expect(ex.status).toBe(200);
    expect(ex.body.data.resultType).toBe('exhaustion');
    const tte = await post('/api/v1/query', {
      query: `time_to_exhaustion(${inner}, 0, "direction=down ${opts}")`,
      time,
    });
    const pv = await post('/api/v1/query', { query: `trend_pvalue(${inner}, "direction=down ${opts}")`, time });
    const rows = byInstance(ex.body.data.result);
    expect([...rows.keys()].sort()).toEqual(['db-1:9100', 'web-1:9100']);
    for (const s of tte.body.data.result) {
      const r = rows.get(s.metric.instance);
      expect(r.seconds).toBe(s.value[1]);
    }
    for (const s of pv.body.data.result) {
      // The trend of the segment the time was computed on (after the last reset toward the limit).
      expect(rows.get(s.metric.instance).pvalue).toBe(s.value[1]);
    }
    for (const r of rows.values()) {
      // A time to a floor beside the trend it came from: never a finite time with a rising trend.
      if (Number.isFinite(parseValue(r.seconds))) {
        expect(parseValue(r.slope)).toBeLessThan(0);
      }
    }
    const db = rows.get('db-1:9100');
    // The filling PostgreSQL volume: a finite time inside its interval, a falling significant trend,
    // which is a leak toward the floor ("filling" on the home page).
    expect(parseValue(db.lower)).toBeLessThanOrEqual(parseValue(db.seconds));
    expect(parseValue(db.seconds)).toBeLessThanOrEqual(parseValue(db.upper));
    expect(Number.isFinite(parseValue(db.seconds))).toBe(true);
    expect(parseValue(db.slope)).toBeLessThan(0);
    expect(parseValue(db.pvalue)).toBeLessThan(0.01);
    expect(db.leak).toBe(true);
    expect(db.sinceReset).toBe(cleaned);
  }
);

it('without train=, trend_slope(x, "direction=down") is the trend printed beside the time (the time\'s 7 days)', async () => {
  // 1.5 days after the PostgreSQL volume's cleanup: 3 days (the trend functions' default before) reach
  // back across it, the time's 7 days too, so the two windows read different segments and slopes.
  const inner = 'node_filesystem_avail_bytes';
  const time = String((NOW - 5 * DAY) / 1000);
  const ex = await post('/api/v1/bellwether/exhaustion', {
    query: `time_to_exhaustion(${inner}, 0, "direction=down step=1h")`,
    time,
  });
  const slope = await post('/api/v1/query', { query: `trend_slope(${inner}, "direction=down step=1h")`, time });
  const rows = byInstance(ex.body.data.result);
  expect(slope.body.data.result).toHaveLength(2);
  for (const s of slope.body.data.result) {
    expect([s.metric.instance, rows.get(s.metric.instance).slope]).toEqual([s.metric.instance, s.value[1]]);
  }
});

it('trend=false (the home page sort pass) gives each series the same time and interval; one series alone gives the same again', async () => {
  const query = 'time_to_exhaustion(node_filesystem_avail_bytes, 0, "direction=down train=3d step=1h")';
  const time = String(NOW / 1000);
  const full = byInstance((await post('/api/v1/bellwether/exhaustion', { query, time })).body.data.result);
  const fast = byInstance(
    (await post('/api/v1/bellwether/exhaustion', { query, time, trend: 'false' })).body.data.result
  );
  expect([...fast.keys()].sort()).toEqual([...full.keys()].sort());
  for (const [instance, r] of fast) {
    const f = full.get(instance);
    expect([r.seconds, r.lower, r.upper, r.sinceReset]).toEqual([f.seconds, f.lower, f.upper, f.sinceReset]);
    // The window's trend test is left out; a reset's comes with the time.
    expect(r.pvalue).toBe(r.sinceReset ? f.pvalue : undefined);
    // The page's visible row: the same query narrowed to the series.
    const one = (
      await post('/api/v1/bellwether/exhaustion', {
        query: query.replace('node_filesystem_avail_bytes', `node_filesystem_avail_bytes{instance="${instance}"}`),
        time,
      })
    ).body.data.result;
    expect(one).toHaveLength(1);
    expect(one[0]).toEqual(f);
  }
  const bad = await post('/api/v1/bellwether/exhaustion', { query, time, trend: 'no' });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe('invalid parameter "trend": expected true or false, got "no"');
});

it('interval=false (the sort pass) gives every series of a fleet the same time and upper crossing, fitting no forecast where the trend test decides', async () => {
  // 250 filesystems of the generated fleet: most flat (no trend), some filling within hours to days.
  const anchor = NOW;
  const fleet = await startTestCompanion(anchor + 600_000, fleetUpstream(250, 0, anchor));
  try {
    const ask = async (form: Record<string, string>) => {
      const res = await fetch(`${fleet.url}/api/v1/bellwether/exhaustion`, {
        method: 'POST',
        body: new URLSearchParams(form),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const query = 'time_to_exhaustion(node_filesystem_avail_bytes, 0, "direction=down train=3d step=1h")';
    const time = String(anchor / 1000);
    const key = (r: any) => JSON.stringify(Object.entries(r.metric).sort());
    const full = new Map<string, any>((await ask({ query, time })).body.data.result.map((r: any) => [key(r), r]));
    const fast = (await ask({ query, time, trend: 'false', interval: 'false' })).body.data.result;
    expect(fast).toHaveLength(250);
    let decided = 0;
    for (const r of fast) {
      const f = full.get(key(r));
      expect([r.seconds, r.upper, r.sinceReset, r.verdict]).toEqual([f.seconds, f.upper, f.sinceReset, f.verdict]);
      if (r.lower === undefined) {
        // Decided by the trend test: "not within 30 d", whatever the forecast's pessimistic edge says.
        decided++;
        expect([r.seconds, r.verdict]).toEqual(['+Inf', 'no_trend']);
      } else {
        expect(r.lower).toBe(f.lower);
      }
    }
    // The fleet's flat filesystems (4 in 5) are decided without a forecast; every filling one is fitted.
    const filling = [...full.values()].filter((r) => r.seconds !== '+Inf').length;
    expect(filling).toBeGreaterThan(0);
    expect(decided).toBeGreaterThan(fast.length / 2);
    expect(decided).toBeLessThanOrEqual(fast.length - filling);
    const bad = await ask({ query, time, interval: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid parameter "interval": expected true or false, got "maybe"');
  } finally {
    await fleet.close();
  }
});

it('refuses anything but a time_to_exhaustion call, in the error envelope', async () => {
  for (const query of [
    'node_filesystem_avail_bytes',
    'anomaly_score(node_filesystem_avail_bytes)',
    'time_to_exhaustion(node_filesystem_avail_bytes, 0) < 86400',
  ]) {
    const r = await post('/api/v1/bellwether/exhaustion', { query });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      status: 'error',
      errorType: 'bad_data',
      error: expect.stringContaining('expected time_to_exhaustion('),
    });
  }
  const missing = await post('/api/v1/bellwether/exhaustion', {});
  expect(missing.status).toBe(400);
});

it('refuses a misspelt parameter, naming the one it likely meant, rather than run with the default', async () => {
  const r = await post('/api/v1/bellwether/exhaustion', {
    query: 'time_to_exhaustion(node_filesystem_avail_bytes, 0)',
    intervl: 'false',
  });
  expect(r.status).toBe(400);
  expect(r.body.error).toBe(
    'unknown parameter "intervl" (did you mean interval?); this endpoint reads query, time, trend, interval, timeout'
  );
});

it('names its upstream in buildinfo, without credentials', async () => {
  const res = await fetch(`${companion.url}/api/v1/status/buildinfo`);
  expect((await res.json()).data.bellwetherUpstream).toBe('demo (embedded deterministic series)');
  const { buildInfo } = await import('../../../companion/src/api/buildInfo');
  expect(buildInfo('1.0.0', 'prometheus https://user:secret@mimir.example/prometheus').bellwetherUpstream).toBe(
    'prometheus https://mimir.example/prometheus'
  );
});

it("returns the engine's verdict, which tells 'no trend' from 'heading there, later' where both times are +Inf", async () => {
  // Three free-space series: filling within a day, filling at a steady rate that reaches 0 in about
  // 100 days (a significant trend, beyond the 30-day horizon), and flat noise (no trend).
  const anchor = NOW;
  const upstream = new DemoUpstream(() => anchor);
  const GB = 1e9;
  const disk = (name: string, daysToFull: number, noise: number): DemoSeries => ({
    labels: { __name__: 'node_filesystem_avail_bytes', instance: name, mountpoint: '/' },
    type: 'gauge',
    help: 'free bytes',
    at: (t) => 50 * GB * (1 - (t - anchor) / (daysToFull * DAY)) + noise * GB * hashNormal(name.length, t / SCRAPE_MS),
  });
  Object.defineProperty(upstream, 'series', {
    value: [disk('soon', 1, 0.01), disk('later', 100, 0.001), disk('flat', Infinity, 0.05)],
  });
  const fleet = await startTestCompanion(anchor, upstream);
  try {
    const query = 'time_to_exhaustion(node_filesystem_avail_bytes, 0, "direction=down train=3d step=1h")';
    for (const fast of [false, true]) {
      const res = await fetch(`${fleet.url}/api/v1/bellwether/exhaustion`, {
        method: 'POST',
        body: new URLSearchParams({
          query,
          time: String(anchor / 1000),
          ...(fast ? { trend: 'false', interval: 'false' } : {}),
        }),
      });
      const rows = byInstance(((await res.json()) as any).data.result);
      expect([rows.get('soon').verdict, rows.get('later').verdict, rows.get('flat').verdict]).toEqual([
        'within',
        'beyond_horizon',
        'no_trend',
      ]);
      expect([rows.get('later').seconds, rows.get('flat').seconds]).toEqual(['+Inf', '+Inf']);
    }
  } finally {
    await fleet.close();
  }
});

it("gives the next reset of a leak restarted before its limit, after the time asked (the home's sparkline ends there)", async () => {
  // The demo's api-1 leaks and restarts every 3.5 days below 1 GB: "not full before the next reset".
  const query =
    'time_to_exhaustion(process_resident_memory_bytes{job="api"}, 1e9, "direction=up train=7d step=1h refit=1h")';
  const ex = await post('/api/v1/bellwether/exhaustion', { query, time: String(NOW / 1000) });
  const api1 = byInstance(ex.body.data.result).get('api-1:8080');
  expect([api1.verdict, api1.gate.significant, api1.sinceReset]).toEqual(['no_trend', true, true]);
  const next = parseValue(api1.nextReset);
  expect(next).toBeGreaterThan(NOW / 1000);
  expect(next).toBeLessThanOrEqual(NOW / 1000 + 3.5 * 86400);
  // The leak's Sen's line from the last value stays below the limit until then.
  const last = await post('/api/v1/query', {
    query: 'process_resident_memory_bytes{instance="api-1:8080"}',
    time: String(NOW / 1000),
  });
  expect(Number(last.body.data.result[0].value[1]) + parseValue(api1.gate.slope) * (next - NOW / 1000)).toBeLessThan(
    1e9
  );
  // A series whose resets do not recur has none.
  expect(byInstance(ex.body.data.result).get('api-2:8080').nextReset).toBeUndefined();
});

it("carries the fits' warnings that /api/v1/query gives for the same call and time", async () => {
  // api-1's leak restarts every 3.5 days: its fit says so in a warning ("resets recur …").
  const query =
    'time_to_exhaustion(process_resident_memory_bytes{job="api"}, 1e9, "direction=up train=7d step=1h refit=1h")';
  const ex = await post('/api/v1/bellwether/exhaustion', { query, time: String(NOW / 1000) });
  const q = await post('/api/v1/query', { query, time: String(NOW / 1000) });
  expect(q.body.warnings?.length ?? 0).toBeGreaterThan(0);
  expect(ex.body.warnings).toEqual(expect.arrayContaining(q.body.warnings));
});

/**
 * One trend test per series: the row's `slope`/`pvalue` (trend_slope/trend_pvalue with the same
 * direction) and its `gate` (the test that decided the verdict) are the same test over the same
 * segment, the p-value two-sided beside one-sided, each with the slope that goes with it. Before, at
 * this time the demo's web-1 root volume read slope +4.1 B/s, p = 0.029 beside gate slope −41 B/s,
 * p = 0.985: the gate's slope was the plain Sen's slope over part of a daily cycle, its p-value the
 * test across days, and the two pointed opposite ways.
 */
it('prints one test per series: the gate with its own slope, slope and pvalue the same test two-sided', async () => {
  const at = 1796602800;
  const later = await startTestCompanion(at * 1000);
  try {
    const res = await fetch(`${later.url}/api/v1/bellwether/exhaustion`, {
      method: 'POST',
      body: new URLSearchParams({
        query: 'time_to_exhaustion(node_filesystem_avail_bytes, 0, "direction=down")',
        time: String(at),
      }),
    });
    const rows = byInstance(((await res.json()) as any).data.result);
    expect([...rows.keys()].sort()).toEqual(['db-1:9100', 'web-1:9100']);
    for (const r of rows.values()) {
      const p = parseValue(r.gate.pvalue);
      expect(r.gate.acrossDays).toBe(true);
      expect(r.slope).toBe(r.gate.slope);
      expect(parseValue(r.pvalue)).toBeCloseTo(2 * Math.min(p, 1 - p), 12);
      // A test that reads a trend away from the floor (p > 0.5) stands beside a slope away from it.
      expect(Math.sign(parseValue(r.gate.slope))).toBe(p > 0.5 ? 1 : -1);
    }
    expect(rows.get('web-1:9100').verdict).toBe('no_trend');
  } finally {
    await later.close();
  }
});

/**
 * `leak` is the verdict the home page prints beside the time ("leak", or "filling" for a filesystem:
 * its gate is significant, src/pages/home/trendPhrase.ts): a significant trend toward the limit, a fall
 * for a series falling to a floor. Before, it was the rise detector's (leak.ts), never true for a
 * headroom: store's cart, leaking toward its memory limit, read `leak: false` beside "leak".
 */
it('says leak where the page says leak: a significant trend toward the limit, for the headroom of a leaking container too', async () => {
  for (const pair of [CONTAINER_MEMORY, FILESYSTEMS]) {
    const ex = await post('/api/v1/bellwether/exhaustion', { query: tteQuery(pair), time: String(NOW / 1000) });
    expect([ex.status, ex.body.error]).toEqual([200, undefined]);
    const rows = ex.body.data.result as any[];
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      expect([r.metric, r.leak]).toEqual([r.metric, r.gate.significant]);
    }
  }
  const cart = (
    await post('/api/v1/bellwether/exhaustion', { query: tteQuery(CONTAINER_MEMORY), time: String(NOW / 1000) })
  ).body.data.result.find((r: any) => r.metric.container === 'cart');
  expect([cart.verdict, cart.gate.significant, cart.leak]).toEqual(['within', true, true]);
});

it('counts a time off its step from that time, not from the step before it, in both endpoints', async () => {
  // 48 minutes after a 1-hour step's point the fit is the same, so the crossing is 48 minutes nearer.
  const query =
    'time_to_exhaustion(node_filesystem_avail_bytes{instance="db-1:9100"}, 0, "direction=down train=3d step=1h")';
  const onStep = NOW - DAY;
  const later = onStep + 48 * 60_000;
  const at = async (path: string, t: number) =>
    (await post(path, { query, time: String(t / 1000) })).body.data.result[0];
  const [q0, q1, e0, e1] = await Promise.all([
    at('/api/v1/query', onStep),
    at('/api/v1/query', later),
    at('/api/v1/bellwether/exhaustion', onStep),
    at('/api/v1/bellwether/exhaustion', later),
  ]);
  const s0 = parseValue(q0.value[1]);
  expect(Number.isFinite(s0)).toBe(true);
  expect(parseValue(q1.value[1])).toBeCloseTo(s0 - 48 * 60, 6);
  expect(parseValue(e0.seconds)).toBe(s0);
  expect(parseValue(e1.seconds)).toBeCloseTo(s0 - 48 * 60, 6);
  expect(parseValue(e1.lower)).toBeCloseTo(parseValue(e0.lower) - 48 * 60, 6);
  expect(parseValue(e1.upper)).toBeCloseTo(parseValue(e0.upper) - 48 * 60, 6);
});
