/**
 * The shipped leak alert (provisioning: `trend_slope(process_resident_memory_bytes, "train=1d")`,
 * with `trend_pvalue` < 0.01 in the Prometheus and Grafana versions) stays firing across a restart of
 * the demo's api-1, which leaks 6 MB/h (1,667 B/s) and is restarted every 3.5 days: a restart frees
 * memory, it does not stop the leak. Before, at the 2025-06-05 00:00 restart the condition failed for
 * 540 minutes (8-17 h on, reading down to -4,992 B/s: the collector's drops before the restart read as
 * resets, so the restart was none and the trend read across it); at the 06-08 12:00 one the trend had no
 * value for 9 minutes and read up to 22,611 B/s. api-2, which does not leak, never meets it.
 */
import { companionEnv } from '../../../tests/support/memoryUpstream';
import { DemoUpstream } from '../upstream/demo/demoUpstream';
import type { DerivedQuery } from './ast';
import { evaluateRange } from './evaluate';
import { parseQuery } from './parser';

jest.setTimeout(10 * 60_000);

const MIN = 60_000;
const TOOTH = 3.5 * 86_400_000;
const LEAK = 6e6 / 3600;

test.each([0, 1])('restart %i after 2025-06-02: the leak condition holds at every minute of the next 13 h', async (k) => {
  const restart = Math.ceil(Date.UTC(2025, 5, 2) / TOOTH) * TOOTH + k * TOOTH;
  const now = restart + 14 * 3_600_000;
  const env = companionEnv(
    new DemoUpstream(() => now),
    { step: MIN, train: 3 * 86_400_000, refit: 3_600_000, level: 0.95 },
    () => now
  );
  const series = async (f: string) => {
    const q = parseQuery(`${f}(process_resident_memory_bytes, "train=1d")`) as DerivedQuery;
    const out = await evaluateRange(q, restart - 30 * MIN, restart + 13 * 60 * MIN, MIN, env);
    return new Map(out.result.map((r) => [r.metric.instance, r.values.map(([, v]) => Number(v))]));
  };
  const slope = await series('trend_slope');
  const p = await series('trend_pvalue');
  const steps = 13 * 60 + 31;
  expect(slope.get('api-1:8080')).toHaveLength(steps);
  expect(p.get('api-1:8080')).toHaveLength(steps);
  for (const s of slope.get('api-1:8080')!) {
    expect(Math.abs(s / LEAK - 1)).toBeLessThan(0.15);
  }
  expect(Math.max(...p.get('api-1:8080')!)).toBeLessThan(0.01);
  const api2 = slope.get('api-2:8080')!.map((s, i) => s > 278 || (s > 0 && p.get('api-2:8080')![i] < 0.01));
  expect(api2.filter(Boolean)).toHaveLength(0);
  expect((env.warnings?.list() ?? []).join('\n')).not.toMatch(/no value/);
});

test("the restart is still one: api-1's forecast after it follows the new tooth", async () => {
  const restart = Math.ceil(Date.UTC(2025, 5, 2) / TOOTH) * TOOTH;
  const now = restart + 3 * 3_600_000;
  const env = companionEnv(
    new DemoUpstream(() => now),
    { step: MIN, train: 3 * 86_400_000, refit: 3_600_000, level: 0.95 },
    () => now
  );
  const q = parseQuery(
    'forecast(process_resident_memory_bytes{instance="api-1:8080"}, 1h, "train=1d step=15m")'
  ) as DerivedQuery;
  const out = await evaluateRange(q, restart - 15 * MIN, restart + 120 * MIN, 15 * MIN, env);
  const [before, ...after] = out.result[0].values.map(([t, v]) => [t * 1000 - restart, Number(v)]);
  expect(before[0]).toBeLessThan(0);
  expect(before[1]).toBeGreaterThan(800e6); // the old tooth, at 830 MB
  expect(after.length).toBeGreaterThan(5);
  for (const [, v] of after) {
    expect(v).toBeLessThan(400e6); // the new one, from 310 MB
  }
});
