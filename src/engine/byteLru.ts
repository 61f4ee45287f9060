/** A cache value that can estimate its own size. */
export interface Sized {
  sizeBytes(): number;
}

/**
 * A least-recently-used map bounded by an estimate of its values' bytes. Values report their own
 * size; an entry that grows after insertion is re-measured with `resize`.
 */
export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number
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
    this.map.set(key, { value, bytes });
    this.total += bytes;
    this.evict(key);
  }

  /** Re-measures an entry after it changed in place. */
  resize(key: string): void {
    const e = this.map.get(key);
    if (e) {
      this.total += this.sizeOf(e.value) - e.bytes;
      e.bytes = this.sizeOf(e.value);
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

  /** Evicts oldest entries until under the bound, sparing `keep` (the entry in use). */
  private evict(keep: string): void {
    for (const [k, e] of this.map) {
      if (this.total <= this.maxBytes) {
        break;
      }
      if (k !== keep) {
        this.map.delete(k);
        this.total -= e.bytes;
      }
    }
    if (this.total > this.maxBytes && this.map.size === 1) {
      // A single entry larger than the whole cache is not kept.
      this.delete(keep);
    }
  }
}
