import { mapLimited, regexLiteral, selectorOf, shardMatchers, withMatcher } from './shard';

describe('sharding a selector under the companion limits', () => {
  it('finds the one selector of an expression, or none', () => {
    expect(selectorOf('node_filesystem_avail_bytes{fstype!~"tmpfs"}')).toBe(
      'node_filesystem_avail_bytes{fstype!~"tmpfs"}'
    );
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

  /** The instances of each shard, as sorted strings. */
  const members = (shards: string[]) => shards.map((m) => /"(.*)"/.exec(m)![1].split('|').sort().join('|'));
  const fleet = (instances: string[], perInstance = 5) =>
    instances.flatMap((instance) =>
      Array.from({ length: perInstance }, (_, k) => ({ instance, mountpoint: `/m${k}` }))
    );
  const names = (n: number) => Array.from({ length: n }, (_, i) => `node-${String(i).padStart(4, '0')}:9100`);

  it('splits groups into shards of at most max series, every series in exactly one shard', () => {
    const shards = shardMatchers(fleet(names(500)), 'instance', 500);
    const covered = members(shards).flatMap((m) => m.split('|'));
    expect(new Set(covered).size).toBe(500);
    expect(covered).toHaveLength(500);
    for (const m of members(shards)) {
      expect(m.split('|').length * 5).toBeLessThanOrEqual(500);
    }
    // Halving by hash leaves shards between about a quarter and all of max: here 8 of about 312.
    expect(shards.length).toBeLessThanOrEqual(10);
  });

  it('changes only the shard a new instance falls in: the other shards keep their queries', () => {
    const before = names(400);
    const old = new Set(members(shardMatchers(fleet(before), 'instance', 100)));
    // Instances added in the middle of the name order, at its start and at its end.
    for (const added of ['node-0150a:9100', 'a-first:9100', 'zz-last:9100', 'node-0399b:9100']) {
      const now = members(shardMatchers(fleet([...before, added]), 'instance', 100));
      const gone = [...old].filter((m) => !now.includes(m));
      expect(gone).toHaveLength(1);
      // The changed shard's instances, plus the new one, are all its replacements hold.
      const changed = new Set([...gone[0].split('|'), added]);
      const fresh = now.filter((m) => !old.has(m));
      expect(fresh.flatMap((m) => m.split('|')).sort()).toEqual([...changed].sort());
    }
  });

  it('keeps a group larger than a shard whole', () => {
    const series = [...Array.from({ length: 7 }, () => ({ instance: 'big' })), { instance: 'small' }];
    expect(shardMatchers(series, 'instance', 3).sort()).toEqual(['instance=~"big"', 'instance=~"small"']);
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
