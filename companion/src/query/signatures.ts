/**
 * The parser's signature table: our wrapper functions, their positional arguments after the inner
 * PromQL, and the option keys each accepts. The engine's function table (src/engine/functions.ts)
 * holds the implementations; a test keeps the two in step (same names), as Prometheus does.
 */
import type { FunctionName } from '../../../src/engine/query';

export type { FunctionName };

/** Kinds of positional argument after the inner expression. */
export type ArgKind = 'duration' | 'number';

/** Option keys of the trailing option string (`"model=ensemble sensitivity=0.5 train=14d"`). */
export type OptionKey =
  | 'model'
  | 'sensitivity'
  | 'train'
  | 'step'
  | 'season'
  | 'level'
  | 'refit'
  | 'direction'
  | 'adapt_after'
  | 'resolution'
  | 'min'
  | 'max'
  | 'bounds'
  | 'min_abs'
  | 'min_rel'
  | 'valid_min'
  | 'valid_max'
  | 'explain'
  | 'min_rate'
  | 'by'
  | 'algorithm'
  | 'window';

/** One function's signature. */
export interface FunctionSignature {
  /** Positional arguments after the inner PromQL, with names for error messages. */
  args: Array<{ name: string; kind: ArgKind }>;
  /** Option keys allowed in the trailing string. */
  options: OptionKey[];
  /** Whether a PromQL gate series (for min_rate=) may follow the option string. */
  gate?: boolean;
}

const DETECT_OPTIONS: OptionKey[] = [
  'model',
  'sensitivity',
  'train',
  'step',
  'season',
  'adapt_after',
  'resolution',
  'direction',
  'min_abs',
  'min_rel',
  'valid_min',
  'valid_max',
  'min_rate',
  'bounds',
];
const FORECAST_OPTIONS: OptionKey[] = ['model', 'train', 'step', 'season', 'level', 'refit', 'min', 'max', 'bounds'];
const TREND_OPTIONS: OptionKey[] = ['train', 'step', 'refit', 'direction'];
const OUTLIER_OPTIONS: OptionKey[] = ['by', 'algorithm', 'sensitivity', 'window', 'train', 'step'];

/** Every wrapper function the companion evaluates itself. */
export const SIGNATURES = {
  anomaly_score: { args: [], options: [...DETECT_OPTIONS, 'explain'], gate: true },
  anomaly_upper: { args: [], options: DETECT_OPTIONS, gate: true },
  anomaly_lower: { args: [], options: DETECT_OPTIONS, gate: true },
  forecast: { args: [{ name: 'horizon', kind: 'duration' }], options: FORECAST_OPTIONS },
  forecast_upper: { args: [{ name: 'horizon', kind: 'duration' }], options: FORECAST_OPTIONS },
  forecast_lower: { args: [{ name: 'horizon', kind: 'duration' }], options: FORECAST_OPTIONS },
  time_to_exhaustion: {
    args: [{ name: 'capacity', kind: 'number' }],
    options: ['model', 'train', 'step', 'season', 'refit', 'direction', 'level'],
  },
  trend_slope: { args: [], options: TREND_OPTIONS },
  trend_pvalue: { args: [], options: TREND_OPTIONS },
  outliers: { args: [], options: OUTLIER_OPTIONS },
  outliers_upper: { args: [], options: OUTLIER_OPTIONS },
  outliers_lower: { args: [], options: OUTLIER_OPTIONS },
} satisfies Record<FunctionName, FunctionSignature>;

/** Whether `name` is one of our wrapper functions. */
export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(SIGNATURES, name);
}
