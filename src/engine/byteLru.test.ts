import { ByteLru } from './byteLru';

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
});
