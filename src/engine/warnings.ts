/**
 * Warnings of one evaluation: what limited or changed an answer, each once, with counts summed over
 * fits and series (values held at a physical bound, a training window cut to the point limit). The
 * companion puts them in the Prometheus envelope's `warnings`, the data source in its frames'
 * notices, the CLI on stderr.
 */

/** A counted warning: `say(count, of)` words it once the counts are summed. */
interface Counted {
  count: number;
  of: number;
  say: (count: number, of: number) => string;
}

/** Most warnings one answer lists; the rest are counted in a last line. */
const MAX_LISTED = 10;

export class EngineWarnings {
  private readonly plain = new Set<string>();
  private readonly counted = new Map<string, Counted>();

  /** A warning said once however often it is noted. */
  note(text: string): void {
    this.plain.add(text);
  }

  /** Adds `count` of `of` to the warning `key` (said only when some count is above 0). */
  count(key: string, count: number, of: number, say: (count: number, of: number) => string): void {
    const c = this.counted.get(key);
    if (c) {
      c.count += count;
      c.of += of;
    } else {
      this.counted.set(key, { count, of, say });
    }
  }

  /** Every warning in words, in the order first seen. */
  list(): string[] {
    const all = [
      ...this.plain,
      ...[...this.counted.values()].filter((c) => c.count > 0).map((c) => c.say(c.count, c.of)),
    ];
    return all.length <= MAX_LISTED
      ? all
      : [...all.slice(0, MAX_LISTED), `and ${all.length - MAX_LISTED} more warnings`];
  }
}

/** How a partial answer's warning begins (partialAnswerWarning), for a reader that counts what is left. */
const PARTIAL_PREFIX = 'partial answer: ';

/**
 * The warning of an answer that leaves out series not scored by its deadline (EngineEnv.wrapUp):
 * a partial answer never passes for a complete one.
 */
export function partialAnswerWarning(left: number, of: number): string {
  return (
    `${PARTIAL_PREFIX}${formatCount(left)} of ${formatCount(of)} series were not scored before the query's deadline ` +
    '(limits.queryTimeout or timeout=) and are left out; the series scored are kept, so asking again scores the rest'
  );
}

/** The counts of a partialAnswerWarning among `warnings`, or undefined when none is one. */
export function partialAnswerLeft(warnings: readonly string[] | undefined): { left: number; of: number } | undefined {
  for (const w of warnings ?? []) {
    const m = /^partial answer: ([\d,]+) of ([\d,]+) series /.exec(w);
    if (m) {
      return { left: Number(m[1].replace(/,/g, '')), of: Number(m[2].replace(/,/g, '')) };
    }
  }
  return undefined;
}

/**
 * The warning of an answer whose inner query matched no series (the companion's envelope, the data
 * source's notice): the answer stays empty, as Prometheus' is, but a misspelt metric is said.
 */
export function noSeriesWarning(call: { func: string; inner: string }): string {
  return `no series match ${call.inner}, so ${call.func}() answers none (is a metric or label misspelt?)`;
}

/** 4730 → "4,730". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * What history.ts rowsOnGrid changed in a series' rows, one sentence each, worded as the CLI's reader
 * warns on stderr: rows sorted, rows of a repeated time merged, rows without a time dropped, points
 * off the grid. `offGrid` ends the last sentence (what such a point shows, or that it was not used).
 */
export function rowNotes(
  c: { outOfOrder: number; merged: number; noTime: number; offGrid: number },
  merged: string,
  offGrid: (one: boolean) => string
): string[] {
  const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  const notes: string[] = [];
  if (c.outOfOrder) {
    notes.push(`Sorted ${plural(c.outOfOrder, 'row', 'rows')} that came after a later timestamp.`);
  }
  if (c.merged) {
    notes.push(
      `Merged ${plural(c.merged, 'duplicate timestamp', 'duplicate timestamps')} into the mean of their values${merged}.`
    );
  }
  if (c.noTime) {
    notes.push(`Dropped ${plural(c.noTime, 'row', 'rows')} without a timestamp.`);
  }
  if (c.offGrid) {
    const one = c.offGrid === 1;
    notes.push(
      `${formatCount(c.offGrid)} point${one ? '' : 's'} off the model's grid (irregular timestamps: ${one ? 'its' : 'their'} ` +
        `grid point and the next were taken) ${offGrid(one)}.`
    );
  }
  return notes;
}
