/**
 * The warning when a forecast's band was held within a multiple of its training window's range
 * (src/ml/forecast/bandLimit.ts): how many of the values a door returns were held, per bound, in the
 * same words behind every door. The companion and the data source count the values of
 * `forecast_lower` / `forecast_upper` the query returns (windowedFits.ts noteFitWarnings); the panel
 * and the CLI the steps of the path they show (bandHeldPathWarnings).
 */
import type { BandHeld, ForecastResult } from '../ml/types';
import { formatCount } from './warnings';

/** The function whose values a bound is: what the warning names. */
const BOUND_FUNCS = { lower: 'forecast_lower', upper: 'forecast_upper' } as const;

/**
 * "forecast_upper: 3 of 168 values held within 0.75 x the training window's range of the forecast, …";
 * `ranges`: the factors of the held values (more than one when fits chose models held differently).
 */
export function bandHeldWarning(func: string, count: number, of: number, ranges: number[]): string {
  const factors = [...ranges].sort((a, b) => a - b).join(' or ');
  return (
    `${func}: ${formatCount(count)} of ${formatCount(of)} values held within ${factors} x the training window's ` +
    `range of the forecast, where the model's band was wider (docs/forecasting.md, "Long horizons")`
  );
}

/**
 * The warnings for the steps of forecast `r` at times `keep` accepts (the path a door shows): one per
 * bound with a held step, its count over the steps kept. [] when none was held.
 */
export function bandHeldPathWarnings(
  r: { t: Float64Array; bandHeld?: BandHeld },
  keep: (t: number) => boolean
): string[] {
  const held = r.bandHeld;
  if (!held) {
    return [];
  }
  const out: string[] = [];
  for (const bound of ['lower', 'upper'] as const) {
    let count = 0;
    let of = 0;
    r.t.forEach((t, k) => {
      if (keep(t)) {
        of++;
        count += held[bound][k] ?? 0;
      }
    });
    if (count > 0) {
      out.push(bandHeldWarning(BOUND_FUNCS[bound], count, of, [held.ranges]));
    }
  }
  return out;
}

/** `r` with its band-held marks on the steps `keep` accepts (those it keeps of `r.t`), for a sliced path. */
export function keptBandHeld(r: ForecastResult, keep: number[]): BandHeld | undefined {
  const held = r.bandHeld;
  return held
    ? {
        lower: Uint8Array.from(keep, (i) => held.lower[i]),
        upper: Uint8Array.from(keep, (i) => held.upper[i]),
        ranges: held.ranges,
      }
    : undefined;
}
