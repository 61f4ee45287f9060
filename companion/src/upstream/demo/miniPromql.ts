/**
 * The small PromQL subset the demo upstream evaluates: number arithmetic (`1+1`, Grafana's health
 * query), vector selectors with matchers (`x{a="b",c=~"d.*"}`), `rate|irate|increase(sel[d])`,
 * `sum|min|max|avg|count [by|without (l, …)] (…)` of those, and one arithmetic operator between two
 * of them with one-to-one matching, optionally `on|ignoring (l, …)`: the home page's default
 * container-memory headroom (`max by (…) (limits) - on (…) max by (…) (working set)`).
 * Anything else is rejected with a bad_data error that says what is supported.
 */
import { parseDuration } from '../../../../src/common/duration';

/** A label matcher, as in PromQL. */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** An instant vector of one series each: a selector or a range function over one. */
export type SeriesExpr =
  | { kind: 'selector'; matchers: Matcher[] }
  | { kind: 'rangeFn'; fn: 'rate' | 'irate' | 'increase'; matchers: Matcher[]; rangeMs: number };

/** An aggregation of a series expression, grouped `by` (or `without`) labels. */
export interface AggregateExpr {
  kind: 'aggregate';
  op: AggregateOp;
  grouping: { without: boolean; labels: string[] };
  inner: SeriesExpr;
}

export type AggregateOp = 'sum' | 'min' | 'max' | 'avg' | 'count';
export type ArithmeticOp = '+' | '-' | '*' | '/';

/** `lhs op rhs`, matched one-to-one on every label but `__name__`, or `on`/`ignoring` some. */
export interface BinaryExpr {
  kind: 'binary';
  op: ArithmeticOp;
  matching?: { on: boolean; labels: string[] };
  lhs: SeriesExpr | AggregateExpr;
  rhs: SeriesExpr | AggregateExpr;
}

/** A parsed demo expression. */
export type DemoExpr =
  | { kind: 'scalar'; value: number }
  | SeriesExpr
  | AggregateExpr
  | BinaryExpr
  | { kind: 'rangeSelector'; matchers: Matcher[]; rangeMs: number };

/** Thrown for queries outside the subset; the message is Prometheus-like. */
export class DemoQueryError extends Error {}

const SELECTOR_RE = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)?\s*(?:\{([^}]*)\})?\s*$/;
const RANGE_FN_RE = /^\s*(rate|irate|increase)\s*\(\s*(.+?)\s*\[\s*([0-9a-z]+)\s*\]\s*\)\s*$/s;
const RANGE_SELECTOR_RE = /^\s*(.+?)\s*\[\s*([0-9a-z]+)\s*\]\s*$/s;
const MATCHER_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

const UNSUPPORTED =
  'the demo upstream evaluates only selectors such as x{a="b"}, rate|irate|increase(x[5m]), sum|min|max|avg|count by (l) (…) of those, one + - * / between two of them (on|ignoring (l) allowed) and number arithmetic';

/** Parses a demo query or throws DemoQueryError. */
export function parseDemoQuery(query: string, depth = 0): DemoExpr {
  // Bounded nesting: a deep `((((x))))` is refused instead of overflowing the stack.
  if (depth > MAX_NESTING) {
    throw new DemoQueryError(`expression nested deeper than ${MAX_NESTING} levels`);
  }
  if (/^[\d\s.+\-*/()eE]+$/.test(query)) {
    return { kind: 'scalar', value: evalArithmetic(query) };
  }
  const split = splitBinary(query);
  if (split) {
    return parseBinary(split.lhs, split.op, split.rhs, depth);
  }
  return parseOperand(query, depth);
}

/** A vector operand: an aggregation, a selector or a range function, in parentheses or not. */
function parseOperand(query: string, depth: number): Exclude<DemoExpr, BinaryExpr | { kind: 'scalar' }> {
  const inner = unwrapParens(query);
  if (inner !== undefined) {
    const e = parseDemoQuery(inner, depth + 1);
    if (e.kind === 'scalar' || e.kind === 'binary') {
      throw new DemoQueryError(`${UNSUPPORTED}; got ${JSON.stringify(query)}`);
    }
    return e;
  }
  const agg = parseAggregate(query);
  if (agg) {
    return agg;
  }
  return parseSeries(query);
}

function parseSeries(query: string): SeriesExpr | { kind: 'rangeSelector'; matchers: Matcher[]; rangeMs: number } {
  const fn = RANGE_FN_RE.exec(query);
  if (fn) {
    const rangeMs = parseDuration(fn[3]);
    if (!rangeMs) {
      throw new DemoQueryError(`bad range duration "${fn[3]}"`);
    }
    return { kind: 'rangeFn', fn: fn[1] as 'rate', matchers: parseSelector(fn[2]), rangeMs };
  }
  const range = RANGE_SELECTOR_RE.exec(query);
  if (range) {
    const rangeMs = parseDuration(range[2]);
    if (!rangeMs) {
      throw new DemoQueryError(`bad range duration "${range[2]}"`);
    }
    return { kind: 'rangeSelector', matchers: parseSelector(range[1]), rangeMs };
  }
  return { kind: 'selector', matchers: parseSelector(query) };
}

function parseSelector(text: string): Matcher[] {
  const m = SELECTOR_RE.exec(text);
  if (!m || (!m[1] && !m[2])) {
    throw new DemoQueryError(`${UNSUPPORTED}; got ${JSON.stringify(text)}`);
  }
  const matchers: Matcher[] = [];
  if (m[1]) {
    matchers.push({ name: '__name__', op: '=', value: m[1] });
  }
  for (const part of splitMatchers(m[2] ?? '')) {
    const mm = MATCHER_RE.exec(part);
    if (!mm) {
      throw new DemoQueryError(`bad label matcher ${JSON.stringify(part.trim())}`);
    }
    const op = mm[2] as Matcher['op'];
    const value = unquote(mm[3]);
    if (op === '=~' || op === '!~') {
      anchored(value); // a bad regular expression is the query's error
    }
    matchers.push({ name: mm[1], op, value });
  }
  if (!matchers.some((x) => (x.op === '=' ? x.value !== '' : x.op === '=~' && !anchored(x.value).test('')))) {
    throw new DemoQueryError('vector selector must contain at least one non-empty matcher');
  }
  return matchers;
}

const AGG_RE = /^\s*(sum|min|max|avg|count)\b\s*/;
const GROUPING_RE = /^(by|without)\s*\(([^()"]*)\)\s*/;
const MODIFIER_RE = /^\s*(on|ignoring)\s*\(([^()"]*)\)\s*/;
const LABEL_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `op [by (…)] (inner) [by (…)]`, or undefined when `text` is no aggregation. */
function parseAggregate(text: string): AggregateExpr | undefined {
  const head = AGG_RE.exec(text);
  if (!head) {
    return undefined;
  }
  let rest = text.slice(head[0].length);
  let grouping = { without: false, labels: [] as string[] };
  const before = GROUPING_RE.exec(rest);
  if (before) {
    grouping = { without: before[1] === 'without', labels: labelList(before[2]) };
    rest = rest.slice(before[0].length);
  }
  const close = rest.startsWith('(') ? closingParen(rest, 0) : -1;
  if (close < 0) {
    return undefined;
  }
  const body = rest.slice(1, close);
  const after = rest.slice(close + 1).trim();
  const trailing = GROUPING_RE.exec(after);
  if (after !== '' && (before || !trailing || trailing[0].length !== after.length)) {
    throw new DemoQueryError(`unexpected ${JSON.stringify(after)} after ${head[1]}(…)`);
  }
  if (trailing) {
    grouping = { without: trailing[1] === 'without', labels: labelList(trailing[2]) };
  }
  const inner = parseSeries(body);
  if (inner.kind === 'rangeSelector') {
    throw new DemoQueryError(
      `${head[1]}() takes an instant vector, got the range vector ${JSON.stringify(body.trim())}`
    );
  }
  return { kind: 'aggregate', op: head[1] as AggregateOp, grouping, inner };
}

function parseBinary(lhsText: string, op: ArithmeticOp, rhsText: string, depth: number): BinaryExpr {
  let rest = rhsText;
  let matching: BinaryExpr['matching'];
  const mod = MODIFIER_RE.exec(rest);
  if (mod) {
    matching = { on: mod[1] === 'on', labels: labelList(mod[2]) };
    rest = rest.slice(mod[0].length);
  }
  if (/^\s*(group_left|group_right|bool)\b/.test(rest)) {
    throw new DemoQueryError(`${UNSUPPORTED}; got ${JSON.stringify(rest.trim().split(/[\s(]/)[0])}`);
  }
  const operand = (text: string) => {
    const e = parseOperand(text, depth);
    if (e.kind === 'rangeSelector') {
      throw new DemoQueryError(
        `binary expression must contain only instant vectors, got ${JSON.stringify(text.trim())}`
      );
    }
    return e;
  };
  return { kind: 'binary', op, matching, lhs: operand(lhsText), rhs: operand(rest) };
}

/** `a, b` of a grouping or matching clause. */
function labelList(text: string): string[] {
  const labels = text
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const bad = labels.find((l) => !LABEL_RE.test(l));
  if (bad !== undefined) {
    throw new DemoQueryError(`bad label name ${JSON.stringify(bad)}`);
  }
  return labels;
}

/**
 * The one top-level `+ - * /` of `query` (outside strings, braces, brackets and parentheses), or
 * undefined when it has none; a second one is refused (the subset has one operator).
 */
function splitBinary(query: string): { lhs: string; op: ArithmeticOp; rhs: string } | undefined {
  const at: number[] = [];
  let depth = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '"') {
      i = stringEnd(query, i);
    } else if (c === '(' || c === '{' || c === '[') {
      depth++;
    } else if (c === ')' || c === '}' || c === ']') {
      depth--;
    } else if (depth === 0 && '+-*/'.includes(c)) {
      at.push(i);
    }
  }
  if (at.length === 0) {
    return undefined;
  }
  if (at.length > 1) {
    throw new DemoQueryError(`${UNSUPPORTED}; got ${at.length} operators in ${JSON.stringify(query)}`);
  }
  return { lhs: query.slice(0, at[0]), op: query[at[0]] as ArithmeticOp, rhs: query.slice(at[0] + 1) };
}

/** Index of the `"` that closes the string opened at `open`. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return i;
    }
  }
  throw new DemoQueryError('unterminated string');
}

/** Index of the `)` that closes the `(` at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i);
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** What is inside `( … )` when the parentheses wrap the whole of `text`, else undefined. */
function unwrapParens(text: string): string | undefined {
  const t = text.trim();
  return t.startsWith('(') && closingParen(t, 0) === t.length - 1 ? t.slice(1, -1) : undefined;
}

/** A double-quoted PromQL string's content, unescaped; a bad escape is a DemoQueryError. */
function unquote(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    throw new DemoQueryError(`bad string "${body}": invalid escape`);
  }
}

/** A matcher's regular expression, anchored as PromQL's are; a bad one is a DemoQueryError. */
function anchored(re: string): RegExp {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch (err) {
    throw new DemoQueryError(`bad regular expression ${JSON.stringify(re)}: ${(err as Error).message}`);
  }
}

function splitMatchers(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && inString) {
      cur += c + (body[++i] ?? '');
      continue;
    }
    if (c === '"') {
      inString = !inString;
    }
    if (c === ',' && !inString) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') {
    out.push(cur);
  }
  return out;
}

/** Whether a label set satisfies every matcher (a missing label is the empty string). */
export function matches(labels: Record<string, string>, matchers: Matcher[]): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return anchored(m.value).test(v);
      case '!~':
        return !anchored(m.value).test(v);
    }
  });
}

const MAX_NESTING = 200;

/** Evaluates `+ - * /` and parentheses over numbers (recursive descent; no eval()). */
function evalArithmetic(text: string): number {
  const tokens = text.match(/\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+|[-+*/()]/g) ?? [];
  let i = 0;
  let depth = 0;
  const expr = (): number => {
    let v = term();
    while (tokens[i] === '+' || tokens[i] === '-') {
      v = tokens[i++] === '+' ? v + term() : v - term();
    }
    return v;
  };
  const term = (): number => {
    let v = factor();
    while (tokens[i] === '*' || tokens[i] === '/') {
      v = tokens[i++] === '*' ? v * factor() : v / factor();
    }
    return v;
  };
  const factor = (): number => {
    // Bounded nesting: a deep `((((...` or `----...` is refused instead of overflowing the stack.
    if (++depth > MAX_NESTING) {
      throw new DemoQueryError(`expression nested deeper than ${MAX_NESTING} levels`);
    }
    try {
      return unary();
    } finally {
      depth--;
    }
  };
  const unary = (): number => {
    const t = tokens[i++];
    if (t === '-') {
      return -factor();
    }
    if (t === '+') {
      return factor();
    }
    if (t === '(') {
      const v = expr();
      if (tokens[i++] !== ')') {
        throw new DemoQueryError('unclosed "("');
      }
      return v;
    }
    if (t === undefined || Number.isNaN(Number(t))) {
      throw new DemoQueryError(`unexpected ${t === undefined ? 'end of input' : JSON.stringify(t)}`);
    }
    return Number(t);
  };
  const v = expr();
  if (i !== tokens.length) {
    throw new DemoQueryError(`unexpected ${JSON.stringify(tokens[i])}`);
  }
  return v;
}
