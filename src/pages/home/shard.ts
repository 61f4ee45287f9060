/**
 * Splits a selector that matches many series into queries that each stay under the companion's
 * limits.maxSeries (default 1,000): the series are listed once (`/api/v1/series`), grouped by one
 * label (instance), and the groups split by hash into shards, each an extra `label=~"a|b|…"` matcher.
 * Only expressions with one selector are split (`m{…}`, `f(m{…}[5m])`); others run as one query.
 */
import { stringHash } from '../../common/stringHash';
import { labelsKey } from '../../engine/history';

/** Series per shard: half the companion's default limit, so a shard that grows between listing and query still fits. */
export const SHARD_SERIES = 500;

const SIMPLE = /^(\s*[A-Za-z_]+\(\s*)?([A-Za-z_:][A-Za-z0-9_:]*)(\{[^{}]*\})?(\s*\[[0-9a-z]+\]\s*\)\s*|\s*)$/;

/** The selector inside `expr` (for /api/v1/series), or undefined when expr is not a one-selector expression. */
export function selectorOf(expr: string): string | undefined {
  const m = SIMPLE.exec(expr);
  if (!m || (m[1] && !m[4].includes(')'))) {
    return undefined;
  }
  return `${m[2]}${m[3] ?? ''}`;
}

/** `expr` with `matcher` (e.g. `instance=~"a|b"`) added to its selector. */
export function withMatcher(expr: string, matcher: string): string {
  const m = SIMPLE.exec(expr);
  if (!m) {
    throw new Error(`cannot add a matcher to ${expr}`);
  }
  const inner = m[3] ? m[3].slice(1, -1).trim() : '';
  return `${m[1] ?? ''}${m[2]}{${inner ? `${inner}, ` : ''}${matcher}}${m[4]}`;
}

/** A value as an exact-match regex inside a PromQL double-quoted string. */
export function regexLiteral(value: string): string {
  const re = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return re.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Groups label sets by `label` and splits the groups into shards of at most `max` series whose
 * membership depends only on the groups themselves, not on their position in the fleet: each group
 * is placed by a hash of its label set (`labelsKey({ [label]: value })`), and the hash space is
 * halved, by its next bit, wherever a part holds more than `max` series. So a new instance (or one
 * gone) changes only the shard its hash falls in (which may split in two, or merge with its
 * sibling), and every other shard keeps its query, and the companion's cached runs for it. Packing
 * the groups in name order, as before, moved every later shard's boundary. Shards hold about half
 * to three quarters of `max` rather than close to it, so there are more of them (docs/home.md).
 * A group larger than `max` is a shard of its own (the companion then says it is too large).
 * Series without the label form one group matched by `label=""`.
 */
export function shardMatchers(series: Array<Record<string, string>>, label: string, max = SHARD_SERIES): string[] {
  const counts = new Map<string, number>();
  for (const s of series) {
    const v = s[label] ?? '';
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const groups = [...counts.entries()]
    .map(([value, n]) => ({ value, n, h: stringHash(labelsKey({ [label]: value })) }))
    .sort((a, b) => a.h - b.h || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  // before[i]: series in groups[0..i), for the size of any run of groups.
  const before = [0];
  for (const g of groups) {
    before.push(before[before.length - 1] + g.n);
  }
  const shards: string[][] = [];
  // Groups lo..hi share the hash's bits above `bit`: within them, those with `bit` clear come first.
  const split = (lo: number, hi: number, bit: number): void => {
    if (lo === hi) {
      return;
    }
    if (before[hi] - before[lo] <= max || hi - lo === 1 || bit < 0) {
      shards.push(
        groups
          .slice(lo, hi)
          .map((g) => g.value)
          .sort()
      );
      return;
    }
    let mid = lo;
    while (mid < hi && ((groups[mid].h >>> bit) & 1) === 0) {
      mid++;
    }
    split(lo, mid, bit - 1);
    split(mid, hi, bit - 1);
  };
  split(0, groups.length, 31);
  return shards.map((values) => `${label}=~"${values.map(regexLiteral).join('|')}"`);
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  work: (item: T, i: number) => Promise<R>
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  });
  await Promise.all(runners);
  return out;
}
