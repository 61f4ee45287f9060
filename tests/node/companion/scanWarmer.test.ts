/**
 * The companion keeps the home page's "Anomalous now" scan warm (`warm:`, companion/src/warm/
 * scanWarmer.ts): after its pass, the page's scan finds every detector run it needs in the cache
 * (the same keys: the warmer runs the page's own loadSelector) and fetches no history, and its
 * answer is the one a cold companion gives. A page scan sent while the warmer feeds the same runs
 * (it gives way to client queries, except one waiting for the run it feeds) answers too, the same.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { loadSelector } from '../../../src/pages/home/anomalous';
import { GOLDEN_SIGNALS } from '../../../src/pages/home/selectors';
import { fleetUpstream } from '../../support/fleet';
import { nodeClient } from '../../support/homeNodeClient';
import { until } from '../../support/until';

const anchor = Date.UTC(2026, 5, 10, 12);
const clock = anchor + 600_000;
const CPU = GOLDEN_SIGNALS[0];

async function companionOf(warm: boolean): Promise<Companion> {
  return startCompanion(
    fromRaw({
      listen: { port: 0 },
      upstream: { type: 'demo' },
      limits: { queryTimeout: '1h' },
      ...(warm ? { warm: { enabled: true, selectors: [CPU.expr] } } : {}),
    }),
    { logger: silentLogger, upstream: fleetUpstream(0, 12, anchor), now: () => clock }
  );
}

/** Counts the detector runs a companion's queries found in its cache, and those it had to run. */
function runLookups(c: Companion) {
  const n = { hit: 0, miss: 0 };
  const get = c.cache.get.bind(c.cache);
  c.cache.get = (key: string) => {
    const v = get(key);
    if (key.startsWith('detect\u0000')) {
      n[v ? 'hit' : 'miss']++;
    }
    return v;
  };
  return n;
}

const scan = (c: Companion) => loadSelector(nodeClient(c.url), CPU, clock / 1000);

let cold: Awaited<ReturnType<typeof scan>>;

beforeAll(async () => {
  const c = await companionOf(false);
  try {
    cold = await scan(c);
  } finally {
    await c.close();
  }
  expect(cold.scored).toBe(12);
  expect(cold.error).toBeUndefined();
}, 600_000);

test('after a warm pass the page scan reads every run from the cache and answers as a cold companion', async () => {
  const c = await companionOf(true);
  try {
    await until('a warm pass', () => c.warmer.stats.passes >= 1);
    expect(c.warmer.stats).toMatchObject({
      listed: 12,
      scored: 12,
      failures: 0,
      lastCompleteSeconds: clock / 1000,
      lastPassEvictions: 0,
    });
    const lookups = runLookups(c);
    const points = c.history.stats.upstreamPoints;
    const warm = await scan(c);
    expect(lookups.miss).toBe(0);
    expect(lookups.hit).toBeGreaterThan(0);
    expect(c.history.stats.upstreamPoints).toBe(points);
    expect(warm).toEqual(cold);
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    expect(metrics).toContain('bellwether_warm_series_scored 12');
  } finally {
    await c.close();
  }
}, 600_000);

test('a page scan sent while the warmer feeds the same runs answers, as a cold companion', async () => {
  const c = await companionOf(true);
  try {
    // The warmer's pass started with the companion: the page's query waits for the run it feeds.
    expect(c.warmer.stats.passes).toBe(0);
    expect(await scan(c)).toEqual(cold);
    await until('a warm pass', () => c.warmer.stats.passes >= 1);
  } finally {
    await c.close();
  }
}, 600_000);
