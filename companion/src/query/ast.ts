import type { FunctionCall, FunctionOptions } from '../../../src/engine/query';
import type { PositionRange } from '../../../src/engine/promql/parseError';

/** Parsed option string (the engine's function options). Durations are in milliseconds. */
export type QueryOptions = FunctionOptions;

/** Comparison operators allowed after our call, as in PromQL. */
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** `anomaly_score(...) > 0.9`: filter (or, with `bool`, 0/1) against a scalar. */
export interface Comparison {
  op: ComparisonOp;
  bool: boolean;
  value: number;
  position: PositionRange;
}

/** A query whose outermost call is one of ours: an engine function call, with positions. */
export interface DerivedQuery extends FunctionCall {
  kind: 'derived';
  /** The inner PromQL, exactly as written (trimmed), sent to the upstream unchanged. */
  inner: string;
  innerPosition: PositionRange;
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
