import type { PositionRange } from './parseError';
import type { FunctionName } from './signatures';

/** Parsed option string. Durations are in milliseconds. */
export interface QueryOptions {
  model?: string;
  sensitivity?: number;
  train?: number;
  step?: number;
  /** Season length in ms, or 'auto' / 'none'. */
  season?: number | 'auto' | 'none';
  level?: number;
  refit?: number;
  direction?: 'up' | 'down';
}

/** Comparison operators allowed after our call, as in PromQL. */
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** `anomaly_score(...) > 0.9`: filter (or, with `bool`, 0/1) against a scalar. */
export interface Comparison {
  op: ComparisonOp;
  bool: boolean;
  value: number;
  position: PositionRange;
}

/** A query whose outermost call is one of ours. */
export interface DerivedQuery {
  kind: 'derived';
  func: FunctionName;
  /** The inner PromQL, exactly as written (trimmed), sent to the upstream unchanged. */
  inner: string;
  innerPosition: PositionRange;
  /** Forecast horizon in ms (forecast*). */
  horizon?: number;
  /** Capacity (time_to_exhaustion). */
  capacity?: number;
  options: QueryOptions;
  comparison?: Comparison;
  position: PositionRange;
}

/** Any other query: plain PromQL for the upstream. */
export interface PassthroughQuery {
  kind: 'passthrough';
  query: string;
}

/** Result of parsing a query string. */
export type ParsedQuery = DerivedQuery | PassthroughQuery;
