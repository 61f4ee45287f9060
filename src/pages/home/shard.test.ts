import { mapLimited, regexLiteral, selectorOf, shardMatchers, withMatcher } from './shard';

describe('sharding a selector under the companion limits', () => {
  it('finds the one selector of an expression, or none', () => {
    expect(selectorOf('node_filesystem_avail_bytes{fstype!~"tmpfs"}')).toBe('node_filesystem_avail_bytes{fstype!~"tmpfs"}');
    expect(selectorOf('rate(http_requests_total[5m])')).toBe('http_requests_total');
    expect(selectorOf('instance:node_cpu_utilisation:rate5m')).toBe('instance:node_cpu_utilisation:rate5m');
    expect(selectorOf('max by (pod) (a) - on (pod) b')).toBeUndefined();
    expect(selectorOf('sum(x)')).toBeUndefined();
  });

  it('adds a matcher to the selector', () => {
    expect(withMatcher('m{a="b"}', 'instance=~"x"')).toBe('m{a="b", instance=~"x"}');
    expect(withMatcher('rate(m[5m])', 'instance=~"x"')).toBe('rate(m{instance=~"x"}[5m])');
    expect(withMatcher('m', 'i="1"')).toBe('m{i="1"}');
  });

  it('escapes label values as exact regexes in PromQL strings', () => {
    expect(regexLiteral('10.0.0.1:9100')).toBe('10\\\\.0\\\\.0\\\\.1:9100');
    expect(regexLiteral('a"b')).toBe('a\\"b');
  });

  it('packs groups into shards of at most max series, every series in exactly one shard', () => {
    const series = Array.from({ length: 2500 }, (_, i) => ({ instance: `h${String(Math.floor(i / 5)).padStart(4, '0')}`, mountpoint: `/m${i % 5}` }));
    const shards = shardMatchers(series, 'instance', 500);
    expect(shards).toHaveLength(5);
    const covered = shards.flatMap((m) => /"(.*)"/.exec(m)![1].split('|'));
    expect(new Set(covered).size).toBe(500);
    expect(covered).toHaveLength(500);
  });

  it('keeps a group larger than a shard whole', () => {
    const series = [...Array.from({ length: 7 }, () => ({ instance: 'big' })), { instance: 'small' }];
    expect(shardMatchers(series, 'instance', 3)).toEqual(['instance=~"big"', 'instance=~"small"']);
  });

  it('runs work with bounded concurrency, results in order', async () => {
    let active = 0;
    let most = 0;
    const out = await mapLimited([1, 2, 3, 4, 5], 2, async (x) => {
      active++;
      most = Math.max(most, active);
      await Promise.resolve();
      active--;
      return x * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});
