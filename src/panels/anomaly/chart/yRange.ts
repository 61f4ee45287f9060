import { DrawnSeries, analysed } from './columns';

/**
 * The main chart's fixed y range (every layer must use the same): the values' range (with the
 * flagged rows' peaks), which a drawn
 * band may widen by at most a quarter of the values' spread on each side, so a wide band while a model
 * warms up does not flatten the series; plus 5 % of the spread as margin. [0, 1] without any value.
 *
 * @example anomalyYRange(values 0..10, band -100..12, showBand) // [-3, 12.5]: the band widens down by 2.5, up by 2
 */
export function anomalyYRange(drawn: DrawnSeries[], showBand: boolean): [number, number] {
  let vMin = Infinity;
  let vMax = -Infinity;
  let bMin = Infinity;
  let bMax = -Infinity;
  for (const d of drawn) {
    const v = d.series.v;
    for (let i = 0; i < v.length; i++) {
      if (v[i] < vMin) {
        vMin = v[i];
      }
      if (v[i] > vMax) {
        vMax = v[i];
      }
    }
    const ok = analysed(d.outcome);
    // A flagged row's mark at the fine point that scored (flagMark.ts) is a value drawn too: a spike
    // inside a step may pass every sample the data source returned.
    const peak = ok?.peak;
    for (let i = 0; peak && i < peak.v.length; i++) {
      if (ok!.isAnomaly[i] && Number.isFinite(peak.v[i])) {
        vMin = Math.min(vMin, peak.v[i]);
        vMax = Math.max(vMax, peak.v[i]);
      }
    }
    if (showBand && ok?.lower && ok.upper) {
      for (let i = 0; i < ok.lower.length; i++) {
        if (ok.lower[i] < bMin) {
          bMin = ok.lower[i];
        }
        if (ok.upper[i] > bMax) {
          bMax = ok.upper[i];
        }
      }
    }
  }
  if (!Number.isFinite(vMin)) {
    return [0, 1];
  }
  const spread = vMax - vMin || Math.abs(vMax) || 1;
  const lo = Math.max(Math.min(vMin, bMin), vMin - spread / 4);
  const hi = Math.min(Math.max(vMax, bMax), vMax + spread / 4);
  // Nothing drawn below 0 (a latency, its band held at 0 s by the engine): the margin stops at 0, as
  // Grafana's time series panel does, so no axis, band or region shading reaches under 0 s.
  const bottom = lo - spread * 0.05;
  return [lo >= 0 ? Math.max(0, bottom) : bottom, hi + spread * 0.05];
}
