/**
 * `POST /api/v1/bellwether/exhaustion`: the whole answer behind `time_to_exhaustion(...)` at one
 * time, per series, for the app's home page: the time to exhaustion with its interval, and the
 * trend test (Sen's slope, Mann-Kendall p-value, leak verdict) over the segment the time was computed
 * on: after the last reset (a cleanup, a restart) toward the limit, as `trend_pvalue(...)` with the
 * same direction= answers (src/ml/trend/sinceReset.ts). A trend over the whole window would contradict
 * the time beside it (a disk rising +131 GB/d across its cleanup, full in 9.8 d after it). One request
 * per selector instead of three queries per series; the values come from the engine's fits
 * (src/engine/exhaustionAnswer.ts, which `bellwether tte` calls too), so `seconds` equals what `time_to_exhaustion(...)` answers
 * at that time with the same text, in a panel, an alert rule or the CLI. The inner query is held to
 * limits.maxSeries like any other.
 *
 * `trend=false` leaves out the window's trend test (a CPU profile put it at about a fifth of the cost per series): the home
 * page sorts thousands of series by `seconds` alone, and asks for the trend test of the rows it
 * shows, one series each. Rows with a reset keep theirs (it comes with the time, at no cost).
 *
 * `interval=false` fits no forecast for the series whose trend test alone decides them: no trend
 * toward the limit is significant, so time_to_exhaustion answers +Inf whatever the forecast says
 * (src/ml/tte noTrendBeforeFit). Their `seconds` and `upper` are the same +Inf, and `lower` (the
 * pessimistic crossing, which needs the forecast) is left out. The home page's sort pass asks this
 * way: on a fleet most filesystems have no trend, and the page shows no interval beside "not within
 * 30 d".
 */
import type { EngineEnv } from '../../../src/engine/context';
import { exhaustionAnswers } from '../../../src/engine/exhaustionAnswer';
import { formatValue } from '../../../src/common/promValue';
import type { TimeToExhaustion, TimeToExhaustionVerdict } from '../../../src/ml/tte';
import type { DerivedQuery } from '../query/ast';
import { ApiError } from './apiError';

/** One series' answer; numbers in Prometheus' spelling ("+Inf" when not within the horizon). */
export interface ExhaustionRow {
  metric: Record<string, string>;
  /** Seconds until the forecast reaches the capacity, and the interval's pessimistic and optimistic crossings. */
  seconds: string;
  /** Absent with `interval=false` for a series decided without a forecast (seconds +Inf). */
  lower?: string;
  upper: string;
  /**
   * `trend_slope`/`trend_pvalue` with the same direction: the same test as `gate`, over the same
   * segment, with its p-value two-sided (2 min(p, 1 - p) of gate.pvalue) and its slope (gate.slope);
   * `leak` a significant trend toward the limit at 1 % two-sided (a fall for a series falling to a
   * floor: headroom, free bytes), the home page's "leak" or "filling". Kept for clients that read them;
   * absent with `trend=false`.
   */
  slope?: string;
  pvalue?: string;
  leak?: boolean;
  /**
   * Time to exhaustion's own trend test, the one that decided the verdict (src/ml/tte `gate`): the
   * slope per second that goes with it (within a day's slot across days when `acrossDays`, else Sen's
   * slope over its segment), the one-sided Mann-Kendall p-value toward the limit (across daily cycles
   * when `acrossDays`), the level it must be below, and whether it is. Present whenever there is an
   * answer, with `trend=false` too. A view that prints a trend beside the time prints this one, so "no
   * trend" never stands beside a "leak" from a different test.
   */
  gate?: { slope: string; pvalue: string; alpha: string; acrossDays: boolean; significant: boolean };
  /** True when a reset was found in the window, so the trend covers only the segment since it. */
  sinceReset: boolean;
  /**
   * Epoch seconds of the first value the time was computed on: after the last reset or settled level
   * shift toward the limit, or with `carriedAcross` the start of the tooth before that reset. Absent
   * when too little data gave no answer.
   */
  segmentStart?: string;
  /**
   * Epoch seconds of the reset a young segment carried the fill rate across (src/ml/tte carryRate.ts:
   * the steady tooth before it, moved by the reset's step, was judged with the segment), as `bellwether
   * tte` and the panel report it; absent when none was.
   */
  carriedAcross?: string;
  /**
   * Epoch seconds of the settled level shift toward the limit (a one-off write) the time's segment
   * starts after (src/ml/tte levelShift.ts), as `bellwether tte` reports it; absent when none was.
   */
  levelShiftAt?: string;
  /**
   * Epoch seconds when the next reset is due, when resets recur like clockwork (src/ml/tte
   * recurringResets.ts): a leak restarted before its limit is "not full before the next reset", and the
   * home page's sparkline ends its forecast there. Absent otherwise.
   */
  nextReset?: string;
  /**
   * How many resets `nextReset` rests on: 1 when one restart to its baseline was read as the first of a
   * pattern (src/ml/tte oneRestart.ts), a guess the home page says is one ("if one comes"); absent
   * with `nextReset`.
   */
  resetsSeen?: number;
  /**
   * Seconds until the segment since the last reset alone would reach the limit, when the reset due
   * first (`nextReset`) kept the answer 'no_trend': the crossing the envelope's warning gives ("the
   * segment alone would reach the limit in 2.4 d"), which the home page prints under "not full before
   * the next reset". Absent otherwise.
   */
  segmentAloneSeconds?: string;
  /**
   * The engine's verdict (src/ml/tte): 'exhausted', 'within', 'beyond_horizon' (+Inf, but a trend toward
   * the limit is significant: it is heading there, later) or 'no_trend' (+Inf, no significant trend
   * toward it). `seconds` alone cannot tell the last two apart. Absent when too little data gave no answer.
   */
  verdict?: TimeToExhaustionVerdict;
}

/** The answer's own trend test, in the row's spelling. */
function gateRow(e: Pick<TimeToExhaustion, 'gate'>): NonNullable<ExhaustionRow['gate']> {
  const { slopePerSecond, pValue, alpha, acrossDays, significant } = e.gate;
  return {
    slope: formatValue(slopePerSecond),
    pvalue: formatValue(pValue),
    alpha: formatValue(alpha),
    acrossDays,
    significant,
  };
}

/**
 * Evaluates `q` (a time_to_exhaustion call) at `t` (ms), with the window's trend test unless `withTrend`
 * is false, and every series' interval unless `withInterval` is false.
 */
export async function exhaustionAt(
  q: DerivedQuery,
  t: number,
  env: EngineEnv,
  withTrend = true,
  withInterval = true
): Promise<{ resultType: 'exhaustion'; result: ExhaustionRow[] }> {
  if (q.func !== 'time_to_exhaustion' || q.comparison) {
    throw new ApiError(
      'bad_data',
      'invalid parameter "query": expected time_to_exhaustion(<selector>, <capacity>[, "<options>"]) without a comparison'
    );
  }
  const answers = await exhaustionAnswers(q, t, env, { trend: withTrend, interval: withInterval });
  const result: ExhaustionRow[] = [];
  for (const { labels, exhaustion: e, trend: l } of answers) {
    const row: ExhaustionRow = {
      metric: labels,
      seconds: formatValue(e?.seconds ?? NaN),
      ...(e && !('lower' in e) ? {} : { lower: formatValue(e?.lower ?? NaN) }),
      upper: formatValue(e?.upper ?? NaN),
      // The trend test covers the segment the time was computed on (trend_pvalue with the same direction).
      sinceReset: l?.resets ?? e?.resets === true,
      ...(e ? { verdict: e.verdict, gate: gateRow(e), segmentStart: formatValue(e.segmentStart / 1000) } : {}),
      ...(e?.carriedAcross !== undefined ? { carriedAcross: formatValue(e.carriedAcross / 1000) } : {}),
      ...(e?.levelShiftAt !== undefined ? { levelShiftAt: formatValue(e.levelShiftAt / 1000) } : {}),
      ...(e && 'nextResetAt' in e && e.nextResetAt !== undefined
        ? {
            nextReset: formatValue(e.nextResetAt / 1000),
            ...(e.resetsSeen !== undefined ? { resetsSeen: e.resetsSeen } : {}),
          }
        : {}),
      ...(e && 'segmentAloneSeconds' in e && e.segmentAloneSeconds !== undefined
        ? { segmentAloneSeconds: formatValue(e.segmentAloneSeconds) }
        : {}),
    };
    if (withTrend) {
      row.slope = formatValue(l?.slopePerSecond ?? NaN);
      row.pvalue = formatValue(l?.pValue ?? NaN);
      row.leak = l?.leak ?? false;
    }
    result.push(row);
  }
  return { resultType: 'exhaustion', result };
}
