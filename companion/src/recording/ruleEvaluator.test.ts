import { type Companion, startCompanion } from '../app';
import type { RecordingRule } from '../config/config';
import { fromRaw } from '../config/loadConfig';
import { silentLogger } from '../log/logger';
import type { Upstream } from '../upstream/types';
import { ruleOutputs } from './ruleEvaluator';

const MINUTE = 60_000;
const NOW = Date.UTC(2024, 0, 10);
const DAY = 24 * 60 * MINUTE;

describe('ruleOutputs', () => {
  it('records a trend as <name>:trend_slope and <name>:trend_pvalue with only the trend options', () => {
    // Built directly: the config rejects an option no recorded function takes (model= for a trend).
    const rule: RecordingRule = {
      name: 'mem',
      expr: 'process_resident_memory_bytes',
      record: ['trend'],
      options: 'train=1d model=linear',
    };
    const outputs = ruleOutputs(rule, MINUTE);
    expect(outputs.map((o) => [o.family, o.query.func, o.query.inner, o.query.options, o.extraLabels])).toEqual([
      ['mem:trend_slope', 'trend_slope', 'process_resident_memory_bytes', { train: 86400_000, step: MINUTE }, {}],
      ['mem:trend_pvalue', 'trend_pvalue', 'process_resident_memory_bytes', { train: 86400_000, step: MINUTE }, {}],
    ]);
  });

  it('needs neither horizon nor capacity for a trend', () => {
    expect(() =>
      fromRaw({ upstream: { type: 'demo' }, rules: { series: [{ name: 'm', expr: 'x', record: ['trend'] }] } })
    ).not.toThrow();
  });
});

/**
 * An upstream answering every range query with two series on its grid: `ramp`, rising exactly
 * 2 per minute, and `flat`, alternating 0, 1, 0, 1 (no trend).
 */
const fakeUpstream: Upstream = {
  description: 'fake',
  ready: async () => undefined,
  call: async (_path, params) => {
    const [start, end, step] = ['start', 'end', 'step'].map((k) => Number(params.get(k)) * 1000);
    const grid: number[] = [];
    for (let t = start; t <= end; t += step) {
      grid.push(t);
    }
    const series = (shape: string, f: (t: number) => number) => ({
      metric: { __name__: 'm', shape },
      values: grid.map((t): [number, string] => [t / 1000, String(f(t))]),
    });
    return {
      status: 200,
      body: {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [series('ramp', (t) => (2 * (t - NOW + DAY)) / MINUTE), series('flat', (t) => (t / MINUTE) % 2)],
        },
      },
    };
  },
};

describe('RuleEvaluator with a trend rule', () => {
  let c: Companion;
  beforeAll(async () => {
    c = await startCompanion(
      fromRaw({
        listen: { port: 0 },
        upstream: { type: 'demo' },
        rules: { step: '1m', series: [{ name: 'm', expr: 'm', record: ['trend'], options: 'train=1h' }] },
      }),
      { logger: silentLogger, now: () => NOW, upstream: fakeUpstream }
    );
    await c.rules.evaluateOnce();
  });
  afterAll(() => c.close());

  const value = (family: string, shape: string) =>
    c.rules.families().find((f) => f.name === family)!.samples.find((s) => s.labels.shape === shape)!.value;

  it("records Sen's slope per second: an exact ramp of 2 per minute has slope 2/60", () => {
    expect(value('m:trend_slope', 'ramp')).toBeCloseTo(2 / 60, 12);
    // Every pair of the alternating series is 0 or ±1/lag, and the zeros are the median.
    expect(value('m:trend_slope', 'flat')).toBe(0);
  });

  it('records the Mann-Kendall p-value: tiny for a strictly rising series, large for no trend', () => {
    // Strictly rising over 60 points: S = n(n-1)/2 = 1770, Var(S) = 24583, Z = 11.3, p ≈ 2e-29.
    expect(value('m:trend_pvalue', 'ramp')).toBeLessThan(1e-20);
    // Alternating 0/1 over 60 points: S = 30, tie-corrected Var(S) = 18300, Z = 0.214, p = 0.83.
    expect(value('m:trend_pvalue', 'flat')).toBeGreaterThan(0.75);
  });

  it('exposes both families on /metrics as OpenMetrics gauges, keeping the inner labels', async () => {
    const text = await (await fetch(c.url + '/metrics')).text();
    expect(text).toContain('# TYPE m:trend_slope gauge');
    expect(text).toContain('# TYPE m:trend_pvalue gauge');
    expect(text).toMatch(/^m:trend_slope\{shape="ramp"\} 0\.0333333333333/m);
    expect(text).toMatch(/^m:trend_slope\{shape="flat"\} 0$/m);
  });
});
