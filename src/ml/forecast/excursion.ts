/**
 * A trailing excursion, judged as anomaly detection judges it (issue 12, docs/anomaly-detection.md):
 * while a point is anomalous the detector's models learn their expected value, and a level shift
 * becomes the new normal only after `adaptAfter`. forecast() follows the same rule: when the last
 * points are anomalies on one side of the detector's band and began less than `adaptAfter` ago, the
 * models fit the detector's expected values in their place, so a three-minute latency spike is not
 * carried a week ahead; the band is widened to hold the last value (the excursion may yet be the new
 * level), and a warning counts the points. Once the excursion has lasted `adaptAfter` the detector
 * accepts it and the forecast carries it.
 *
 * The test is the default ensemble detector (src/ml/detect), run over the last {@link DETECT_POINTS}
 * grid points; a series too short for its warm-up gets no test (the forecast fits every point, as
 * before). Time to exhaustion and the trend test never use this: a stock's jump (a bulk write) is real.
 */
import { formatSpan } from '../../common/duration';
import { detect } from '../detect/detect';
import { DEFAULT_ADAPT_AFTER_MS } from '../detect/types';

/** Grid points the detector judges (the tail of the window): bounds its cost (about 0.1 s). */
export const DETECT_POINTS = 2000;

/** The trailing excursion of a series. */
export interface Excursion {
  /** Grid index of its first point. */
  start: number;
  /** Its points (grid slots from `start` to the end). */
  count: number;
  direction: 'above' | 'below';
  /** The detector's expected value at each of its points. */
  expected: Float64Array;
  /** Time (ms) from its first point to the last. */
  spanMs: number;
}

/**
 * The trailing excursion of grid series (t, v) (NaN = missing), or undefined: the last points, up
 * to the last one, that the detector flags on the same side of its band, begun less than
 * `adaptAfter` ms before the last point. `adaptAfter` 0 turns the test off.
 */
export function trailingExcursion(
  t: Float64Array,
  v: Float64Array,
  adaptAfter = DEFAULT_ADAPT_AFTER_MS
): Excursion | undefined {
  const n = v.length;
  if (!(adaptAfter > 0) || n === 0 || !Number.isFinite(v[n - 1])) {
    return undefined;
  }
  const from = Math.max(0, n - DETECT_POINTS);
  let res;
  try {
    res = detect({ t: t.subarray(from), v: v.subarray(from) }, { adaptAfter });
  } catch {
    return undefined; // too short for the detector's warm-up: nothing is judged anomalous
  }
  if (res.t.length !== n - from) {
    return undefined; // the grid is regular, so this does not happen; refuse rather than misalign
  }
  const side = (i: number): 'above' | 'below' | undefined =>
    !res.isAnomaly[i]
      ? undefined
      : v[from + i] > res.upper[i]
        ? 'above'
        : v[from + i] < res.lower[i]
          ? 'below'
          : undefined;
  const last = n - from - 1;
  const direction = side(last);
  if (!direction) {
    return undefined;
  }
  let i = last;
  while (i > 0 && side(i - 1) === direction) {
    i--;
  }
  const spanMs = t[n - 1] - t[from + i];
  if (spanMs >= adaptAfter || i === 0) {
    // Accepted as the new level, or the whole judged tail is the excursion (nothing before it to return to).
    return undefined;
  }
  return { start: from + i, count: last - i + 1, direction, expected: res.expected.slice(i), spanMs };
}

/** `v` with the excursion's points replaced by the detector's expected values. */
export function withoutExcursion(v: Float64Array, e: Excursion): Float64Array {
  const out = v.slice();
  out.set(e.expected, e.start);
  return out;
}

/**
 * The warning, short enough for the forecast panel's one-line note (about 100 characters):
 * "last 3 samples (3 min) above the anomaly band, carried after 1 h: forecast from 0.266, band to
 * 2.88" (the excursion is carried once it lasts adaptAfter; until then the forecast starts from the
 * detector's expected level and the band holds the last value).
 */
export function excursionWarning(
  e: Excursion,
  expectedLevel: number,
  lastValue: number,
  stepMs: number,
  adaptAfter: number
): string {
  const samples = e.count === 1 ? 'last sample' : `last ${e.count} samples`;
  return (
    `${samples} (${formatSpan(e.spanMs + stepMs)}) ${e.direction} the anomaly band, carried after ` +
    `${formatSpan(adaptAfter)}: forecast from ${short(expectedLevel)}, band to ${short(lastValue)}`
  );
}

/** Three significant digits: a warning's figure, not the value. */
function short(x: number): string {
  return String(Number(x.toPrecision(3)));
}
