/**
 * A row's own expression: the pair's or selector's expression narrowed to one series of its result,
 * the row's labels as exact matchers on every vector selector in it. The one function for this, for
 * a one-selector expression (`up{job="api"}`, `rate(x[5m])`) and for one of several selectors (the
 * default Container memory pair, `(capacity) - (usage)` pairs) alike. The row's labels are those the
 * expression's result keeps (`by` labels, `on` labels, or the labels both sides of a one-to-one match
 * share), so every selector's series carry them and the narrowed expression gives that row's series
 * alone. Label names that are no PromQL identifier (Prometheus 3's UTF-8 names) are quoted and values
 * escaped; before, the home's one-selector path wrote `k8s.pod="…"` unquoted, which PromQL rejects.
 * Framework-free (src/engine): the home page uses it, and any other door may.
 */
import { skipString } from './lexer';

/**
 * Words that are not metric names: PromQL's operators, modifiers and aggregations (an aggregation's
 * name may stand before its `by (…)`), and number literals.
 */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'inf',
  'nan',
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
/** Set operators: their result keeps the left side's labels, whatever they match on. */
const SET_OPERATORS = new Set(['and', 'or', 'unless']);
/** Modifiers whose parenthesised list names labels, not series. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

/**
 * `expr` with `labels` (but `__name__`) added to each of its vector selectors but `scalar()`'s, each
 * as an exact matcher unless that selector already holds it (`up{job="api"}` with job and instance
 * gives `up{job="api", instance="a:1"}`), or undefined when it cannot be narrowed safely: a
 * many-to-one match (`group_left`/`group_right`), or a set operator matched `on`/`ignoring` some
 * labels, whose one side lacks the other side's labels, or text this scanner does not read (an
 * unclosed string or bracket).
 *
 * @example narrowToSeries('max by (pod) (a{x="1"}) - on (pod) b', { pod: 'p' })
 * // 'max by (pod) (a{x="1", pod="p"}) - on (pod) b{pod="p"}'
 */
export function narrowToSeries(expr: string, labels: Record<string, string>): string | undefined {
  const matchers = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${labelName(k)}=${quoted(v)}`);
  if (matchers.length === 0) {
    return expr;
  }
  let out = '';
  let i = 0;
  // The braces of the selector at `i` (a `{`), narrowed; -1 when they do not close.
  const braces = (at: number): number => {
    const end = closing(expr, at, '{', '}');
    if (end < 0) {
      return -1;
    }
    const inner = expr
      .slice(at + 1, end)
      .trim()
      .replace(/,\s*$/, '');
    const held = exactMatchers(inner);
    const added = matchers.filter((m) => !held.has(m)).join(', ');
    out += `{${[inner, added].filter((x) => x !== '').join(', ')}}`;
    return end + 1;
  };
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(expr, i);
      if (end < 0) {
        return undefined;
      }
      out += expr.slice(i, end + 1);
      i = end + 1;
    } else if (c === '#') {
      // A comment, to the end of the line: its words are no selectors, its quotes open no string.
      const end = expr.indexOf('\n', i);
      const stop = end < 0 ? expr.length : end;
      out += expr.slice(i, stop);
      i = stop;
    } else if (c === '[') {
      const end = closing(expr, i, '[', ']');
      if (end < 0) {
        return undefined;
      }
      out += expr.slice(i, end + 1);
      i = end + 1;
    } else if (c === '{') {
      // A selector without a metric name (`{__name__="x"}`).
      i = braces(i);
      if (i < 0) {
        return undefined;
      }
    } else if (/[0-9.]/.test(c)) {
      // A number or a duration (`1e9`, `0x1F`, `5m` after offset): never a selector.
      const m = /^[0-9.][0-9A-Za-z_.]*(?:[eE][+-]?[0-9]+)?/.exec(expr.slice(i))!;
      out += m[0];
      i += m[0].length;
    } else if (/[A-Za-z_:]/.test(c)) {
      const word = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(expr.slice(i))![0];
      const after = i + word.length;
      const next = after + /^\s*/.exec(expr.slice(after))![0].length;
      const lower = word.toLowerCase();
      if (lower === 'group_left' || lower === 'group_right') {
        return undefined;
      }
      // A set operator (`and`, `or`, `unless`) keeps its left side's labels whole; matched `on` or
      // `ignoring` some, its right side lacks the others, and narrowing it by them changes the answer.
      if (SET_OPERATORS.has(lower) && /^\s*(on|ignoring)\b/i.test(expr.slice(after))) {
        return undefined;
      }
      if ((LABEL_LISTS.has(lower) || lower === 'scalar') && expr[next] === '(') {
        // A label list; or scalar()'s argument, one number for every row, which narrowing would change.
        const end = closing(expr, next, '(', ')');
        if (end < 0) {
          return undefined;
        }
        out += expr.slice(i, end + 1);
        i = end + 1;
      } else if (KEYWORDS.has(lower) || expr[next] === '(') {
        out += word; // a keyword, or a function or aggregation's name
        i = after;
      } else if (expr[next] === '{') {
        out += expr.slice(i, next);
        i = braces(next);
        if (i < 0) {
          return undefined;
        }
      } else {
        out += `${word}{${matchers.join(', ')}}`;
        i = after;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A label name PromQL reads unquoted; any other (Prometheus 3's UTF-8 names) is quoted: `{"a.b"="v"}`. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `name` as PromQL reads it in a matcher: bare when an identifier, else quoted. */
function labelName(name: string): string {
  return IDENTIFIER.test(name) ? name : quoted(name);
}

/**
 * The exact matchers (`k="v"`, `"k.x"="v"`) of a selector's braces, written as narrowToSeries
 * writes them (`k = "v"` gives `k="v"`), so a row label the selector already holds is not repeated.
 * Matchers written otherwise (single quotes, other escapes) are not recognised; repeating one is
 * harmless, as PromQL ands a label's matchers.
 */
function exactMatchers(inner: string): Set<string> {
  const held = new Set<string>();
  const token = (at: number): { text: string; end: number } | undefined => {
    if (inner[at] === '"' || inner[at] === "'" || inner[at] === '`') {
      const end = stringEnd(inner, at);
      return end < 0 ? undefined : { text: inner.slice(at, end + 1), end: end + 1 };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(inner.slice(at));
    return m ? { text: m[0], end: at + m[0].length } : undefined;
  };
  const space = (at: number) => at + /^\s*/.exec(inner.slice(at))![0].length;
  let i = space(0);
  while (i < inner.length) {
    const name = token(i);
    if (!name) {
      return held;
    }
    i = space(name.end);
    // A quoted metric name alone (`{"my.metric", job="a"}`) has no operator.
    const op = /^(=~|!~|!=|=)?/.exec(inner.slice(i))![0];
    if (op) {
      i = space(i + op.length);
      const value = token(i);
      if (!value || !/^["'`]/.test(value.text)) {
        return held;
      }
      if (op === '=' && value.text.startsWith('"')) {
        held.add(`${name.text}=${value.text}`);
      }
      i = space(value.end);
    }
    if (inner[i] !== ',' && i < inner.length) {
      return held;
    }
    i = space(i + 1);
  }
  return held;
}

/** `text` as a PromQL double-quoted string. */
function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Index of the quote that closes the string opened at `open`, or -1 when it does not close. */
function stringEnd(text: string, open: number): number {
  try {
    return skipString(text, open) - 1;
  } catch {
    return -1;
  }
}

/** Index of the `close` that matches the `open` at `at` (strings skipped), or -1. */
function closing(text: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i);
      if (i < 0) {
        return -1;
      }
    } else if (c === open) {
      depth++;
    } else if (c === close && --depth === 0) {
      return i;
    }
  }
  return -1;
}
