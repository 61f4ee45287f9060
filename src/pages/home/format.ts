/**
 * Words and colours of the home page's rows: "full in 12 d (11–13 d)", the alert tier a time to
 * exhaustion falls in (the windows of the shipped rules, provisioning/prometheus/rules/
 * bellwether.rules.yml), and the trend test in one phrase.
 */

/** Window of each shipped disk-full alert tier, in seconds: critical 4 h, warning 2 d, info 30 d. */
export const TIER_WINDOWS = { critical: 4 * 3600, warning: 2 * 86400, info: 30 * 86400 } as const;
export type Tier = keyof typeof TIER_WINDOWS | 'ok' | 'none';

/** The horizon the companion searches (time_to_exhaustion: +Inf beyond 30 days). */
export const HORIZON_S = 30 * 86400;

/** The tier whose window `seconds` falls in: the same comparison the shipped rules make (`< window`). */
export function tierOf(seconds: number): Tier {
  if (Number.isNaN(seconds)) {
    return 'none';
  }
  if (seconds < TIER_WINDOWS.critical) {
    return 'critical';
  }
  if (seconds < TIER_WINDOWS.warning) {
    return 'warning';
  }
  return seconds < TIER_WINDOWS.info ? 'info' : 'ok';
}

/** A span in the largest unit that keeps it readable: 45 min, 5.2 h, 12 d. */
export function span(seconds: number): string {
  if (seconds < 3600) {
    return `${Math.max(0, Math.round(seconds / 60))} min`;
  }
  if (seconds < 2 * 86400) {
    return `${(seconds / 3600).toFixed(seconds < 36000 ? 1 : 0)} h`;
  }
  return `${(seconds / 86400).toFixed(seconds < 100 * 86400 ? 1 : 0)} d`;
}

/** "full now", "full in 12 d (11–13 d)", "not within 30 d" or "no trend" (no answer: too little data). */
export function exhaustionText(seconds: number, lower: number, upper: number): string {
  if (Number.isNaN(seconds)) {
    return 'no trend';
  }
  if (seconds === 0) {
    return 'full now';
  }
  if (!Number.isFinite(seconds)) {
    return 'not within 30 d';
  }
  const lo = Number.isFinite(lower) ? span(lower) : '?';
  const hi = Number.isFinite(upper) ? span(upper) : '> 30 d';
  return `full in ${span(seconds)} (${lo}–${hi})`;
}

/** Bytes per second as a rate per day in SI bytes: "−26 GB/d". */
export function bytesPerDay(slopePerSecond: number): string {
  const perDay = slopePerSecond * 86400;
  const abs = Math.abs(perDay);
  const units: Array<[number, string]> = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ];
  const [div, unit] = units.find(([d]) => abs >= d) ?? [1, 'B'];
  const sign = perDay < 0 ? '−' : '+';
  return `${sign}${(abs / div).toFixed(abs / div < 10 ? 1 : 0)} ${unit}/d`;
}

/** The trend test in one phrase: direction and rate, its p-value, and the leak verdict. */
export function trendText(slope: number, pvalue: number, leak: boolean, unit: 'bytes' | 'none', sinceReset = false): string {
  if (Number.isNaN(slope) || Number.isNaN(pvalue)) {
    return 'no trend test (too little data)';
  }
  const rate = unit === 'bytes' ? bytesPerDay(slope) : bytesPerDay(slope).replace(/B\/d$/, '/d').replace(/ \/d$/, '/d');
  const p = pvalue < 0.001 ? 'p < 0.001' : `p = ${pvalue.toFixed(3)}`;
  const verdict = leak ? 'leak' : pvalue < 0.01 ? (slope < 0 ? 'falling' : 'rising') : 'no significant trend';
  return `${verdict}, ${rate}, ${p}${sinceReset ? ', since the last reset' : ''}`;
}
