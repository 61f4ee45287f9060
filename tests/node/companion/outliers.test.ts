/**
 * outliers() against a real Prometheus (backfilled with promtool): six pods of one Deployment,
 * web-4 drifting away from END - 3h (tests/node/companion/fixtures.ts). The companion flags web-4
 * and only web-4, only after the drift has grown past the group's spread, and causally: a value
 * does not change when later data exists (an instant query long before END equals the same point
 * of a range query ending at END).
 */
import { HOUR, MINUTE, podDriftStart } from './fixtures';
import { get, type Harness, postForm, startHarness } from './harness';

let h: Harness;
const sec = (ms: number) => String(ms / 1000);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function range(query: string, start: number, end: number) {
  const r = await postForm(h.companion.url, '/api/v1/query_range', {
    query,
    start: sec(start),
    end: sec(end),
    step: '60',
  });
  expect(r).toMatchObject({ status: 200, body: { status: 'success' } });
  return r.body.data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

describe.each(['mad', 'dbscan'])('outliers(bw_pod_cpu, "by=job algorithm=%s")', (algorithm) => {
  const query = `outliers(bw_pod_cpu, "by=job, algorithm=${algorithm}")`;

  it('flags web-4 after its drift and no other pod at any time', async () => {
    const drift = podDriftStart(h.end);
    const result = await range(query, h.end - 6 * HOUR, h.end);
    expect(result.map((s) => s.metric.pod).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5']);
    for (const s of result) {
      const flagged = s.values.filter(([, v]) => Number(v) >= 0.5).map(([t]) => t * 1000);
      if (s.metric.pod === 'web-4') {
        // Flagged from some point after the drift start to the end, and never before it.
        expect(flagged.length).toBeGreaterThan(60);
        expect(Math.min(...flagged)).toBeGreaterThan(drift);
        expect(Math.max(...flagged)).toBe(h.end);
      } else {
        expect([s.metric.pod, flagged.length]).toEqual([s.metric.pod, 0]);
      }
    }
  });

  it('is causal: an instant query equals the range point computed with later data present', async () => {
    const t = podDriftStart(h.end) + 40 * MINUTE;
    const r = await range(query, t - 30 * MINUTE, h.end);
    const inst = await postForm(h.companion.url, '/api/v1/query', { query, time: sec(t) });
    const vec = inst.body.data.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
    expect(vec).toHaveLength(6);
    for (const s of vec) {
      const inRange = r.find((x) => x.metric.pod === s.metric.pod)!.values.find(([tt]) => tt * 1000 === t)!;
      expect(s.value[1]).toBe(inRange[1]);
    }
  });
});

it("draws the group band around the pods' 5-minute means: lower < each pod's avg_over_time(5m) < upper", async () => {
  const t = h.end - 4 * HOUR;
  const [lo, hi, raw] = await Promise.all([
    postForm(h.companion.url, '/api/v1/query', { query: 'outliers_lower(bw_pod_cpu, "by=job")', time: sec(t) }),
    postForm(h.companion.url, '/api/v1/query', { query: 'outliers_upper(bw_pod_cpu, "by=job")', time: sec(t) }),
    get(h.prom.url, '/api/v1/query', { query: 'avg_over_time(bw_pod_cpu[5m])', time: sec(t) }),
  ]);
  const band = (r: any, pod: string) => Number(r.body.data.result.find((s: any) => s.metric.pod === pod).value[1]);
  for (const s of raw.body.data.result) {
    const v = Number(s.value[1]);
    expect(band(lo, s.metric.pod)).toBeLessThan(v);
    expect(band(hi, s.metric.pod)).toBeGreaterThan(v);
  }
});

it.each([
  ['outliers(bw_pod_cpu, "by=pod")', /needs at least 3 series per group; by=pod gave no group that large/],
  ['outliers(bw_pod_cpu, "algorithm=kmeans")', /option algorithm must be mad or dbscan, got "kmeans"/],
  ['outliers(bw_pod_cpu, "by=pod-name")', /option by must be label names separated by commas/],
  ['outliers(bw_pod_cpu, "model=mad")', /unknown option "model" for outliers\(\)/],
])('refuses %s with a one-line error', async (query, message) => {
  const r = await postForm(h.companion.url, '/api/v1/query', { query, time: sec(h.end) });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatch(message);
  expect(r.body.error).not.toMatch(/\n/);
});

it('warns in the envelope, with a count, about the members of groups too small to judge', async () => {
  // web-0..3 form group g="big"; web-4 and web-5 have no g, a group of two.
  const inner = 'label_replace(bw_pod_cpu, "g", "big", "pod", "web-[0-3]")';
  const r = await postForm(h.companion.url, '/api/v1/query', { query: `outliers(${inner}, "by=g")`, time: sec(h.end) });
  expect(r).toMatchObject({ status: 200, body: { status: 'success' } });
  expect(r.body.warnings).toEqual([
    'outliers(): 2 of 6 series are in groups of fewer than 3 members and were not judged (no samples)',
  ]);
  expect(r.body.data.result.map((s: any) => s.metric.pod).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
});
