/**
 * /api/v1/bellwether/moved_together against a real Prometheus (backfilled with promtool): the
 * checkout chain of tests/node/companion/fixtures.ts (queue depth, then latency 3 min later, then
 * errors 6 min later; cpu never moves). Asked about the errors, the companion ranks the queue depth
 * first (it moved first), the latency second and the cpu last, with sparklines of the window.
 */
import { chainStart, MINUTE } from './fixtures';
import { get, type Harness, startHarness } from './harness';

let h: Harness;
const sec = (ms: number) => String(ms / 1000);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

it('ranks the cause first, the middle link second and a series that never moved last (default candidates: the same job)', async () => {
  const at = chainStart(h.end) + 8 * MINUTE;
  const r = await get(h.companion.url, '/api/v1/bellwether/moved_together', {
    target: 'bw_checkout_errors',
    time: sec(at),
  });
  expect(r.status).toBe(200);
  const data = r.body.data;
  expect(data.target).toEqual({ __name__: 'bw_checkout_errors', job: 'checkout' });
  const names = data.candidates.map((c: any) => c.labels.__name__);
  expect(names).toEqual(['bw_queue_depth', 'bw_checkout_latency_seconds', 'bw_checkout_cpu']);
  const [queue, latency, cpu] = data.candidates;
  expect(queue.onset).toBe(chainStart(h.end));
  expect(latency.onset).toBe(chainStart(h.end) + 3 * MINUTE);
  expect(queue.leadMs).toBeGreaterThan(0);
  expect(cpu.score).toBe(0);
  // Measured from where the errors' anomaly began (6 minutes into the chain), not from the click.
  expect(data.regionStart).toBe(chainStart(h.end) + 6 * MINUTE);
  // Sparkline: 30 minutes before that start to 5 minutes after the click, one value per minute.
  expect(data.from).toBe(data.regionStart - 30 * MINUTE);
  expect(queue.sparkline).toHaveLength((at + 5 * MINUTE - data.from) / MINUTE + 1);
});

it('takes candidates from a query (a selector over two metric names, asked one name at a time)', async () => {
  const at = chainStart(h.end) - 60 * MINUTE;
  const r = await get(h.companion.url, '/api/v1/bellwether/moved_together', {
    target: 'bw_checkout_errors',
    candidates: '{__name__=~"bw_queue_depth|bw_checkout_cpu"}',
    time: sec(at),
  });
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  // An hour before the chain, nothing has moved yet: every candidate scores 0 (ties in the order given).
  expect(r.body.data.candidates.map((c: any) => [c.labels.__name__, c.score])).toEqual([
    ['bw_checkout_cpu', 0],
    ['bw_queue_depth', 0],
  ]);
});

it('refuses a target of several series', async () => {
  const r = await get(h.companion.url, '/api/v1/bellwether/moved_together', { target: 'bw_pod_cpu', time: sec(h.end) });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatch(/the target query must return one series, it returned 6/);
});

it('says a target of no series has none, not that its selector is too wide', async () => {
  const r = await get(h.companion.url, '/api/v1/bellwether/moved_together', {
    target: 'bw_checkout_erors',
    time: sec(h.end),
  });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatch(/^the target query returned no series at \S+Z; check its metric name and labels, and the time$/);
});

it.each([
  [{ target: 'bw_checkout_errors', step: '0' }, /invalid parameter "step": must be a positive duration/],
  [{ target: 'bw_checkout_errors', look_bak: '10m' }, /^unknown parameter "look_bak" \(did you mean look_back\?\); this endpoint reads target, time, /],
  [{ time: '1' }, /invalid parameter "target": missing/],
])('refuses %j with a one-line error', async (params, message) => {
  const r = await get(h.companion.url, '/api/v1/bellwether/moved_together', params as Record<string, string>);
  expect(r.status).toBe(400);
  expect(r.body.error).toMatch(message);
});
