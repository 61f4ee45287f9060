/**
 * How often the series of an inner query are sampled, read from the upstream's raw samples: for
 * each selector of the query (query/innerSelectors.ts) one instant query `sel[window]` at `at`,
 * each series' median spacing, snapped to a usual scrape interval. The answer depends only on the
 * query, the window and `at` (which the engine aligns), so it is cached; an expression the
 * selectors cannot be read from, or one without samples there, gives a problem the engine turns
 * into a warning. The engine decides what to do with the intervals (src/engine/resolution.ts).
 */
import type { ByteLru, Sized } from '../../../src/engine/byteLru';
import { KindedError } from '../../../src/engine/errors';
import { KeyedMutex } from '../../../src/engine/keyedMutex';
import type { SampleIntervals, SampleIntervalSource } from '../../../src/engine/resolution';
import { formatDuration } from '../../../src/common/duration';
import { seriesInterval } from '../../../src/engine/sampleInterval';
import { innerSelectors } from '../query/innerSelectors';
import { errorKindOf } from '../upstream/promErrors';
import type { PromMatrixSeries, Upstream } from '../upstream/types';

// The pure rule lives in the engine, shared with the anomaly panel.
export { seriesInterval, snapInterval } from '../../../src/engine/sampleInterval';

interface Cached extends Sized {
  answer: SampleIntervals;
}

/** The companion's {@link SampleIntervalSource}: the upstream's raw samples, cached in the LRU. */
export class UpstreamSampleIntervals implements SampleIntervalSource {
  /** Upstream requests made (for tests and the bench). */
  requests = 0;
  /** Concurrent queries of one key wait for the first one's read, then answer from the cache. */
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly upstream: Upstream,
    private readonly lru: ByteLru<Sized>
  ) {}

  async intervals(query: string, at: number, window: number, signal?: AbortSignal): Promise<SampleIntervals> {
    const key = `intervals\u0000${window}\u0000${at}\u0000${query}`;
    return this.mutex.run(key, async () => {
      const hit = this.lru.get(key) as Cached | undefined;
      if (hit) {
        return hit.answer;
      }
      const answer = await this.read(query, at, window, signal);
      const bytes = 200 + query.length * 2 + ('intervals' in answer ? answer.intervals.length * 8 : 0);
      const entry: Cached = { answer, sizeBytes: () => bytes };
      this.lru.set(key, entry);
      return answer;
    });
  }

  private async read(query: string, at: number, window: number, signal?: AbortSignal): Promise<SampleIntervals> {
    const sel = innerSelectors(query);
    if ('problem' in sel) {
      return sel;
    }
    const intervals: number[] = [];
    for (const s of sel.selectors) {
      const series = await this.rawSamples(`${s}[${formatDuration(window)}]`, at, signal);
      if ('problem' in series) {
        return series;
      }
      for (const x of series) {
        intervals.push(
          seriesInterval(
            x.values.map((v) => Number(v[0])),
            window
          )
        );
      }
    }
    if (intervals.length === 0) {
      return {
        problem: `no raw samples of ${sel.selectors.join(', ')} in the ${formatDuration(window)} before ${new Date(at).toISOString()}`,
      };
    }
    return { intervals };
  }

  /**
   * Raw samples of a range selector at `at`. An upstream that cannot be reached fails the query (its
   * history read would fail too); an upstream that refuses the selector is a problem, not an error.
   */
  private async rawSamples(
    expr: string,
    at: number,
    signal?: AbortSignal
  ): Promise<PromMatrixSeries[] | { problem: string }> {
    this.requests++;
    const res = await this.upstream.call(
      '/api/v1/query',
      new URLSearchParams({ query: expr, time: String(at / 1000) }),
      signal
    );
    if (res.body.status !== 'success') {
      const kind = errorKindOf(res.body.errorType);
      if (kind === 'unavailable' || kind === 'timeout' || kind === 'canceled') {
        throw new KindedError(kind, res.body.error ?? 'upstream error', res.status);
      }
      return { problem: `the upstream answered ${expr} with: ${res.body.error ?? res.body.errorType ?? 'an error'}` };
    }
    const data = res.body.data as { resultType?: string; result?: PromMatrixSeries[] } | undefined;
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
      return { problem: `the upstream answered ${expr} with ${data?.resultType ?? 'nothing'}, not raw samples` };
    }
    return data.result;
  }
}
