/**
 * The data source's {@link SampleIntervalSource}: how often a query's series are sampled, read from
 * raw samples, of the user's Prometheus through Grafana (browser engine) or through the companion
 * (companion engine), as the companion reads its upstream (the rule is src/engine/sampleIntervals.ts). Answers are kept per data source, window,
 * time and query (the engine aligns the time to the window), so a refresh reads them once an hour.
 */
import type { SampleIntervals, SampleIntervalSource } from '../../engine/resolution';
import { type RawSampleTimes, readSampleIntervals } from '../../engine/sampleIntervals';

/** Answers kept; the oldest is dropped past this (a dashboard's queries, a few windows each). */
const KEPT = 500;

/** Sample intervals answered, shared by the queries of one data source instance. */
export class SampleIntervalCache {
  private readonly answers = new Map<string, Promise<SampleIntervals>>();

  /**
   * The source reading raw samples with `raw`; `where` names what it reads (a Prometheus data
   * source's uid, the companion), so answers of different upstreams are kept apart.
   */
  source(where: string, raw: RawSampleTimes): SampleIntervalSource {
    return {
      intervals: (query, at, window, signal) => {
        const key = `${where}\u0000${window}\u0000${at}\u0000${query}`;
        let answer = this.answers.get(key);
        if (!answer) {
          answer = readSampleIntervals(query, at, window, raw, signal);
          // A failed read (an unreachable Prometheus) is not kept: the next refresh asks again.
          answer.catch(() => this.answers.delete(key));
          this.answers.set(key, answer);
          if (this.answers.size > KEPT) {
            this.answers.delete(this.answers.keys().next().value!);
          }
        }
        return answer;
      },
    };
  }
}
