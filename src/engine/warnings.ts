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

/** 4730 → "4,730". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
