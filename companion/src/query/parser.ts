/**
 * Parser of the companion's outer syntax:
 *
 *   <func>(<inner PromQL> [, <positional arg>] [, "<options>" [, <gate PromQL>]]) [<op> [bool] <number>]
 *
 * `<func>` is one of ours (see signatures.ts). The inner PromQL is located by bracket and string
 * matching only and kept byte for byte, so the upstream sees exactly what the user wrote and its
 * errors come back as its own. Any query not starting with one of our functions is passthrough,
 * unless it uses one of ours nested inside PromQL, which the upstream could not evaluate.
 * Every error names what was expected and where (see QueryParseError).
 */
import type { Comparison, ComparisonOp, DerivedQuery, ParsedQuery } from './ast';
import { closestName } from '../../../src/common/closestName';
import { parseDuration } from '../../../src/common/duration';
import { parseOptions } from './options';
import { IDENT_RE, skipComment, skipSpace, skipString } from '../../../src/engine/promql/lexer';
import { QueryParseError } from '../../../src/engine/promql/parseError';
import { isFunctionName, SIGNATURES } from './signatures';

const NUMBER_RE = /[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|[Ii]nf|[Nn]a[Nn])/y;
const COMPARISON_OPS: ComparisonOp[] = ['>=', '<=', '==', '!=', '>', '<'];

/** Parses a query; throws QueryParseError on a malformed use of our functions. */
export function parseQuery(query: string): ParsedQuery {
  const start = skipSpace(query, 0);
  IDENT_RE.lastIndex = start;
  const ident = IDENT_RE.exec(query);
  const afterIdent = ident ? skipSpace(query, start + ident[0].length) : start;
  if (ident && !isFunctionName(ident[0]) && query[afterIdent] === '(') {
    rejectMisspelt(query, ident[0], start);
  }
  if (!ident || !isFunctionName(ident[0]) || query[afterIdent] !== '(') {
    rejectNested(query, 0, query.length);
    return { kind: 'passthrough', query };
  }
  return parseCall(query, ident[0], start, afterIdent);
}

function parseCall(query: string, func: string, callStart: number, open: number): DerivedQuery {
  if (!isFunctionName(func)) {
    throw new Error('unreachable');
  }
  const sig = SIGNATURES[func];
  const parts: Array<{ start: number; end: number }> = [];
  let pos = open + 1;
  for (;;) {
    const end = scanArgument(query, pos);
    parts.push({ start: pos, end });
    if (query[end] === ')') {
      pos = end + 1;
      break;
    }
    pos = end + 1; // past ','
  }
  const [innerPart, ...rest] = parts;
  const inner = trimmedRange(query, innerPart.start, innerPart.end);
  if (inner.start === inner.end) {
    throw new QueryParseError(`${func}() expects a PromQL expression as its first argument`, innerPart, query);
  }
  rejectNested(query, inner.start, inner.end);

  const result: DerivedQuery = {
    kind: 'derived',
    func,
    inner: query.slice(inner.start, inner.end),
    innerPosition: inner,
    options: {},
    position: { start: callStart, end: pos },
  };
  const gated = 'gate' in sig && sig.gate === true;
  const maxArgs = sig.args.length + (gated ? 2 : 1);
  if (rest.length > maxArgs) {
    const extra = trimmedRange(query, rest[maxArgs].start, rest[maxArgs].end);
    throw new QueryParseError(`${func}() takes at most ${maxArgs + 1} arguments, got ${rest.length + 1}`, extra, query);
  }
  sig.args.forEach((arg, i) => {
    if (i >= rest.length) {
      throw new QueryParseError(
        `${func}() expects a ${arg.name} (${arg.kind}) after the expression`,
        { start: pos - 1, end: pos },
        query
      );
    }
    const r = trimmedRange(query, rest[i].start, rest[i].end);
    const text = query.slice(r.start, r.end);
    // A quoted horizon or capacity ("1h", "0") read `got ""1h""`: say the quotes are the problem.
    const quoted = readStringLiteral(query, r.start, r.end);
    if (quoted) {
      const v = quoted.value.trim();
      const valid = arg.kind === 'duration' ? (parseDuration(v) ?? 0) > 0 : Number.isFinite(parseNumber(v) ?? NaN);
      throw new QueryParseError(
        valid
          ? `${func}() ${arg.name} is written without quotes, like ${v}, got the string ${text}`
          : `${func}() expects a ${arg.name} (${arg.kind}) before the option string, got ${text}`,
        r,
        query
      );
    }
    if (arg.kind === 'duration') {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        throw new QueryParseError(
          `${func}() ${arg.name} must be a positive duration like 7d or 12h, got "${text}"`,
          r,
          query
        );
      }
      result.horizon = ms;
    } else {
      const n = parseNumber(text);
      if (n === undefined || !Number.isFinite(n)) {
        throw new QueryParseError(`${func}() ${arg.name} must be a finite number, got "${text}"`, r, query);
      }
      result.capacity = n;
    }
  });
  if (rest.length > sig.args.length) {
    const r = trimmedRange(query, rest[sig.args.length].start, rest[sig.args.length].end);
    const literal = readStringLiteral(query, r.start, r.end);
    if (!literal) {
      const what =
        sig.args.length === rest.length - 1 && sig.args.length > 0 ? 'an option string' : 'a quoted option string';
      throw new QueryParseError(
        `${func}() expects ${what} like "train=14d" here, got ${query.slice(r.start, r.end) || 'nothing'}`,
        r,
        query
      );
    }
    result.options = parseOptions(func, literal.value, literal.contentStart, query);
  }
  if (gated) {
    parseGate(query, func, result, rest[sig.args.length + 1]);
  }
  pos = skipSpace(query, pos);
  if (pos < query.length) {
    result.comparison = parseComparison(query, pos);
  }
  return result;
}

/**
 * The gate series after the option string (min_rate=): both or neither, so a forgotten one is an
 * error rather than a rule silently not applied.
 */
function parseGate(
  query: string,
  func: string,
  result: DerivedQuery,
  part: { start: number; end: number } | undefined
): void {
  const example = `${func}(latency, "min_rate=1", sum(rate(http_requests_total[5m])))`;
  if (!part) {
    if (result.options.minRate !== undefined) {
      throw new QueryParseError(
        `option min_rate needs the rate series as the argument after the option string, e.g. ${example}`,
        result.position,
        query
      );
    }
    return;
  }
  const r = trimmedRange(query, part.start, part.end);
  if (r.start === r.end) {
    throw new QueryParseError(`${func}() expects a PromQL expression (the min_rate= series) here`, part, query);
  }
  if (result.options.minRate === undefined) {
    throw new QueryParseError(
      `${func}() takes a series after the option string only with min_rate=, e.g. ${example}`,
      r,
      query
    );
  }
  rejectNested(query, r.start, r.end);
  result.gate = query.slice(r.start, r.end);
}

/** Scans one argument from `pos` to the ',' or ')' that ends it at bracket depth 0. */
function scanArgument(query: string, pos: number): number {
  const stack: string[] = [];
  const closers: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  let i = pos;
  while (i < query.length) {
    const c = query[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(query, i);
      continue;
    }
    if (c === '#') {
      i = skipComment(query, i);
      continue;
    }
    if (c in closers) {
      stack.push(closers[c]);
    } else if (c === ')' || c === ']' || c === '}') {
      if (stack.length === 0) {
        if (c === ')') {
          return i;
        }
        throw new QueryParseError(`unexpected "${c}"`, { start: i, end: i + 1 }, query);
      }
      const want = stack.pop();
      if (want !== c) {
        throw new QueryParseError(`unexpected "${c}", expected "${want}"`, { start: i, end: i + 1 }, query);
      }
    } else if (c === ',' && stack.length === 0) {
      return i;
    }
    i++;
  }
  throw new QueryParseError(
    stack.length
      ? `unclosed "${openerOf(stack[stack.length - 1])}": expected "${stack[stack.length - 1]}"`
      : 'unexpected end of input: expected ")"',
    { start: query.length, end: query.length },
    query
  );
}

function openerOf(closer: string): string {
  return closer === ')' ? '(' : closer === ']' ? '[' : '{';
}

function trimmedRange(query: string, start: number, end: number): { start: number; end: number } {
  let s = skipSpace(query, start);
  let e = end;
  while (e > s && /\s/.test(query[e - 1])) {
    e--;
  }
  return { start: s, end: Math.max(s, e) };
}

function readStringLiteral(
  query: string,
  start: number,
  end: number
): { value: string; contentStart: number } | undefined {
  const q = query[start];
  if (q !== '"' && q !== "'" && q !== '`') {
    return undefined;
  }
  const close = skipString(query, start);
  if (close !== end) {
    return undefined;
  }
  const raw = query.slice(start + 1, end - 1);
  // Escapes only matter for quotes and backslashes in an option string; positions stay those of raw.
  return { value: q === '`' ? raw : raw.replace(/\\(.)/g, '$1'), contentStart: start + 1 };
}

function parseComparison(query: string, pos: number): Comparison {
  const op = COMPARISON_OPS.find((o) => query.startsWith(o, pos));
  if (!op) {
    throw new QueryParseError(
      `unexpected ${JSON.stringify(query.slice(pos, pos + 10))} after the function call: expected a comparison (> < >= <= == !=) or end of query`,
      { start: pos, end: query.length },
      query
    );
  }
  const start = pos;
  let i = skipSpace(query, pos + op.length);
  let bool = false;
  if (query.startsWith('bool', i) && !/[A-Za-z0-9_]/.test(query[i + 4] ?? '')) {
    bool = true;
    i = skipSpace(query, i + 4);
  }
  NUMBER_RE.lastIndex = i;
  const m = NUMBER_RE.exec(query);
  const value = m ? parseNumber(m[0]) : undefined;
  if (!m || value === undefined) {
    throw new QueryParseError(
      `expected a number after "${op}${bool ? ' bool' : ''}"`,
      { start: i, end: query.length },
      query
    );
  }
  const end = i + m[0].length;
  const tail = skipSpace(query, end);
  if (tail < query.length) {
    throw new QueryParseError(
      `unexpected ${JSON.stringify(query.slice(tail, tail + 10))}: only one comparison with a number may follow the function call`,
      { start: tail, end: query.length },
      query
    );
  }
  return { op, bool, value, position: { start, end } };
}

/** PromQL number literal → number, or undefined. */
export function parseNumber(text: string): number | undefined {
  NUMBER_RE.lastIndex = 0;
  const m = NUMBER_RE.exec(text);
  if (!m || m[0].length !== text.length) {
    return undefined;
  }
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === '-inf') {
    return lower === 'inf' ? Infinity : -Infinity;
  }
  if (lower === 'nan' || lower === '-nan') {
    return NaN;
  }
  if (/^-?0x/.test(lower)) {
    return lower.startsWith('-') ? -parseInt(lower.slice(3), 16) : parseInt(lower.slice(2), 16);
  }
  return Number(text);
}

/**
 * Upstream functions within a few letters of ours, which are the upstream's and not typos:
 * VictoriaMetrics' MetricsQL aggregations outliersk, outliers_iqr and outliers_mad (near outliers()).
 */
const UPSTREAM_NEAR_OURS: ReadonlySet<string> = new Set(['outliersk', 'outliers_iqr', 'outliers_mad']);

/**
 * Throws when the query opens with a call whose name is a likely typo of one of ours
 * (`anomaly_scroe(`): the upstream would only say it does not know it. No PromQL function or
 * aggregation is that near one of ours, and no MetricsQL one but {@link UPSTREAM_NEAR_OURS}
 * (parser.test.ts checks every one).
 */
function rejectMisspelt(query: string, name: string, start: number): void {
  if (UPSTREAM_NEAR_OURS.has(name)) {
    return;
  }
  const near = closestName(name, Object.keys(SIGNATURES));
  if (near !== undefined) {
    throw new QueryParseError(
      `unknown function ${name}(); did you mean ${near}()?`,
      { start, end: start + name.length },
      query
    );
  }
}

/** Throws if one of our functions is called inside [start, end): the upstream could not evaluate it. */
function rejectNested(query: string, start: number, end: number): void {
  let i = start;
  while (i < end) {
    const c = query[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(query, i);
      continue;
    }
    if (c === '#') {
      i = skipComment(query, i);
      continue;
    }
    if (/[A-Za-z_:]/.test(c) && (i === 0 || !/[A-Za-z0-9_:]/.test(query[i - 1]))) {
      IDENT_RE.lastIndex = i;
      const m = IDENT_RE.exec(query)!;
      const next = skipSpace(query, i + m[0].length);
      if (isFunctionName(m[0]) && query[next] === '(') {
        throw new QueryParseError(
          `${m[0]}() must be the outermost function of the query; it cannot be nested inside PromQL`,
          { start: i, end: i + m[0].length },
          query
        );
      }
      i += m[0].length;
      continue;
    }
    i++;
  }
}
