import { PanelSeries } from '../../components/charts/panelSeries';
import { ForecastOptions } from './types';

/** The resolved capacity: a number (or none), the series it came from, or why it could not be found. */
export interface Capacity {
  value?: number;
  /** The capacity series, drawn as a line and not forecast itself. */
  series?: PanelSeries;
  problem?: string;
}

/** A matcher for a display name: '/regex/flags' or a case-insensitive exact name. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  const m = /^\/(.*)\/([a-z]*)$/.exec(pattern.trim());
  if (m) {
    try {
      const re = new RegExp(m[1], m[2]);
      return (name) => re.test(name);
    } catch {
      return () => false;
    }
  }
  const want = pattern.trim().toLowerCase();
  return (name) => name.toLowerCase() === want;
}

function lastFinite(v: Float64Array): number {
  for (let i = v.length - 1; i >= 0; i--) {
    if (Number.isFinite(v[i])) {
      return v[i];
    }
  }
  return NaN;
}

/** Finds the capacity for the options among the panel's series. */
export function resolveCapacity(series: PanelSeries[], o: ForecastOptions): Capacity {
  if (o.capacityMode === 'value') {
    return Number.isFinite(o.capacityValue)
      ? { value: o.capacityValue }
      : { problem: 'Capacity value is not a number.' };
  }
  if (o.capacityMode === 'series') {
    const match = nameMatcher(o.capacitySeries ?? '');
    const s = series.find((x) => match(x.name));
    if (!s) {
      return { problem: `No series matches the capacity series "${o.capacitySeries}".` };
    }
    const value = lastFinite(s.v);
    return Number.isFinite(value)
      ? { value, series: s }
      : { series: s, problem: `The capacity series "${s.name}" has no values.` };
  }
  return {};
}
