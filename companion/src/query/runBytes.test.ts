/**
 * What a cached detector run of the home page's scan counts against the cache, a series: the
 * default cache must hold the 2,000 golden-signal series' runs (docs/home.md, "The warm scan reads
 * cached runs"), or a refresh computes the evicted ones again. Sizes only, never time.
 */
import type { Sized } from '../../../src/engine/byteLru';
import { detectAllOnGrid } from '../../../src/engine/detectRuns';
import { fleetCpu } from '../../../tests/support/fleet';
import { companionEnv, memoryUpstream } from '../../../tests/support/memoryUpstream';
import { FIT_CACHE_SHARE } from '../app';
import { DEFAULTS } from '../config/config';

const MIN = 60_000;
const DAY = 1440 * MIN;
/** The fleet scan's time in the homeScan bench (2026-12-05 19:00 UTC): its runs are 11.8 days old. */
const ANCHOR = 1796497200000;
const SERIES = 4;
/** The golden-signal series the home page scans at fleet scale (issue 19). */
const FLEET = 2000;
/** Room left for the history the scan fetches and other queries' runs. */
const HEADROOM = 0.15;

test("a scan's cached run counts few enough bytes a series for the default cache to hold 2,000 series", async () => {
  const n = (16 * DAY) / MIN;
  const t0 = ANCHOR - (n - 1) * MIN;
  const series = Array.from({ length: SERIES }, (_, i) => {
    const s = fleetCpu(i + 1, ANCHOR);
    return { labels: s.labels, values: Float64Array.from({ length: n }, (_, k) => s.at(t0 + k * MIN)) };
  });
  // The scan's defaults: 1-minute steps, 3 days of training.
  const defaults = { step: MIN, train: 3 * DAY, refit: 60 * MIN, sensitivity: 0.5, level: 0.95 };
  const env = companionEnv(memoryUpstream(series, t0, MIN), defaults, () => ANCHOR + 10 * MIN);
  const runs: Sized[] = [];
  const set = env.cache.set.bind(env.cache);
  env.cache.set = (key, v) => {
    if (key.startsWith('detect\u0000')) {
      runs.push(v);
    }
    set(key, v);
  };
  // The scan's query: its last 2 hours.
  const points = Array.from({ length: 120 }, (_, k) => ANCHOR - (119 - k) * MIN);
  const [d] = await detectAllOnGrid({ func: 'anomaly_score', inner: 'cpu', options: {} }, { step: MIN, points }, env);
  expect(d.outputs.score.some(Number.isFinite)).toBe(true);

  expect(new Set(runs).size).toBe(1);
  const perSeries = runs[0].sizeBytes() / SERIES;
  const runShare = DEFAULTS.cache.maxBytes * (1 - FIT_CACHE_SHARE);
  // 73,432 bytes a series (130,744 before the times ring and the smaller chunks): 2,000 series take
  // 140 MiB of the 180 MiB the default 192 MiB cache keeps for runs and history.
  expect(perSeries).toBeLessThan(((1 - HEADROOM) * runShare) / FLEET);
}, 120_000);
