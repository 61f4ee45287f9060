/**
 * How often the series of an inner query are sampled, read from the upstream's raw samples (the
 * pure rule, shared with the data source, is src/engine/sampleIntervals.ts). The answer depends only
 * on the query, the window and `at` (which the engine aligns), so it is cached; an expression the
 * selectors cannot be read from, or one without samples there, gives a problem the engine turns
 * into a warning. The engine decides what to do with the intervals (src/engine/resolution.ts).
 */
import type { ByteLru, Sized } from '../../../src/engine/byteLru';
import { KindedError } from '../../../src/engine/errors';
import { KeyedMutex } from '../../../src/engine/keyedMutex';
import type { SampleIntervalProblem, SampleIntervals, SampleIntervalSource } from '../../../src/engine/resolution';
import { readSampleIntervals } from '../../../src/engine/sampleIntervals';
import { errorKindOf } from '../upstream/promErrors';
import type { PromMatrixSeries, Upstream } from '../upstream/types';

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
      if ('failed' in answer) {
        // A failed read is no answer about the data: the next query asks again.
        return answer;
      }
      const bytes = 200 + query.length * 2 + ('intervals' in answer ? answer.intervals.length * 8 : 0);
      const entry: Cached = { answer, sizeBytes: () => bytes };
      this.lru.set(key, entry);
      return answer;
    });
  }

  private read(query: string, at: number, window: number, signal?: AbortSignal): Promise<SampleIntervals> {
    return readSampleIntervals(
      query,
      at,
      window,
      async (expr, t, sig) => {
        const series = await this.rawSamples(expr, t, sig);
        return 'problem' in series ? series : series.map((x) => x.values.map((v) => Number(v[0])));
      },
      signal
    );
  }

  /**
   * Raw samples of a range selector at `at`. An upstream that cannot be reached fails the query (its
   * history read would fail too); an upstream that refuses the selector is a problem, not an error,
   * and one that failed otherwise (internal) a problem marked failed, not cached.
   */
  private async rawSamples(
    expr: string,
    at: number,
    signal?: AbortSignal
  ): Promise<PromMatrixSeries[] | SampleIntervalProblem> {
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
      const problem = `the upstream answered ${expr} with: ${res.body.error ?? res.body.errorType ?? 'an error'}`;
      // A refusal of the query (bad_data, execution) is an answer about it, kept for the hour; an
      // internal error, or one with no type (a proxy's 5xx page), is a failure, asked again.
      return kind === 'internal' || res.body.errorType === undefined ? { problem, failed: true } : { problem };
    }
    const data = res.body.data as { resultType?: string; result?: PromMatrixSeries[] } | undefined;
    if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
      return { problem: `the upstream answered ${expr} with ${data?.resultType ?? 'nothing'}, not raw samples` };
    }
    return data.result;
  }
}
