/**
 * A row's own expression when the pair's expression has more than one selector (the default
 * Container memory pair, `(capacity) - (usage)` pairs): the row's labels as exact matchers on every
 * vector selector in it. The row's labels are those the expression's result keeps (`by` labels,
 * `on` labels, or the labels both sides of a one-to-one match share), so every selector's series
 * carry them and the narrowed expression gives that row's series alone. Before, such a row kept the
 * pair's whole expression: its sparkline got every container (and drew "no history") and its
 * Forecast link opened on all of them.
 */

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
 * `expr` with `labels` (but `__name__`) added to each of its vector selectors but `scalar()`'s, or
 * undefined when it cannot be narrowed safely: a many-to-one match (`group_left`/`group_right`), or a
 * set operator matched `on`/`ignoring` some labels, whose one side lacks the other side's labels, or
 * text this scanner does not read (an unclosed string or bracket).
 *
 * @example narrowEverySelector('max by (pod) (a{x="1"}) - on (pod) b', { pod: 'p' })
 * // 'max by (pod) (a{x="1", pod="p"}) - on (pod) b{pod="p"}'
 */
export function narrowEverySelector(expr: string, labels: Record<string, string>): string | undefined {
  const matchers = Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${IDENTIFIER.test(k) ? k : quoted(k)}=${quoted(v)}`)
    .join(', ');
  if (matchers === '') {
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
    out += `{${inner ? `${inner}, ` : ''}${matchers}}`;
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
        out += `${word}{${matchers}}`;
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

/** `text` as a PromQL double-quoted string. */
function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Index of the quote that closes the string opened at `open` (backslash escapes; none in raw strings). */
function stringEnd(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\' && q !== '`') {
      i++;
    } else if (text[i] === q) {
      return i;
    }
  }
  return -1;
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
