/**
 * "What else moved?" on the demo's checkout incident (`npm start`), clicked at the errors' start,
 * middle and end: the onsets and leads are measured from where the errors' anomaly began, so they
 * are the same wherever one clicks. The demo chain (companion/src/upstream/demo/demoSeries.ts):
 * the queue backs up first, latency follows 3 minutes later, errors 6 minutes later. The incident's
 * times are read from the demo series themselves, not from the ranking.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { get } from './harness';

const MIN = 60_000;
/** The incident of the review (2026-12-05, 46 minutes from 07:40 UTC). */
const DAY = Date.UTC(2026, 11, 5);

let companion: Companion;

/** [start, end) of the first run of a demo series' minutes above `above` on DAY. */
function run(name: string, above: number): [number, number] {
  const s = demoSeries().find((d) => d.labels.__name__ === name)!;
  let start: number | undefined;
  for (let t = DAY; t < DAY + 86_400_000; t += MIN) {
    const high = s.at(t) > above;
    if (high && start === undefined) {
      start = t;
    } else if (!high && start !== undefined) {
      return [start, t];
    }
  }
  throw new Error(`no ${name} incident on the day`);
}

const queue = run('shop_queue_depth', 40);
const errors = run('shop_checkout_errors_per_second', 0.3);

beforeAll(async () => {
  companion = await startCompanion(fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' } }), {
    logger: silentLogger,
    now: () => DAY + 86_400_000,
  });
});
afterAll(async () => {
  await companion?.close();
});

it('holds a long incident on the day (so a late click lands past a 30-minute look-back)', () => {
  expect(errors[1] - errors[0]).toBeGreaterThan(40 * MIN);
});

it.each([
  ['start', () => errors[0] + MIN],
  ['middle', () => Math.round((errors[0] + errors[1]) / 2 / MIN) * MIN],
  ['end', () => errors[1] - MIN],
])('clicked at the errors incident’s %s: queue 6-8 min before, latency about 3 min before', async (_, click) => {
  const at = click();
  const r = await get(companion.url, '/api/v1/bellwether/moved_together', {
    target: 'shop_checkout_errors_per_second',
    time: String(at / 1000),
  });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  const data = r.body.data;
  expect(data.note).toBeUndefined();
  expect(Math.abs(data.regionStart - errors[0])).toBeLessThanOrEqual(2 * MIN);
  const by = (name: string) => data.candidates.find((c: any) => c.labels.__name__ === name);
  const q = by('shop_queue_depth');
  const l = by('shop_checkout_latency_seconds');
  expect(q.changedBefore).toBeUndefined();
  expect(Math.abs(q.onset - queue[0])).toBeLessThanOrEqual(2 * MIN);
  expect(q.leadMs).toBeGreaterThanOrEqual(5 * MIN);
  expect(q.leadMs).toBeLessThanOrEqual(8 * MIN);
  expect(Math.abs(l.onset - (queue[0] + 3 * MIN))).toBeLessThanOrEqual(2 * MIN);
  expect(l.leadMs).toBeGreaterThanOrEqual(2 * MIN);
  expect(l.leadMs).toBeLessThanOrEqual(4 * MIN);
  expect(data.candidates.map((c: any) => c.labels.__name__).slice(0, 2)).toEqual([
    'shop_queue_depth',
    'shop_checkout_latency_seconds',
  ]);
});

it('says so when the anomaly began before the data it reads, instead of clamping onsets to the window', async () => {
  const at = errors[1] - MIN;
  const r = await get(companion.url, '/api/v1/bellwether/moved_together', {
    target: 'shop_checkout_errors_per_second',
    time: String(at / 1000),
    region_search: '10m',
  });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  const data = r.body.data;
  expect(data.regionStart).toBeUndefined();
  expect(data.note).toMatch(/the anomaly began more than 10 min before the clicked time; onsets before .* are not known/);
  const q = data.candidates.find((c: any) => c.labels.__name__ === 'shop_queue_depth');
  expect(q.onset).toBeUndefined();
  expect(q.changedBefore).toBe(data.from);
});
