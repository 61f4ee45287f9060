/**
 * Series refused one by one (errors.ts LimitUnreachable: `time_to_exhaustion(x, 1.05)` where some
 * series of x are ratios, which never exceed 1). One refused series no longer fails the whole query:
 * an alert rule over a selector would go to error for every filesystem or pod because of one. The
 * others are answered, the refused ones get no sample, and a warning names them with a count. When
 * every series is refused (a single-series query included) the query fails with the refusal, as
 * before: the limit is wrong for the metric, and an answer with no series would hide that. The error
 * (EveryRefused) carries the counted sentence too, which the companion's exhaustion endpoint sends
 * with it, so the home page, which splits a selector into shards, can tell a shard whose series were
 * all refused from one that failed.
 */
import { EveryRefused } from './errors';
import { labelsKey } from './history';
import type { FunctionCall } from './query';
import { formatCount } from './warnings';
import type { EngineEnv } from './context';

/** Series a refusal warning names; the rest are counted. */
const MAX_NAMED = 3;

export class Refusals {
  /** `steps`: the evaluation steps refused (a range query refits along its range). */
  private readonly refused = new Map<string, { labels: Record<string, string>; why: string; steps: number }>();
  /** Steps answered, per series. */
  private readonly answered = new Map<string, number>();

  /**
   * A fit of the series with `labels`, used at `steps` evaluation steps, was refused for `why`, or (why
   * undefined) was not. A series can be both in a range query: the bound comes from each training
   * window's values (a ratio that exceeds 1 later in the range has none there).
   */
  see(labels: Record<string, string>, why: string | undefined, steps = 1): void {
    const k = labelsKey(labels);
    if (why === undefined) {
      this.answered.set(k, (this.answered.get(k) ?? 0) + steps);
      return;
    }
    const r = this.refused.get(k);
    if (r) {
      r.steps += steps;
    } else {
      this.refused.set(k, { labels, why, steps });
    }
  }

  /**
   * Throws the refusal when no series was answered; else notes the counted warning on the
   * evaluation's (`total`: the series of the query). A series refused at some steps and answered at
   * others is not said refused (it has samples): its own warning counts the steps it was refused at.
   */
  settle(q: FunctionCall, total: number, env: EngineEnv): void {
    if (this.refused.size === 0) {
      return;
    }
    const all = [...this.refused.values()];
    if (this.answered.size === 0) {
      const whys = [...new Set(all.map((r) => r.why))];
      // One reason (a ratio's ceiling for every series of a selector): the one line a single series gets.
      throw new EveryRefused(
        whys.length === 1 ? whys[0] : `every series refused (${formatCount(all.length)}): ${whys.join('; ')}`,
        refusedSentence(q, all, total)
      );
    }
    const wholly = [...this.refused].filter(([k]) => !this.answered.has(k)).map(([, r]) => r);
    const partly = [...this.refused].filter(([k]) => this.answered.has(k));
    if (wholly.length > 0) {
      env.warnings?.note(refusedSentence(q, wholly, total));
    }
    if (partly.length > 0) {
      env.warnings?.note(
        `${q.func}: ${formatCount(partly.length)} of ${formatCount(total)} series refused at some steps: ` +
          named(
            partly.map(([k, r]) => {
              const of = r.steps + (this.answered.get(k) ?? 0);
              return `${seriesName(r.labels)} at ${formatCount(r.steps)} of ${formatCount(of)}: ${r.why}`;
            })
          )
      );
    }
  }
}

/** "time_to_exhaustion: 1 of 2 series refused: <series>: <why>", the first MAX_NAMED named. */
function refusedSentence(
  q: FunctionCall,
  refused: Array<{ labels: Record<string, string>; why: string }>,
  total: number
): string {
  return (
    `${q.func}: ${formatCount(refused.length)} of ${formatCount(total)} series refused: ` +
    named(refused.map((r) => `${seriesName(r.labels)}: ${r.why}`))
  );
}

/** The first MAX_NAMED of `items`, the rest counted. */
function named(items: string[]): string {
  const more = items.length > MAX_NAMED ? `; and ${formatCount(items.length - MAX_NAMED)} more` : '';
  return `${items.slice(0, MAX_NAMED).join('; ')}${more}`;
}

/** `node_filesystem_avail_bytes{mountpoint="/data"}`, as Prometheus prints a series. */
export function seriesName(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const inner = Object.entries(rest)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return `${name}{${inner}}`;
}
