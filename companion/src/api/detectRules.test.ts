/**
 * Direction, floors, the valid range and explain= through the companion's HTTP API, over an
 * in-memory upstream: a latency series with a dip, a jump and an impossible negative value, and a
 * quiet series whose tiny wobble is large only relative to its level. The upstream answers every
 * query with both series, so each check picks its series by job.
 */
import { type Companion, startCompanion } from '../app';
import { fromRaw } from '../config/loadConfig';
import { silentLogger } from '../log/logger';
import { memoryUpstream } from '../../../tests/support/memoryUpstream';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 10);
const N = 1440;
const DIP = 1200;
const JUMP = 1300;
const NEGATIVE = 1350;
const wobble = (i: number) => Math.sin(i * 1.7) + Math.cos(i * 0.37);

const latency = Float64Array.from({ length: N }, (_, i) =>
  i === DIP ? 0.02 : i === JUMP ? 0.3 : i === NEGATIVE ? -1 : 0.1 + 0.002 * wobble(i)
);
const quiet = Float64Array.from({ length: N }, (_, i) => (i === JUMP ? 0.003 : 0.001 + 0.00001 * wobble(i)));

let c: Companion;

beforeAll(async () => {
  c = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' } }), {
    logger: silentLogger,
    now: () => T0 + N * MIN + 3_600_000,
    upstream: memoryUpstream(
      [
        { labels: { __name__: 'latency', job: 'api' }, values: latency },
        { labels: { __name__: 'rate', job: 'quiet' }, values: quiet },
      ],
      T0,
      MIN
    ),
  });
});
afterAll(() => c.close());

async function post(path: string, form: Record<string, string>) {
  const r = await fetch(c.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: r.status, body: await r.json() };
}

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

/** Range query over minutes [from, to] of the fixture, the series of `job`; fails unless it succeeds. */
async function range(query: string, job = 'api', from = DIP - 10, to = NEGATIVE + 5): Promise<Matrix> {
  const r = await post('/api/v1/query_range', {
    query,
    start: String((T0 + from * MIN) / 1000),
    end: String((T0 + to * MIN) / 1000),
    step: '60',
  });
  expect(r.body.status).toBe('success');
  return (r.body.data.result as Matrix).filter((s) => s.metric.job === job);
}

/** Score at minute i of the one series of a result (NaN when absent). */
function at(m: Matrix, i: number): number {
  const p = m.flatMap((s) => s.values).find(([t]) => t * 1000 === T0 + i * MIN);
  return p ? Number(p[1]) : NaN;
}

const OPTS = 'model=mad train=6h';

describe('detector rules through the HTTP API', () => {
  it('direction=above keeps the jump and zeroes the dip', async () => {
    const both = await range(`anomaly_score(latency, "${OPTS}")`);
    const above = await range(`anomaly_score(latency, "${OPTS} direction=above")`);
    expect(at(both, DIP)).toBeGreaterThan(0.9);
    expect(at(both, JUMP)).toBeGreaterThan(0.9);
    expect(at(above, DIP)).toBe(0);
    expect(at(above, JUMP)).toBe(at(both, JUMP));
  });

  it('min_abs silences the quiet series without touching the busy one', async () => {
    const plain = await range(`anomaly_score(rate, "${OPTS}")`, 'quiet');
    const floored = await range(`anomaly_score(rate, "${OPTS} min_abs=0.01")`, 'quiet');
    expect(at(plain, JUMP)).toBeGreaterThan(0.9);
    expect(at(floored, JUMP)).toBe(0);
    const busy = await range(`anomaly_score(latency, "${OPTS} min_abs=0.01")`);
    expect(at(busy, JUMP)).toBeGreaterThan(0.9);
  });

  it('valid_min flags the impossible value with score 1, and explain= labels its kind', async () => {
    const m = await range(`anomaly_score(latency, "${OPTS} valid_min=0 explain=true")`);
    const kindAt = (i: number) =>
      m.find((s) => s.values.some(([t]) => t * 1000 === T0 + i * MIN))?.metric.anomaly_kind ?? 'none';
    expect(at(m, NEGATIVE)).toBe(1);
    expect(kindAt(NEGATIVE)).toBe('out_of_range');
    expect(kindAt(JUMP)).toBe('spike');
    expect(kindAt(DIP - 5)).toBe('none');
    // Every series keeps the source labels; the split adds anomaly_kind only.
    for (const s of m) {
      expect(s.metric.job).toBe('api');
      expect(Object.keys(s.metric).filter((k) => k !== 'job' && k !== 'anomaly_kind')).toEqual([]);
    }
    // The instant query at the jump agrees with the range query's point.
    const r = await post('/api/v1/query', {
      query: `anomaly_score(latency, "${OPTS} valid_min=0 explain=true")`,
      time: String((T0 + JUMP * MIN) / 1000),
    });
    expect(r.body.data.result.filter((x: { metric: { job: string } }) => x.metric.job === 'api')).toEqual([
      { metric: { job: 'api', anomaly_kind: 'spike' }, value: [(T0 + JUMP * MIN) / 1000, String(at(m, JUMP))] },
    ]);
  });

  it('min_rate= clears points where the gate series is low, keeping out-of-range values', async () => {
    // The memory upstream answers the gate query with both series; each source series takes the gate
    // of its own job: the latency gates itself (0.1, 0.02 at the dip), the quiet series is below 0.05.
    const q = `anomaly_score(latency, "${OPTS} valid_min=0 min_rate=0.05", rate)`;
    const api = await range(q);
    const quietGated = await range(q, 'quiet');
    expect(at(api, JUMP)).toBeGreaterThan(0.9);
    expect(at(api, DIP)).toBe(0);
    expect(at(api, NEGATIVE)).toBe(1);
    expect(at(quietGated, JUMP)).toBe(0);
    const plainQuiet = await range(`anomaly_score(latency, "${OPTS}")`, 'quiet');
    expect(at(plainQuiet, JUMP)).toBeGreaterThan(0.9);
  });

  it('min_rate= and its series come together', async () => {
    const alone = await post('/api/v1/query', { query: 'anomaly_score(latency, "min_rate=1")' });
    expect(alone.status).toBe(400);
    expect(alone.body.error).toMatch(/option min_rate needs the rate series as the argument after the option string/);
    const series = await post('/api/v1/query', { query: 'anomaly_score(latency, "train=1d", rate)' });
    expect(series.status).toBe(400);
    expect(series.body.error).toMatch(/takes a series after the option string only with min_rate=/);
  });

  it('rejects a misspelt option and an out-of-range value with 400 and one line', async () => {
    const bad = await post('/api/v1/query', { query: 'anomaly_score(latency, "min_abz=1")' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown option "min_abz" for anomaly_score\(\) \(did you mean min_abs\?\)/);
    const range01 = await post('/api/v1/query', { query: 'anomaly_score(latency, "sensitivity=2")' });
    expect(range01.status).toBe(400);
    expect(range01.body.error).toMatch(/option sensitivity must be a number from 0 to 1/);
    expect(range01.body.error).not.toContain('\n');
  });
});
