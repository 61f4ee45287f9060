import { ByteLru, sizedLru, type Sized } from './byteLru';

/** An entry of `n` bytes, expendable or shrinking to `shrinkTo` when asked. */
const entry = (n: number, opts: { expendable?: boolean; shrinkTo?: number } = {}): Sized & { n: number } => {
  const e = {
    n,
    expendable: opts.expendable,
    sizeBytes: () => e.n,
    shrink: opts.shrinkTo === undefined ? undefined : () => void (e.n = Math.min(e.n, opts.shrinkTo!)),
  };
  return e;
};

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
    // Counted apart: the history dropped (fetched again), the entry evicted (computed again).
    expect(lru.drops).toBe(1);
    expect(lru.evictions).toBe(1);
  });

  it('an expendable entry that does not fit goes itself: it neither cuts nor evicts computed entries', () => {
    const lru = sizedLru(100);
    const runs = [entry(30, { shrinkTo: 10 }), entry(30, { shrinkTo: 10 })];
    runs.forEach((r, i) => lru.set(`run${i}`, r));
    lru.set('old history', entry(20, { expendable: true }));
    // A cold shard's history, larger than the room left even without the other history.
    lru.set('history', entry(50, { expendable: true }));
    expect(lru.get('history')).toBeUndefined();
    expect(lru.get('old history')).toBeUndefined();
    expect(runs.map((r) => r.n)).toEqual([30, 30]);
    expect(lru.get('run0')).toBe(runs[0]);
    expect(lru.get('run1')).toBe(runs[1]);
    expect([lru.drops, lru.evictions, lru.bytes]).toEqual([2, 0, 60]);
    // History that fits once the other history went stays.
    lru.set('small history', entry(40, { expendable: true }));
    expect(lru.get('small history')).toBeDefined();
    expect(lru.bytes).toBe(100);
  });

  it('stays within its byte budget under a stream of entries, counting every entry it removes', () => {
    const lru = sizedLru(1000);
    let inserted = 0;
    for (let i = 0; i < 500; i++) {
      // History-like (expendable) and run-like entries of uneven sizes, some read again.
      lru.set(`k${i}`, { expendable: i % 3 === 0, sizeBytes: () => 50 + ((i * 37) % 200) });
      inserted++;
      lru.get(`k${Math.floor(i / 2)}`);
      expect(lru.bytes).toBeLessThanOrEqual(1000);
    }
    expect(lru.drops).toBeGreaterThan(0);
    expect(lru.evictions).toBeGreaterThan(0);
    expect(lru.size + lru.drops + lru.evictions).toBe(inserted);
  });
});

describe('ByteLru at its bound', () => {
  it('shrinks and re-measures an entry once until it changes, not on every insert', () => {
    let shrinks = 0;
    let measures = 0;
    // Entries without a floor cannot shrink.
    const entry = (n: number, floor?: number): Sized & { n: number } => {
      const e = {
        n,
        sizeBytes: () => (measures++, e.n),
        shrink: floor === undefined ? undefined : () => void (shrinks++, (e.n = Math.min(e.n, floor))),
      };
      return e;
    };
    const lru = sizedLru(100);
    const runs = [entry(30, 20), entry(30, 20), entry(30, 20)];
    runs.forEach((r, i) => lru.set(`run${i}`, r));
    lru.set('a', entry(15)); // 105: run0 is cut to 20
    expect(shrinks).toBe(1);
    expect(lru.bytes).toBe(95);
    shrinks = 0;
    measures = 0;
    lru.set('b', entry(5)); // 100: fits
    lru.set('c', entry(10)); // 110: run1 is cut (run0 was already), 100
    expect(shrinks).toBe(1);
    expect(lru.bytes).toBe(100);
    shrinks = 0;
    measures = 0;
    // Over again: run2 is cut, every other entry is tried once (shrinking a, b and c gives nothing),
    // then the least recent (run0) goes.
    lru.set('d', entry(20));
    expect(shrinks).toBe(1);
    expect(lru.get('run0')).toBeUndefined();
    shrinks = 0;
    measures = 0;
    // And again: nothing changed since, so nothing is shrunk, and nothing is measured but the new
    // entry and d (spared as the entry in use when it came).
    lru.set('e', entry(20));
    expect(shrinks).toBe(0);
    expect(measures).toBe(2);
    expect(lru.bytes).toBeLessThanOrEqual(100);
    // An entry that changed (set again) is shrunk again when room is next needed.
    runs[2].n = 30;
    lru.set('run2', runs[2]);
    lru.set('f', entry(10));
    expect(runs[2].n).toBe(20);
  });
});
