/**
 * Series refused one by one (errors.ts LimitUnreachable: `time_to_exhaustion(x, 1.05)` where some
 * series of x are ratios, which never exceed 1). One refused series no longer fails the whole query:
 * an alert rule over a selector would go to error for every filesystem or pod because of one. The
 * others are answered, the refused ones get no sample, and a warning names them with a count. When
 * every series is refused (a single-series query included) the query fails with the refusal, as
 * before: the limit is wrong for the metric, and an answer with no series would hide that.
 */
import { KindedError } from './errors';
import { labelsKey } from './history';
import type { FunctionCall } from './query';
import { formatCount } from './warnings';
import type { EngineEnv } from './context';

/** Series a refusal warning names; the rest are counted. */
const MAX_NAMED = 3;

export class Refusals {
  private readonly refused = new Map<string, { labels: Record<string, string>; why: string }>();
  private readonly answered = new Set<string>();

  /** A fit of the series with `labels` was refused for `why`, or (why undefined) was not. */
  see(labels: Record<string, string>, why: string | undefined): void {
    const k = labelsKey(labels);
    if (why === undefined) {
      this.answered.add(k);
    } else if (!this.refused.has(k)) {
      this.refused.set(k, { labels, why });
    }
  }

  /**
   * Throws the refusal when no series was answered; else notes the counted warning on the
   * evaluation's (`total`: the series of the query).
   */
  settle(q: FunctionCall, total: number, env: EngineEnv): void {
    if (this.refused.size === 0) {
      return;
    }
    const all = [...this.refused.values()];
    if (this.answered.size === 0) {
      const whys = [...new Set(all.map((r) => r.why))];
      // One reason (a ratio's ceiling for every series of a selector): the one line a single series gets.
      throw new KindedError(
        'bad_input',
        whys.length === 1 ? whys[0] : `every series refused (${formatCount(all.length)}): ${whys.join('; ')}`
      );
    }
    const named = all.slice(0, MAX_NAMED).map((r) => `${seriesName(r.labels)}: ${r.why}`);
    const more = all.length > MAX_NAMED ? `; and ${formatCount(all.length - MAX_NAMED)} more` : '';
    env.warnings?.note(
      `${q.func}: ${formatCount(all.length)} of ${formatCount(total)} series refused: ${named.join('; ')}${more}`
    );
  }
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
