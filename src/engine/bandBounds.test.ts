import { quantityBounds } from '../ml/forecast/bounds';
import { bandBoundsOf, holdInBounds, newSeenExtent } from './bandBounds';
import { detectSeries } from './detectSeries';

const MIN = 60_000;

/**
 * Errors per minute of a quiet service: mostly near 0.05, never negative, a burst every 500 minutes.
 * The ensemble's band (expected minus a multiple of the noise) fell under 0 at 55 of these points.
 */
function quietCounts(): { t: Float64Array; v: Float64Array } {
  const n = 3 * 1440 + 600;
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const t = Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i * MIN);
  const v = Float64Array.from(t, (_, i) => Math.max(0, 0.05 + 0.2 * (rnd() - 0.5)) + (i % 500 === 0 ? 2 : 0));
  return { t, v };
}

describe('the bounds of a quantity, by its unit or name alone', () => {
  it('floors durations, bytes, counters and rates at 0, and holds ratios and percentages in their range', () => {
    expect(quantityBounds({ name: 'http_request_duration_seconds' })).toMatchObject({ min: 0, unit: 's' });
    expect(quantityBounds({ name: 'process_resident_memory_bytes' })).toMatchObject({ min: 0, unit: 'B' });
    expect(quantityBounds({ name: 'shop_checkout_errors_total' }).min).toBe(0);
    expect(quantityBounds({ unit: 'reqps' }).min).toBe(0);
    // The demo's checkout errors: the panel's unit (reqps) and the companion's name agree.
    expect(quantityBounds({ name: 'shop_checkout_errors_per_second' }).min).toBe(0);
    expect(quantityBounds({ unit: 's' }).min).toBe(0);
    expect(quantityBounds({ name: 'instance:node_cpu_utilisation:rate5m' })).toMatchObject({ min: 0, max: 1 });
    expect(quantityBounds({ unit: 'percent' })).toMatchObject({ min: 0, max: 100 });
  });

  it("floors a recording rule (level:metric:operations) by its metric, as the panel's unit floors it", () => {
    // The demo's p99 latency alerts (provisioning/vmalert): the companion reads this name from its
    // selector, where the panel floors the same series by its field unit (s).
    const latency = 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{quantile="0.99"}';
    const call = (inner: string, options = {}) => ({ func: 'anomaly_lower' as const, inner, options });
    expect(bandBoundsOf(call(latency))).toEqual(bandBoundsOf(call('panel', { unit: 's' })));
    for (const name of [
      'job:http_requests_total:rate5m',
      'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate',
      'job:request_duration_seconds:p99',
      'job:node_memory_working_set_bytes:max_over_time1h',
    ]) {
      expect([name, quantityBounds({ name }).min]).toEqual([name, 0]);
    }
    // An operation that makes a difference or a projection of it is signed.
    for (const name of [
      'job:node_filesystem_avail_bytes:deriv1h',
      'job:node_memory_used_bytes:idelta5m',
      'job:node_filesystem_avail_bytes:predict_linear4h',
      'job:http_requests_total:relabel',
    ]) {
      expect([name, quantityBounds({ name }).min]).toEqual([name, undefined]);
    }
  });

  it('leaves signed and unknown quantities unbounded', () => {
    for (const name of ['node_timex_offset_seconds', 'clock_skew_seconds', 'temperature_celsius', 'series']) {
      const b = quantityBounds({ name });
      expect([b.min, b.max]).toEqual([undefined, undefined]);
    }
    expect(quantityBounds({ unit: 'celsius' }).min).toBeUndefined();
  });

  it("are read from the inner selector, the call's metric and unit, and turned off by bounds=none", () => {
    const call = (inner: string, options = {}) => ({ func: 'anomaly_lower' as const, inner, options });
    expect(bandBoundsOf(call('http_request_duration_seconds{quantile="0.99"}'))).toEqual({ min: 0, max: undefined });
    expect(bandBoundsOf(call('rate(x[5m])'))).toBeUndefined();
    expect(bandBoundsOf(call('panel', { unit: 'percentunit' }))).toEqual({ min: 0, max: 1 });
    expect(bandBoundsOf(call('panel', { metric: 'node_memory_MemAvailable_bytes' }))).toEqual({
      min: 0,
      max: undefined,
    });
    expect(bandBoundsOf(call('http_request_duration_seconds', { bounds: 'none' }))).toBeUndefined();
  });
});

describe('holding a band in the bounds', () => {
  it('clamps expected, lower and upper, until a value crosses a side, which then stays off', () => {
    const seen = newSeenExtent();
    const out = Float64Array.of(0.1, -0.2, 1.3);
    holdInBounds({ min: 0, max: 1 }, seen, 0.5, out);
    expect(Array.from(out)).toEqual([0.1, 0, 1]);
    // A "ratio" at 1.2 is no ratio: the ceiling goes, for this point and the rest of the run.
    out.set([0.1, -0.2, 1.3]);
    holdInBounds({ min: 0, max: 1 }, seen, 1.2, out);
    expect(Array.from(out)).toEqual([0.1, 0, 1.3]);
    out.set([0.1, -0.2, 1.3]);
    holdInBounds({ min: 0, max: 1 }, seen, 0.5, out);
    expect(Array.from(out)).toEqual([0.1, 0, 1.3]);
    // A gap (NaN) moves nothing and stays NaN.
    out.set([NaN, NaN, NaN]);
    holdInBounds({ min: 0, max: 1 }, seen, NaN, out);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });
});

describe("an anomaly band of a quantity that is never negative (the engine's runs: companion, data source, panel, CLI)", () => {
  it('never goes below 0, and flags the same points as the band not held', async () => {
    const { t, v } = quietCounts();
    const free = await detectSeries(t, v, MIN, {});
    const held = await detectSeries(t, v, MIN, { metric: 'shop_checkout_errors_total' });
    // The premise: unheld, the band dips under 0 on this series.
    expect(free.lower.some((x) => x < 0)).toBe(true);
    expect(Array.from(held.lower).filter((x) => x < 0)).toEqual([]);
    expect(Array.from(held.expected).filter((x) => x < 0)).toEqual([]);
    // Only the band's values under 0 moved, to 0; the verdicts and scores did not.
    held.lower.forEach((x, i) => expect(x).toBe(free.lower[i] < 0 ? 0 : free.lower[i]));
    expect(Array.from(held.isAnomaly)).toEqual(Array.from(free.isAnomaly));
    expect(Array.from(held.score)).toEqual(Array.from(free.score));
    expect(Array.from(held.upper)).toEqual(Array.from(free.upper));
  });

  it('is not held by a floor the values contradict (a "duration" that went negative is signed)', async () => {
    const { t, v } = quietCounts();
    const signed = Float64Array.from(v, (x, i) => (i === 0 ? -0.5 : x));
    const free = await detectSeries(t, signed, MIN, {});
    const named = await detectSeries(t, signed, MIN, { metric: 'job_duration_seconds' });
    expect(Array.from(named.lower)).toEqual(Array.from(free.lower));
  });
});
