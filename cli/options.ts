/**
 * Checks of option values the data commands share. Each returns the value or throws a usage error
 * naming the option and what it got.
 */
import { durationProblem, parseDuration } from '../src/common/duration';
import { type ForecastModel, modelRefusal } from '../src/common/models';
import { quantityOf } from '../src/ml/forecast/bounds';
import { usageError } from './exitCodes';

/** A finite number. */
export function numberOption(name: string, text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) {
    throw usageError(`${name} must be a number, got ${JSON.stringify(text)}`);
  }
  return x;
}

/** A whole number >= `min`. */
export function wholeNumberOption(name: string, text: string, min: number): number {
  const x = numberOption(name, text);
  if (!Number.isInteger(x) || x < min) {
    throw usageError(`${name} must be a whole number >= ${min}, got ${JSON.stringify(text)}`);
  }
  return x;
}

/** `--season`: 'auto', 0 (none) or a period in steps. */
export function seasonOption(text: string): 'auto' | number {
  const x = Number(text);
  if (text === 'auto') {
    return 'auto';
  }
  if (text.trim() === '' || !Number.isInteger(x) || x < 0) {
    throw usageError(`--season must be auto or a whole number >= 0, got ${JSON.stringify(text)}`);
  }
  return x;
}

/** `--interval`: coverage as a fraction (0.95) or a percentage (95). */
export function intervalOption(text: string): number {
  const x = numberOption('--interval', text);
  const level = x > 1 ? x / 100 : x;
  if (!(level > 0 && level < 1)) {
    throw usageError(`--interval must be between 0 and 1 (0.95) or 0 and 100 (95), got ${JSON.stringify(text)}`);
  }
  return level;
}

/**
 * A duration option in Prometheus' grammar (src/common/duration.ts, the one every door uses): ms, or
 * a usage error naming the option ("--step: 30 is not a duration; write 30s").
 */
export function durationOption(name: string, text: string): number {
  const problem = durationProblem(text);
  if (problem !== undefined) {
    throw usageError(`${name}: ${problem}`);
  }
  return parseDuration(text)!;
}

/** `--step`: a positive duration, in ms. */
export function stepOption(text: string): number {
  const ms = durationOption('--step', text);
  if (!(ms > 0)) {
    throw usageError(`--step must be a positive duration such as 30s, 5m or 1h, got ${JSON.stringify(text)}`);
  }
  return ms;
}

/** `--train`: a positive duration, in ms. */
export function trainOption(text: string): number {
  const ms = durationOption('--train', text);
  if (!(ms > 0)) {
    throw usageError(`--train must be a positive duration such as 12h or 3d, got ${JSON.stringify(text)}`);
  }
  return ms;
}

/** `--train` of forecast and tte: a positive duration (ms), or `all` for the whole series. */
export function trainOrAllOption(text: string): number | 'all' {
  return text === 'all' ? 'all' : trainOption(text);
}

/** `--refit`: a positive duration, in ms. */
export function refitOption(text: string): number {
  const ms = durationOption('--refit', text);
  if (!(ms > 0)) {
    throw usageError(`--refit must be a positive duration such as 1h or 30m, got ${JSON.stringify(text)}`);
  }
  return ms;
}

/** `--model` among the forecasters. */
export function forecastModelOption(text: string | undefined): ForecastModel {
  const model = (text ?? 'auto') as ForecastModel;
  const refusal = modelRefusal('forecast', model, 'cli');
  if (refusal) {
    throw usageError(refusal);
  }
  return model;
}

/** The flags of `forecast` that say what the series is, as the companion reads it from a query. */
export const SERIES_IDENTITY_FLAGS = { metric: 'value', unit: 'value' } as const;

export const SERIES_IDENTITY_HELP = `  --metric NAME        the series' metric name, as in the companion's selector: its physical
                       bounds follow it (a ratio in [0, 1] for instance:node_cpu_utilisation:rate5m
                       or a name ending in _ratio or :ratio, at most 100 for one ending in _percent)
  --unit U             percentunit or ratio (a ratio in [0, 1]) or percent (at most 100), as a
                       panel's field unit, when the name does not say it`;

/** The units whose ceiling the engine reads (src/ml/forecast/bounds.ts); any other would change nothing. */
const CEILING_UNITS = ['percentunit', 'ratio', 'percent'];

const QUANTITY_WORDS = { ratio: 'a ratio (at most 1)', percent: 'a percentage (at most 100)' };

/**
 * `--metric` and `--unit`: what the engine infers a forecast's physical bounds from besides the values
 * (src/ml/forecast/bounds.ts physicalBounds), which a file does not carry. The companion reads the name
 * from its selector, the panel from the series' `__name__` and its field unit; with them the CLI gives
 * the same capped answer. A unit that sets no ceiling (a typo would silently change nothing) and a
 * unit that says another quantity than the name (the engine would take the ratio) are usage errors.
 */
export function seriesIdentityOptions(values: Record<string, string | undefined>): { metric?: string; unit?: string } {
  const { metric, unit } = values;
  if (metric !== undefined && !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric)) {
    throw usageError(
      `--metric must be a Prometheus metric name such as instance:node_cpu_utilisation:rate5m, got ${JSON.stringify(metric)}`
    );
  }
  if (unit !== undefined && !CEILING_UNITS.includes(unit.toLowerCase())) {
    throw usageError(
      `--unit must be one of ${CEILING_UNITS.join(', ')} (the units that set a ceiling), got ${JSON.stringify(unit)}`
    );
  }
  const byName = metric === undefined ? undefined : quantityOf({ name: metric });
  const byUnit = unit === undefined ? undefined : quantityOf({ unit });
  if (byName && byUnit && byName !== byUnit) {
    throw usageError(
      `--unit ${unit} says ${QUANTITY_WORDS[byUnit]} but --metric ${metric} names ${QUANTITY_WORDS[byName]}; give one of them`
    );
  }
  return { ...(metric === undefined ? {} : { metric }), ...(unit === undefined ? {} : { unit }) };
}
