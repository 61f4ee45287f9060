/** A half-open character range [start, end) in the query text, like Prometheus' PositionRange. */
export interface PositionRange {
  start: number;
  end: number;
}

/**
 * An error in our outer syntax. The message reads like Prometheus' parser errors:
 * `1:15: parse error: <what is wrong>` (line:column, 1-based), so users see where to look.
 */
export class QueryParseError extends Error {
  constructor(
    readonly detail: string,
    readonly position: PositionRange,
    query: string
  ) {
    super(`${lineCol(query, position.start)}: parse error: ${detail}`);
    this.name = 'QueryParseError';
  }
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return `${line}:${col}`;
}
