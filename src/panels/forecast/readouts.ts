/**
 * The text readouts of the forecast panel: time to exhaustion, the trend test, each series' readout
 * line, and the tooltip's value at a time.
 */
import { formatSpan, formatSpanInterval, formatSpans } from '../../common/duration';
import { formatValue, ValueFormatSource } from '../../components/charts/chartTheme';
import { formatRate, gateP, ratePerDay } from '../../components/charts/trendText';
import { formatP } from '../../common/pValue';
import { type ExhaustionTier, exhaustionTier, tierWindowsOf } from '../../common/exhaustionTiers';
import { growthVerdict, resourceKind } from '../../common/growthVerdict';
import { forecastModelText } from '../../common/models';
import { PanelSeries } from '../../components/charts/panelSeries';
import type { LeakResult } from '../../ml/trend';
import type { TimeToExhaustion } from '../../ml/tte';
import type { ForecastResult } from '../../ml/types';
import { ForecastOptions } from './types';
import { horizonFor, SeriesForecast } from './useForecasts';
import { DENIED_CROSSING_CODE } from './engineCalls';

/** Colour class of a readout: the home page's tiers (common/exhaustionTiers.ts), windows from the options. */
export type Severity = ExhaustionTier;

export interface TteReadout {
  text: string;
  severity: Severity;
}

/**
 * "full in 3.2 d (2.5–4.1 d)" for a crossing inside the horizon (formatSpanInterval, as the home page);
 * "full now" when the limit is already reached; "not full within 7 d" when even the interval stays
 * clear; with "(possible in 5.1 d)" when only the pessimistic edge crosses. 'down' says "exhausted"
 * instead of "full".
 */
export function tteReadout(
  r: TimeToExhaustion,
  direction: 'up' | 'down',
  horizonMs: number,
  critical: string,
  warning: string
): TteReadout {
  const word = direction === 'up' ? 'full' : 'exhausted';
  // The shipped alert tiers' windows unless the options set others (their problems are the panel's
  // notes, messages.ts); within 30 d 'info', as the home page.
  const { windows } = tierWindowsOf(critical, warning);
  const severityOf = (ms: number): Severity => exhaustionTier(ms / 1000, windows);
  if (r.alreadyExceeded) {
    return { text: `${word} now`, severity: 'critical' };
  }
  if (Number.isFinite(r.seconds)) {
    const text = `${word} in ${formatSpanInterval(r.seconds * 1000, r.lower * 1000, r.upper * 1000)}`;
    return { text, severity: severityOf(r.seconds * 1000) };
  }
  // The horizon the engine searched (the panel's horizon only draws the forecast).
  const h = formatSpan(r.horizonSeconds > 0 ? r.horizonSeconds * 1000 : horizonMs);
  if (r.verdict === 'no_trend' && r.gate?.significant && !Number.isFinite(r.lower)) {
    // A significant trend toward the limit, but resets recur like clockwork and each tooth stays clear
    // of it: "no trend toward the limit" would contradict the p < 0.001 printed beside it. Without
    // recurring resets it is a growth under a daily cycle that the across-days gate calls significant
    // and the plain test does not (src/ml/tte's last 'no_trend'): no reset comes first.
    // One reset seen (src/ml/tte oneRestart.ts): a guess that it recurs, not a spacing measured.
    return r.resetPeriodSeconds
      ? {
          text:
            r.resetsSeen === 1
              ? `not ${word} before the next reset, if one comes (one seen)`
              : `not ${word} before the next reset (resets recur every ${formatSpan(r.resetPeriodSeconds * 1000)})`,
          severity: 'ok',
        }
      : { text: `not ${word} within ${h}`, severity: 'ok' };
  }
  if (r.verdict === 'no_trend' && !Number.isFinite(r.lower)) {
    return { text: `not ${word} within ${h}: no trend toward the limit`, severity: 'ok' };
  }
  if (Number.isFinite(r.lower)) {
    const [lo] = formatSpans([r.lower * 1000]);
    // Only the pessimistic edge of the interval reaches the limit: a warning at most.
    const s = severityOf(r.lower * 1000);
    return { text: `not ${word} within ${h} (possible in ${lo})`, severity: s === 'critical' ? 'warning' : s };
  }
  return { text: `not ${word} within ${h}`, severity: 'ok' };
}

/**
 * "+1.2 GiB/day, p < 0.001" from Sen's slope and the Mann-Kendall p-value; per hour when the series
 * spans less than two days (a per-day figure would extrapolate beyond the data).
 */
export function trendReadout(
  r: LeakResult,
  format: string | ValueFormatSource | undefined,
  spanMs: number
): { text: string; leak: boolean; perDay: boolean } {
  const perDay = ratePerDay(spanMs);
  return {
    text: `${formatRate(r.slopePerSecond, format, perDay)}, ${formatP(r.pValue)}`,
    leak: r.leak,
    perDay,
  };
}

/**
 * Beside a time to exhaustion: its own trend test (src/ml/tte `gate`), the one that declares a fill,
 * with the slope that goes with it (`gate.slopePerSecond`: across daily cycles when the test was; the
 * home page's and the exhaustion endpoint's `gate.slope`), signed as the series drawn moves:
 * "+1.2 MB/day, p = 0.011 (one-sided at 0.5 %, across daily cycles)"; a leak
 * when the gate is significant and a fill was not ruled out by resets that recur clear of the limit
 * (verdict 'no_trend').
 */
export function gateReadout(
  r: Pick<TimeToExhaustion, 'gate' | 'verdict'>,
  format: string | ValueFormatSource | undefined,
  spanMs: number
): { text: string; leak: boolean; perDay: boolean } {
  const perDay = ratePerDay(spanMs);
  return {
    text: `${formatRate(r.gate.slopePerSecond, format, perDay)}, ${gateP(r.gate)}`,
    leak: r.gate.significant && r.verdict !== 'no_trend',
    perDay,
  };
}

/** Everything the readout line of one series says; a part that failed is an error instead. */
export interface SeriesReadout {
  /** Time to exhaustion ("full in 3.2 d (2.5–4.1 d)"), when a capacity is known. */
  tte?: string;
  tteSeconds?: number;
  severity?: Severity;
  /** Trend test ("+1.2 GiB/day, p < 0.001"), when asked for. */
  trend?: string;
  /** The trend test calls the rise toward the limit significant: a leak, or for a filesystem "filling". */
  leak: boolean;
  /** What the badge says when `leak`: "leak suspected", or "filling" for a filesystem. */
  leakLabel?: string;
  /** What the band is, in the legend beside the forecast's key: "95 % interval". */
  interval?: string;
  /**
   * The model behind the forecast in plain words (common/models.ts forecastModelText): "seasonal +
   * line, chosen automatically", for the tooltip and the legend key's hover, never the model's id.
   */
  model?: string;
  /** One line per failed part: "forecast: …", "time to exhaustion: …", "trend: …". */
  errors: string[];
  /**
   * What the line says that is no failure: "forecast not drawn: …" when time to exhaustion withheld
   * the line (engineCalls.ts deniedCrossing). Absent when there is none.
   */
  notes?: string[];
}

/** The readout line of one series from its forecast, time to exhaustion and trend test. */
export function seriesReadout(series: PanelSeries, r: SeriesForecast, o: ForecastOptions): SeriesReadout {
  const out: SeriesReadout = { leak: false, errors: [] };
  if (r.forecast.ok) {
    out.interval = `${Math.round(r.forecast.value.level * 100)} % interval`;
    out.model = forecastModelText(r.forecast.value.model, o.model);
  } else if (r.forecast.code === DENIED_CROSSING_CODE) {
    // An answer, not a failure: the line would show a crossing time to exhaustion's verdict denies.
    out.notes = [`forecast ${r.forecast.message}`];
  } else {
    out.errors.push(`forecast: ${r.forecast.message}`);
  }
  const h = horizonFor(series, o.horizon);
  if (r.tte?.ok) {
    const readout = tteReadout(r.tte.value, o.direction, 'ms' in h ? h.ms : NaN, o.critical, o.warning);
    out.tte = readout.text;
    out.severity = readout.severity;
    out.tteSeconds = r.tte.value.seconds;
  } else if (r.tte && !r.tte.ok) {
    out.errors.push(`time to exhaustion: ${r.tte.message}`);
  }
  const span = series.t[series.t.length - 1] - series.t[0];
  // Beside a time to exhaustion, its own trend test, slope and p-value (the home page's and the
  // companion's `gate`), so "no trend toward the limit" never stands beside a "leak suspected" from a
  // different test, and the home page and the panel print one figure for one series.
  const t = r.tte?.ok
    ? gateReadout(r.tte.value, series, span)
    : r.trend?.ok
      ? trendReadout(r.trend.value, series, span)
      : undefined;
  if (t) {
    out.trend = t.text;
    out.leak = t.leak;
    if (t.leak) {
      out.leakLabel =
        growthVerdict(resourceKind({ labels: series.labels })) === 'filling' ? 'filling' : 'leak suspected';
    }
  } else if (r.trend && !r.trend.ok) {
    out.errors.push(`trend: ${r.trend.message}`);
  }
  return out;
}

/** A column's number at the cursor, if it has one there. */
type At = number | null | undefined;

/**
 * The tooltip's value of one series at a time: the observed value; past the last sample the
 * forecast with its interval ("forecast 12 GB (10 GB – 14 GB)"); else "–".
 */
export function pointReadout(value: At, yhat: At, lower: At, upper: At, unit?: string | ValueFormatSource): string {
  if (typeof value === 'number') {
    return formatValue(value, unit);
  }
  if (typeof yhat === 'number') {
    return `forecast ${formatValue(yhat, unit)} (${formatValue(lower as number, unit)} – ${formatValue(upper as number, unit)})`;
  }
  return '–';
}

/** Below this many CSS pixels at its widest a band cannot be seen beside its 1.5 px line. */
export const THIN_BAND_PX = 2;

/**
 * The interval's legend text when its band is too thin to see over the drawn forecast (at its widest
 * under {@link THIN_BAND_PX} on a plot of `pixelsPerUnit`): the widest distance of an edge from the
 * forecast, from the data, "95 % interval ±2.18 GB, too narrow to see at this scale" (the demo disk), so a missing
 * band does not read as no interval; a zero-width one (a constant series) says so. Undefined when the band shows, or has no finite width.
 *
 * @example thinBandText({ yhat, lower, upper, level: 0.95 }, 3e-9, 'decbytes') // e.g. '95 % interval ±2.18 GB, too narrow to see at this scale'
 */
export function thinBandText(
  f: Pick<ForecastResult, 'yhat' | 'lower' | 'upper' | 'level'>,
  pixelsPerUnit: number,
  unit?: string | ValueFormatSource
): string | undefined {
  let widest = -Infinity;
  let half = 0;
  for (let i = 0; i < f.yhat.length; i++) {
    const width = f.upper[i] - f.lower[i];
    if (Number.isFinite(width) && width > widest) {
      widest = width;
    }
    const edge = Math.max(f.upper[i] - f.yhat[i], f.yhat[i] - f.lower[i]);
    if (Number.isFinite(edge) && edge > half) {
      half = edge;
    }
  }
  if (!Number.isFinite(widest) || !(pixelsPerUnit > 0) || widest * pixelsPerUnit >= THIN_BAND_PX) {
    return undefined;
  }
  if (widest <= 0) {
    return `${Math.round(f.level * 100)} % interval of zero width`;
  }
  return `${Math.round(f.level * 100)} % interval ±${formatValue(half, unit)}, too narrow to see at this scale`;
}
