/**
 * The data source's {@link SampleIntervalSource}: how often a query's series are sampled, read from
 * raw samples, of the user's Prometheus through Grafana (browser engine) or through the companion
 * (companion engine), as the companion reads its upstream (the rule is src/engine/sampleIntervals.ts). Answers are kept per
 * upstream and what it is sent (`where`), window, time and query (the engine aligns the time to the
 * window), so a refresh reads them once an hour. Only definite answers are kept: a read that failed
 * (thrown, or `failed`: a source down for a moment) is asked again by the next query.
 */
import type { SampleIntervals, SampleIntervalSource } from '../../engine/resolution';
import { type RawSampleTimes, readSampleIntervals } from '../../engine/sampleIntervals';

/** Answers kept; the oldest is dropped past this (a dashboard's queries, a few windows each). */
const KEPT = 500;

/** Sample intervals answered, shared by the queries of one data source instance. */
export class SampleIntervalCache {
  private readonly answers = new Map<string, Promise<SampleIntervals>>();

  /**
   * The source reading raw samples with `raw`; `where` names what it reads and everything else the
   * reads send that changes their answer (a Prometheus data source's uid with the dashboard's ad hoc
   * filters, prometheusSource.ts sentQueryKey; the companion), so answers of different upstreams or filters are kept apart.
   */
  source(where: string, raw: RawSampleTimes): SampleIntervalSource {
    return {
      intervals: (query, at, window, signal) => {
        const key = `${where}\u0000${window}\u0000${at}\u0000${query}`;
        let answer = this.answers.get(key);
        if (!answer) {
          const read = readSampleIntervals(query, at, window, raw, signal);
          // Concurrent queries share the read in flight; a failed one is then dropped, so the next
          // query asks again rather than scoring at the default resolution for the hour.
          const forget = () => {
            if (this.answers.get(key) === read) {
              this.answers.delete(key);
            }
          };
          read.then((got) => {
            if ('failed' in got && got.failed) {
              forget();
            }
          }, forget);
          this.answers.set(key, read);
          answer = read;
          if (this.answers.size > KEPT) {
            this.answers.delete(this.answers.keys().next().value!);
          }
        }
        return answer;
      },
    };
  }
}
