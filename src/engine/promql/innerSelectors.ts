/**
 * The vector selectors of an inner PromQL expression, so the companion can ask the upstream for
 * their raw samples (`sel[10m]`) and learn how often the data is sampled: `rate(x{a="b"}[5m])`,
 * `sum by (job) (rate(x[5m]))` and `a / on(i) b` read the samples of `x{a="b"}`, `x`, and `a` and
 * `b`. A scanner, not a parser: it skips strings, comments, numbers, durations, label lists of
 * `by`/`without`/`on`/`ignoring`/`group_*`, and names followed by `(` (functions, aggregations). An
 * expression it cannot read this way gives a problem instead, and the caller falls back.
 */
import { IDENT_RE, skipComment, skipSpace, skipString } from './lexer';
import { QueryParseError } from './parseError';

/** Aggregation operators, which may be followed by `by (...)` rather than `(`. */
const AGGREGATIONS = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'limitk',
  'limit_ratio',
]);
/** Keywords followed by a parenthesised label list. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Other keywords and literals that are not selectors. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

/** Most selectors read; an expression over more falls back. */
export const MAX_SELECTORS = 5;

/** The distinct selectors of `expr` (without range, offset or `@`), or why they cannot be read. */
export function innerSelectors(expr: string): { selectors: string[] } | { problem: string } {
  try {
    return scan(expr);
  } catch (e) {
    if (e instanceof QueryParseError) {
      return { problem: e.message };
    }
    throw e;
  }
}

function scan(expr: string): { selectors: string[] } | { problem: string } {
  const found = new Set<string>();
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      i = skipComment(expr, i);
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
    } else if (/[0-9.]/.test(c)) {
      i = wordEnd(expr, i);
    } else if (c === '[') {
      const close = closing(expr, i, '[', ']');
      if (close < 0) {
        return { problem: 'an unclosed [' };
      }
      if (expr.slice(i, close).includes(':')) {
        return { problem: 'it holds a subquery, whose step sets its resolution' };
      }
      i = close + 1;
    } else if (c === '{') {
      const close = closing(expr, i, '{', '}');
      if (close < 0) {
        return { problem: 'an unclosed {' };
      }
      found.add(expr.slice(i, close + 1));
      i = close + 1;
    } else if (/[A-Za-z_:]/.test(c)) {
      IDENT_RE.lastIndex = i;
      const name = IDENT_RE.exec(expr)![0];
      let j = skipSpace(expr, i + name.length);
      const lower = name.toLowerCase();
      if (LABEL_LISTS.has(lower) && expr[j] === '(') {
        const close = closing(expr, j, '(', ')');
        if (close < 0) {
          return { problem: 'an unclosed (' };
        }
        i = close + 1;
      } else if (expr[j] === '(' || AGGREGATIONS.has(lower) || KEYWORDS.has(lower) || LABEL_LISTS.has(lower)) {
        // (group_left and group_right may stand without their label list.)
        i = j;
      } else if (expr[j] === '{') {
        const close = closing(expr, j, '{', '}');
        if (close < 0) {
          return { problem: 'an unclosed {' };
        }
        found.add(name + expr.slice(j, close + 1));
        i = close + 1;
      } else {
        found.add(name);
        i = j;
      }
    } else {
      i++;
    }
  }
  if (found.size === 0) {
    return { problem: 'it reads no series selector' };
  }
  if (found.size > MAX_SELECTORS) {
    return { problem: `it reads ${found.size} selectors, more than ${MAX_SELECTORS}` };
  }
  return { selectors: [...found] };
}

/** End (exclusive) of a number or duration such as 0.99, 1e3, 0x1f or 5m. */
function wordEnd(s: string, i: number): number {
  while (i < s.length && /[0-9A-Za-z_.]/.test(s[i])) {
    i++;
  }
  return i;
}

/** Index of the bracket closing the one at i (strings inside skipped), or -1. */
function closing(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < s.length;) {
    const c = s[j];
    if (c === '"' || c === "'" || c === '`') {
      j = skipString(s, j);
      continue;
    }
    if (c === open) {
      depth++;
    } else if (c === close && --depth === 0) {
      return j;
    }
    j++;
  }
  return -1;
}
