import { ByteLru, sizedLru, type Sized } from './byteLru';

describe('ByteLru', () => {
  const sized = () => new ByteLru<Float64Array>(100, (a) => a.byteLength);

  it('evicts the least recently used entries beyond the byte bound', () => {
    const lru = sized();
    lru.set('a', new Float64Array(5)); // 40 bytes
    lru.set('b', new Float64Array(5)); // 80
    lru.get('a'); // a is now the most recent
    lru.set('c', new Float64Array(5)); // 120 > 100: b goes
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    expect(lru.bytes).toBe(80);
  });

  it('re-measures entries that grew and does not keep one larger than the bound', () => {
    const lru = new ByteLru<{ n: number }>(100, (v) => v.n);
    const v = { n: 10 };
    lru.set('a', v);
    lru.set('b', { n: 10 });
    v.n = 95;
    lru.resize('a');
    expect(lru.get('b')).toBeUndefined();
    expect(lru.bytes).toBe(95);
    lru.set('huge', { n: 1000 });
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
  });

  it('over its bound, evicts expendable entries first, then shrinks entries, and only then evicts the least recent', () => {
    const entry = (n: number, opts: { expendable?: boolean; shrinkTo?: number } = {}): Sized & { n: number } => {
      const e = {
        n,
        expendable: opts.expendable,
        sizeBytes: () => e.n,
        shrink: opts.shrinkTo === undefined ? undefined : () => void (e.n = Math.min(e.n, opts.shrinkTo!)),
      };
      return e;
    };
    const lru = sizedLru(100);
    const run = entry(40, { shrinkTo: 10 });
    lru.set('run', run);
    lru.set('history', entry(30, { expendable: true }));
    lru.set('other', entry(20));
    // 40 + 30 + 20 + 30 = 120: the history goes although the run is older.
    lru.set('new', entry(30));
    expect(lru.get('history')).toBeUndefined();
    expect(lru.get('run')).toBe(run);
    expect(run.n).toBe(40);
    // 40 + 20 + 30 + 30 = 120, nothing expendable: the run is cut to 10, every entry stays.
    lru.set('more', entry(30));
    expect(run.n).toBe(10);
    expect(lru.bytes).toBe(90);
    expect(lru.size).toBe(4);
    // Nothing left to cut: the least recently used goes.
    lru.set('last', entry(30));
    expect(lru.get('other')).toBeUndefined();
    expect(lru.bytes).toBe(100);
  });
});
