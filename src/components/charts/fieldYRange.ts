/**
 * A chart's y range with the field config's Min and Max standard options applied, as Grafana's time
 * series panel treats them: a set bound replaces the computed end. A pair that would be empty
 * (min >= max) is ignored, so a wrong setting never leaves a blank chart.
 *
 * @example fieldYRange([3, 97], { min: 0, max: 100 }) // [0, 100]
 */
export function fieldYRange(range: [number, number], bounds?: { min?: number; max?: number }): [number, number] {
  const lo = bounds?.min ?? range[0];
  const hi = bounds?.max ?? range[1];
  return lo < hi ? [lo, hi] : range;
}
