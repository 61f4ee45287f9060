import { ByteLru, type Sized } from '../../../src/engine/byteLru';
import type { Upstream } from '../upstream/types';
import { seriesInterval, snapInterval } from '../../../src/engine/sampleIntervals';
import { UpstreamSampleIntervals } from './sampleIntervals';

/** An upstream answering range selectors with series sampled every `every[i]` seconds (with jitter). */
function upstream(every: number[], queries: string[]): Upstream {
  return {
    description: 'fake',
    ready: async () => undefined,
    call: async (_path, params) => {
      const q = params.get('query')!;
      queries.push(`${q} @${params.get('time')}`);
      if (q.startsWith('nope')) {
        return { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } };
      }
      if (q.startsWith('broken')) {
        return { status: 500, body: { status: 'error', errorType: 'internal', error: 'storage: read failed' } };
      }
      if (q.startsWith('proxied')) {
        return { status: 502, body: { status: 'error', error: 'bad gateway' } };
      }
      const at = Number(params.get('time'));
      const result = every.map((e, i) => ({
        metric: { i: String(i) },
        values: Array.from({ length: Math.floor(1800 / e) }, (_, k): [number, string] => [
          at - 1800 + (k + 1) * e + (k % 3) * 0.013,
          '1',
        ]),
      }));
      return {
        status: 200,
        body: { status: 'success', data: { resultType: 'matrix', result: q.startsWith('empty') ? [] : result } },
      };
    },
  };
}

describe('sample intervals', () => {
  it('snaps a median spacing to a usual scrape interval, else to whole seconds', () => {
    expect([snapInterval(299_870), snapInterval(14_400), snapInterval(90_020), snapInterval(200)]).toEqual([
      300_000, 15_000, 90_000, 1000,
    ]);
    // One missed scrape does not move the median; a single sample reads as the window.
    expect(seriesInterval([0, 300, 600, 1200, 1500], 1_800_000)).toBe(300_000);
    expect(seriesInterval([42], 1_800_000)).toBe(1_800_000);
  });

  it('reads every selector of the inner query once per window and time, then answers from the cache', async () => {
    const queries: string[] = [];
    const src = new UpstreamSampleIntervals(
      upstream([300, 15], queries),
      new ByteLru<Sized>(1e6, (v) => v.sizeBytes())
    );
    const a = await src.intervals('sum(rate(x[5m])) / y', 3_600_000, 1_800_000);
    expect(a).toEqual({ intervals: [300_000, 15_000, 300_000, 15_000] });
    expect(await src.intervals('sum(rate(x[5m])) / y', 3_600_000, 1_800_000)).toEqual(a);
    expect(queries).toEqual(['x[30m] @3600', 'y[30m] @3600']);
  });

  it("keeps a refusal for the hour but asks again after the upstream's internal error or a proxy's", async () => {
    const queries: string[] = [];
    const src = new UpstreamSampleIntervals(upstream([60], queries), new ByteLru<Sized>(1e6, (v) => v.sizeBytes()));
    for (const q of ['nope', 'broken', 'proxied']) {
      const a = await src.intervals(q, 3_600_000, 600_000);
      expect(a).toMatchObject({ problem: expect.stringContaining(`the upstream answered ${q}[10m] with`) });
      await src.intervals(q, 3_600_000, 600_000);
    }
    expect(queries).toEqual([
      'nope[10m] @3600',
      'broken[10m] @3600',
      'broken[10m] @3600',
      'proxied[10m] @3600',
      'proxied[10m] @3600',
    ]);
  });

  it('shares one upstream read between concurrent queries of the same selector, window and time', async () => {
    const queries: string[] = [];
    const inner = upstream([300], queries);
    // The upstream answers only once both queries are under way, so the second cannot find a cached answer.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gated: Upstream = {
      ...inner,
      call: async (...args) => {
        await released;
        return inner.call(...args);
      },
    };
    const src = new UpstreamSampleIntervals(gated, new ByteLru<Sized>(1e6, (v) => v.sizeBytes()));
    const first = src.intervals('rate(x[5m])', 3_600_000, 1_800_000);
    const second = src.intervals('rate(x[5m])', 3_600_000, 1_800_000);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual({ intervals: [300_000] });
    expect(b).toEqual(a);
    expect(queries).toEqual(['x[30m] @3600']);
    expect(src.requests).toBe(1);
  });

  it('says why when there are no samples or the upstream refuses the selector', async () => {
    const src = new UpstreamSampleIntervals(upstream([300], []), new ByteLru<Sized>(1e6, (v) => v.sizeBytes()));
    expect(await src.intervals('empty{a="b"}', 3_600_000, 600_000)).toEqual({
      problem: 'no raw samples of empty{a="b"} in the 10m before 1970-01-01T01:00:00.000Z',
    });
    expect(await src.intervals('nope', 3_600_000, 600_000)).toEqual({
      problem: 'the upstream answered nope[10m] with: parse error',
    });
  });
});
