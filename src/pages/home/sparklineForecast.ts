/**
 * Where a row's sparkline draws its forecast line, so the picture says what the time cell says:
 * - a time to exhaustion: a line to the capacity at that time;
 * - resets that recur before the limit ("not full before the next reset"): the line ends at the next
 *   reset (Sen's slope from the last value), where the series restarts;
 * - any other answer without a crossing ("not within 30 d", "no trend"): Sen's line to the frame's end.
 * A line without a crossing that would still reach the capacity before its end is not drawn: it would
 * show a crossing the verdict denies (the engine's `pathCut` does the same for the panel).
 */

export interface ForecastLineInput {
  /** Last value of the history (epoch seconds, value). */
  lastT: number;
  lastV: number;
  capacity: number;
  direction: 'up' | 'down';
  /** Time to exhaustion in seconds (+Inf or NaN: no crossing declared). */
  seconds: number;
  /** Sen's slope per second. */
  slope: number;
  /** The frame's right edge (epoch seconds). */
  frameEnd: number;
  /** Epoch seconds when the next recurring reset is due, if resets recur. */
  nextReset?: number;
}

/** The line's end, and whether it ends at the next reset; undefined: draw no forecast line. */
export interface ForecastLineEnd {
  t: number;
  v: number;
  atReset: boolean;
}

export function forecastLineEnd(a: ForecastLineInput): ForecastLineEnd | undefined {
  if (Number.isFinite(a.seconds)) {
    return { t: a.lastT + a.seconds, v: a.capacity, atReset: false };
  }
  const resetFirst = a.nextReset !== undefined && a.nextReset > a.lastT && a.nextReset < a.frameEnd;
  const t = resetFirst ? a.nextReset! : a.frameEnd;
  const v = a.lastV + (Number.isFinite(a.slope) ? a.slope : 0) * (t - a.lastT);
  const reaches = a.direction === 'up' ? v >= a.capacity : v <= a.capacity;
  return reaches ? undefined : { t, v, atReset: resetFirst };
}
