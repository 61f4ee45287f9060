/**
 * Checks of recording rules beyond their types, run at load time so a bad rule stops the start with
 * one line naming the rule and its key instead of a stack trace from the rule evaluator: the
 * expression is plain PromQL our parser can wrap, each option is one a recorded function accepts,
 * and every derived query the rule records parses (the same parser as the API, with its message).
 */
import { parseQuery } from '../query/parser';
import { QueryParseError } from '../../../src/engine/promql/parseError';
import { SIGNATURES } from '../query/signatures';
import { ruleOutputs } from '../recording/ruleEvaluator';
import type { RecordingRule } from './config';
import type { Problem } from './schema';

/** How the rule checks wrap the expression to see that it is one argument. */
const PROBE = 'anomaly_score(';

/** Problems of one rule whose fields have the right types; `at` is its key path, e.g. rules.series[0]. */
export function ruleProblems(rule: RecordingRule, at: string, stepMs: number): Problem[] {
  const exprAt = `${at}.expr`;
  const ofRule = `(rule ${rule.name})`;
  const exprProblem = (err: QueryParseError): Problem[] => [
    { path: exprAt, text: `${exprAt} ${ofRule}: ${err.message}` },
  ];
  try {
    if (parseQuery(rule.expr).kind !== 'passthrough') {
      return [
        { path: exprAt, text: `${exprAt} ${ofRule} must be plain PromQL; the record list chooses our functions` },
      ];
    }
  } catch (err) {
    return exprProblem(asParseError(err));
  }
  try {
    parseQuery(`${PROBE}${rule.expr})`);
  } catch (err) {
    return exprProblem(inExpression(asParseError(err), rule.expr));
  }
  const problems: Problem[] = [];
  if (rule.record.includes('forecast') && rule.horizon === undefined) {
    problems.push({
      path: `${at}.horizon`,
      text: `${at}.horizon ${ofRule} is required when forecast is recorded, e.g. 1d`,
    });
  }
  if (rule.record.includes('time_to_exhaustion') && rule.capacity === undefined) {
    problems.push({
      path: `${at}.capacity`,
      text: `${at}.capacity ${ofRule} is required when time_to_exhaustion is recorded (0 for a value falling to zero)`,
    });
  }
  if (problems.length > 0) {
    return problems;
  }
  const optionsAt = `${at}.options`;
  const functions = ruleOutputs({ ...rule, options: undefined }, stepMs).map((o) => o.query.func);
  const allowed = [...new Set(functions.flatMap((f) => SIGNATURES[f].options as string[]))];
  for (const token of (rule.options ?? '').split(/\s+/).filter(Boolean)) {
    const key = token.split('=')[0];
    if (!allowed.includes(key)) {
      return [
        {
          path: optionsAt,
          text: `${optionsAt} ${ofRule}: unknown option "${key}" for record [${rule.record.join(', ')}]; allowed: ${allowed.join(', ')}`,
        },
      ];
    }
  }
  try {
    ruleOutputs(rule, stepMs);
  } catch (err) {
    return [{ path: optionsAt, text: `${optionsAt} ${ofRule}: ${asParseError(err).detail}` }];
  }
  return [];
}

function asParseError(err: unknown): QueryParseError {
  if (err instanceof QueryParseError) {
    return err;
  }
  throw err;
}

/** The probe's error, positioned in the expression as the user wrote it (1:1 is its first character). */
function inExpression(err: QueryParseError, expr: string): QueryParseError {
  const clamp = (n: number) => Math.min(Math.max(n - PROBE.length, 0), expr.length);
  return new QueryParseError(err.detail, { start: clamp(err.position.start), end: clamp(err.position.end) }, expr);
}
