/** Parsing and formatting of the durations panels use in options and readouts. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/** Milliseconds of a Grafana/Prometheus-style duration such as '90s', '6h', '7d', '1.5d'; NaN if not one. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)\s*$/i.exec(text ?? '');
  return m ? Number(m[1]) * UNIT_MS[m[2].toLowerCase()] : NaN;
}

/**
 * A length given either as a plain whole number of points ('1000') or as a duration ('7d'), turned
 * into points at the sampling step `stepMs`. Returns NaN when `text` is neither.
 */
export function toPoints(text: string | number, stepMs: number): number {
  if (typeof text === 'number') {
    return Number.isFinite(text) ? Math.round(text) : NaN;
  }
  if (/^\s*\d+\s*$/.test(text ?? '')) {
    return Number(text);
  }
  const ms = parseDuration(text);
  return Number.isFinite(ms) && stepMs > 0 ? Math.round(ms / stepMs) : NaN;
}

/** Median positive spacing of ascending-ish timestamps (ms), NaN with fewer than two points. */
export function medianStep(t: Float64Array): number {
  const d: number[] = [];
  for (let i = 1; i < t.length; i++) {
    const s = t[i] - t[i - 1];
    if (s > 0 && Number.isFinite(s)) {
      d.push(s);
    }
  }
  if (d.length === 0) {
    return NaN;
  }
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

/**
 * A short human duration with one decimal (or `decimals`) in the largest fitting unit: 3.2 d, 5.0 h, 12 min, 40 s.
 * Several values (a point and its interval) share the unit of the first, so they read together.
 */
export function formatDurations(msValues: number[], decimals = 1): string[] {
  const ref = Math.abs(msValues[0]);
  const units: Array<[string, number]> = [
    ['y', UNIT_MS.y],
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['min', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ];
  const [name, size] = units.find(([, s]) => ref >= s) ?? units[units.length - 1];
  return msValues.map((ms) =>
    Number.isFinite(ms) ? `${(ms / size).toFixed(ms / size >= 100 ? 0 : decimals)} ${name}` : '∞'
  );
}
