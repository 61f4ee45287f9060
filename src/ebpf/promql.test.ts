import { liveQueries, parseMatchers, selector } from './promql';
import { instantValue, liveComparison } from './live';

describe('label matchers', () => {
  it('parses what a user types, with or without braces', () => {
    expect(parseMatchers('{container="beyla", namespace=~"obs.*"}')).toEqual([
      { label: 'container', op: '=', value: 'beyla' },
      { label: 'namespace', op: '=~', value: 'obs.*' },
    ]);
    expect(parseMatchers('name!="a\\"b"')).toEqual([{ label: 'name', op: '!=', value: 'a"b' }]);
  });

  it('names the position of a syntax error', () => {
    expect(() => parseMatchers('container="beyla" pod="x"')).toThrow(/position 0/);
    expect(() => parseMatchers('container="beyla",1pod="x"')).toThrow(/position 18/);
    expect(() => parseMatchers('')).toThrow(/at least one/);
  });

  it('escapes values when formatting', () => {
    expect(selector('m', [{ label: 'a', op: '=', value: 'x"y\\z' }])).toBe('m{a="x\\"y\\\\z"}');
    expect(() => selector('m', [{ label: 'bad-name', op: '=', value: 'x' }])).toThrow(/not a valid label name/);
  });
});

describe('liveQueries', () => {
  const q = liveQueries(parseMatchers('container="beyla"'), parseMatchers('container="app"'));
  it('builds per-node cAdvisor queries', () => {
    expect(q.agentCpuCores).toBe('avg(sum by (instance) (rate(container_cpu_usage_seconds_total{container="beyla"}[5m])))');
    expect(q.agentMemoryBytesMax).toBe('max(max_over_time(sum by (instance) (container_memory_working_set_bytes{container="beyla"})[1h:1m]))');
    expect(q.serviceCpuCores).toBe('sum(rate(container_cpu_usage_seconds_total{container="app"}[5m]))');
  });
  it('rejects bad durations and node labels', () => {
    expect(() => liveQueries(parseMatchers('a="b"'), parseMatchers('a="c"'), { rateWindow: '5 minutes' })).toThrow(/not a Prometheus duration/);
    expect(() => liveQueries(parseMatchers('a="b"'), parseMatchers('a="c"'), { nodeLabel: 'no de' })).toThrow(/label name/);
  });
});

describe('instantValue and liveComparison', () => {
  const vec = (...vals: string[]) => ({ status: 'success', data: { resultType: 'vector', result: vals.map((v) => ({ metric: {}, value: [1700000000, v] })) } });

  it('reads one sample or a scalar', () => {
    expect(instantValue(vec('0.25'))).toBe(0.25);
    expect(instantValue({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } })).toBe(2);
  });

  it('explains empty, multi-series, error and special values', () => {
    expect(() => instantValue(vec())).toThrow(/matchers select no cAdvisor series/);
    expect(() => instantValue(vec('1', '2'))).toThrow(/got 2: aggregate/);
    expect(() => instantValue({ status: 'error', errorType: 'bad_data', error: 'parse error' })).toThrow(/parse error/);
    expect(() => instantValue(vec('NaN'))).toThrow(/returned NaN/);
    expect(() => instantValue(vec('+Inf'))).toThrow(/returned \+Inf/);
    expect(() => instantValue(vec('-Inf'))).toThrow(/returned -Inf/);
    expect(() => instantValue(vec('1,5'))).toThrow(/not a Prometheus sample value: "1,5"/);
  });

  it('labels every figure with its query and reports unusable responses instead of zeros', () => {
    const { row, errors } = liveComparison('Beyla', 'ebpf', q(), { agentCpuCores: vec('0.1'), agentMemoryBytesAvg: vec(String(64 * 1024 * 1024)), agentMemoryBytesMax: vec() }, 5);
    expect(row.figures.map((f) => [f.metric, f.value])).toEqual([
      ['agentCpuCores', 0.1],
      ['agentMemoryMiBAvg', 64],
    ]);
    expect(row.figures[0].source).toEqual({ kind: 'live', query: q().agentCpuCores, evaluatedAt: 5 });
    expect(errors).toEqual([expect.stringMatching(/^agentMemoryBytesMax: no data/)]);
  });

  function q() {
    return liveQueries(parseMatchers('container="beyla"'), parseMatchers('container="app"'));
  }
});
