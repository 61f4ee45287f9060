/** The lexical pieces PromQL's parser (parser.ts) and the selector scanner (innerSelectors.ts) share. */
import { QueryParseError } from './parseError';

/** A metric or function name; sticky, so set `lastIndex` before `exec`. */
export const IDENT_RE = /[A-Za-z_:][A-Za-z0-9_:]*/y;

/** End (exclusive) of the string literal opening at i; backquoted strings have no escapes. */
export function skipString(query: string, i: number): number {
  const quote = query[i];
  let j = i + 1;
  while (j < query.length) {
    if (query[j] === '\\' && quote !== '`') {
      j += 2;
      continue;
    }
    if (query[j] === quote) {
      return j + 1;
    }
    j++;
  }
  throw new QueryParseError(`unterminated quoted string ${quote}`, { start: i, end: query.length }, query);
}

/** End of the `#` comment at i (past its newline). */
export function skipComment(query: string, i: number): number {
  const nl = query.indexOf('\n', i);
  return nl < 0 ? query.length : nl + 1;
}

/** First index at or after i that is neither white space nor a comment. */
export function skipSpace(query: string, i: number): number {
  while (i < query.length) {
    if (/\s/.test(query[i])) {
      i++;
    } else if (query[i] === '#') {
      i = skipComment(query, i);
    } else {
      break;
    }
  }
  return i;
}
