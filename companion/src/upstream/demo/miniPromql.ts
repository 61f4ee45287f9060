/**
 * The small PromQL subset the demo upstream evaluates: number arithmetic (`1+1`, Grafana's health
 * query), vector selectors with matchers (`x{a="b",c=~"d.*"}`), and `rate|irate|increase(sel[d])`.
 * Anything else is rejected with a bad_data error that says what is supported.
 */
import { parseDuration } from '../../../../src/common/duration';

/** A label matcher, as in PromQL. */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A parsed demo expression. */
export type DemoExpr =
  | { kind: 'scalar'; value: number }
  | { kind: 'selector'; matchers: Matcher[] }
  | { kind: 'rangeFn'; fn: 'rate' | 'irate' | 'increase'; matchers: Matcher[]; rangeMs: number }
  | { kind: 'rangeSelector'; matchers: Matcher[]; rangeMs: number };

/** Thrown for queries outside the subset; the message is Prometheus-like. */
export class DemoQueryError extends Error {}

const SELECTOR_RE = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)?\s*(?:\{([^}]*)\})?\s*$/;
const RANGE_FN_RE = /^\s*(rate|irate|increase)\s*\(\s*(.+?)\s*\[\s*([0-9a-z]+)\s*\]\s*\)\s*$/s;
const RANGE_SELECTOR_RE = /^\s*(.+?)\s*\[\s*([0-9a-z]+)\s*\]\s*$/s;
const MATCHER_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parses a demo query or throws DemoQueryError. */
export function parseDemoQuery(query: string): DemoExpr {
  if (/^[\d\s.+\-*/()eE]+$/.test(query)) {
    return { kind: 'scalar', value: evalArithmetic(query) };
  }
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
    throw new DemoQueryError(
      `the demo upstream evaluates only selectors such as x{a="b"}, rate|irate|increase(x[5m]) and number arithmetic; got ${JSON.stringify(text)}`
    );
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
  if (
    !matchers.some((x) => (x.op === '=' ? x.value !== '' : x.op === '=~' && !anchored(x.value).test('')))
  ) {
    throw new DemoQueryError('vector selector must contain at least one non-empty matcher');
  }
  return matchers;
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
