/** A cache value that can estimate its own size. */
export interface Sized {
  sizeBytes(): number;
  /** Cheap to get again (upstream history): evicted before entries that cost computing. */
  readonly expendable?: boolean;
  /** Gives back what it can recompute when asked (old detector outputs), before entries are evicted. */
  shrink?(): void;
  /** Gives back more, when shrinking every entry was not enough: still cheaper than evicting it. */
  shrinkHard?(): void;
}

/** How a cache over its bound makes room before it evicts the least recently used entries. */
export interface Reclaim<V> {
  /** Entries evicted first, least recently used first. */
  expendable?(v: V): boolean;
  /** Shrinks an entry in place (it is re-measured after; shrunk again only once it changed: `set` or `resize`). */
  shrink?(v: V): void;
  /**
   * Shrinks further, when shrinking every entry left the cache over its bound, before any eviction;
   * false when the entry has no harder level (it is not measured again).
   */
  shrinkHard?(v: V): boolean;
}

/**
 * A least-recently-used map bounded by an estimate of its values' bytes. Values report their own
 * size; an entry that grows after insertion is re-measured with `resize`. Over its bound it evicts
 * expendable entries, then shrinks entries (then harder), then evicts the least recently used (`reclaim`); an
 * expendable entry set or resized that does not fit once the others are gone is dropped itself.
 */
export class ByteLru<V> {
  /** `shrunk`: how hard it was shrunk since last measured (0, 1 shrink, 2 shrinkHard): doing it again gives nothing back. */
  private readonly map = new Map<string, { value: V; bytes: number; shrunk: number }>();
  private total = 0;
  /** Entries evicted as least recently used (not the expendable ones, which are cheap to get again). */
  evictions = 0;
  /** Expendable entries dropped to make room (upstream history: fetched again when asked for). */
  drops = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number,
    private readonly reclaim: Reclaim<V> = {}
  ) {}

  /** Current estimate of bytes held. */
  get bytes(): number {
    return this.total;
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) {
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    this.map.set(key, { value, bytes, shrunk: 0 });
    this.total += bytes;
    this.evict(key);
  }

  /** Re-measures an entry after it changed in place. */
  resize(key: string): void {
    const e = this.map.get(key);
    if (e) {
      const bytes = this.sizeOf(e.value);
      this.total += bytes - e.bytes;
      e.bytes = bytes;
      e.shrunk = 0;
      this.evict(key);
    }
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (e) {
      this.total -= e.bytes;
      this.map.delete(key);
    }
  }

  /** Makes room until under the bound (see the class), sparing `keep` (the entry in use). */
  private evict(keep: string): void {
    const { expendable, shrink } = this.reclaim;
    if (expendable) {
      for (const [k, e] of this.map) {
        if (this.total <= this.maxBytes) {
          return;
        }
        if (k !== keep && expendable(e.value)) {
          this.map.delete(k);
          this.total -= e.bytes;
          this.drops++;
        }
      }
      // An expendable entry that still does not fit goes itself: it never cuts or evicts an entry
      // that costs computing. A cold shard's history (days of 100 series, 10 to 20 MB) evicted the
      // detector runs of the shards scanned before it, which the warm scan then ran again.
      const e = this.map.get(keep);
      if (e && this.total > this.maxBytes && expendable(e.value)) {
        this.map.delete(keep);
        this.total -= e.bytes;
        this.drops++;
        return;
      }
    }
    // Each entry is shrunk (and measured) once per level until it changes (set, resize): a cache at
    // its bound would otherwise walk and re-measure every entry on every insert. The hard level
    // (detector runs cut to their last hours) comes only when every entry's first was not enough:
    // a cut run is still cheaper to keep than one fed again from its start.
    const levels: Array<((v: V) => boolean | void) | undefined> = [shrink, this.reclaim.shrinkHard];
    for (let level = 1; level <= levels.length; level++) {
      const shrinkAt = levels[level - 1];
      if (!shrinkAt) {
        continue;
      }
      for (const [k, e] of this.map) {
        if (this.total <= this.maxBytes) {
          return;
        }
        if (k !== keep && e.shrunk < level) {
          e.shrunk = level;
          if (shrinkAt(e.value) !== false) {
            const bytes = this.sizeOf(e.value);
            this.total += bytes - e.bytes;
            e.bytes = bytes;
          }
        }
      }
    }
    for (const [k, e] of this.map) {
      if (this.total <= this.maxBytes) {
        break;
      }
      if (k !== keep) {
        this.map.delete(k);
        this.total -= e.bytes;
        this.evictions++;
      }
    }
    if (this.total > this.maxBytes && this.map.size === 1) {
      // A single entry larger than the whole cache is not kept.
      this.delete(keep);
    }
  }
}

/** A cache of Sized values that reclaims room as they say (expendable first, then shrink). */
export function sizedLru(maxBytes: number): ByteLru<Sized> {
  return new ByteLru<Sized>(maxBytes, (v) => v.sizeBytes(), {
    expendable: (v) => v.expendable === true,
    shrink: (v) => v.shrink?.(),
    shrinkHard: (v) => (v.shrinkHard ? (v.shrinkHard(), true) : false),
  });
}
