/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * A Running out row tells one story: its trend cell prints the test its time to exhaustion used
 * (the companion's `gate`), so "no trend" never stands beside a "leak" (or a "full in 2.6 d" beside
 * "no significant trend"). Before, the cell printed the window's trend test (two-sided at 1 %, its
 * own segment and season): on the demo, api-2 read "no trend" beside "leak, +1.25 MB/day,
 * p = 0.0054", and api-1 "full in …" beside "no significant trend". Every hour of the demo's last
 * four days, for the page's two pairs.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { CompanionClient } from '../../../src/pages/home/companionClient';
import { exhaustionText, RESETS_FIRST } from '../../../src/pages/home/format';
import { tteQuery } from '../../../src/pages/home/runningOut';
import { CONTAINER_MEMORY, FILESYSTEMS, userPair, type CapacityPair } from '../../../src/pages/home/selectors';
import { trendText } from '../../../src/pages/home/trendPhrase';
import { nodeFetch } from '../../support/nodeFetch';
import { observe } from '../../support/observe';

const PROXY = '/companion';
const NOW = Date.UTC(2026, 5, 10, 12, 34, 56);
let companion: Companion;

jest.mock('@grafana/runtime', () => ({
  isFetchError: (e: unknown) => typeof e === 'object' && e !== null && 'status' in e,
  getBackendSrv: () => ({
    fetch: (r: { url: string; method: string; data?: string; headers?: Record<string, string> }) =>
      observe(
        nodeFetch(r.url.replace(PROXY, companion.url), { method: r.method, body: r.data, headers: r.headers }).then(
          async (res) => ({ data: await res.json() })
        )
      ),
  }),
}));

beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    {
      logger: silentLogger,
      now: () => NOW,
    }
  );
});
afterAll(async () => companion?.close());

const LEAK = userPair('API memory|process_resident_memory_bytes{job="api"}|1e9', 0) as CapacityPair;

it.each([
  ['API memory', LEAK],
  ['Filesystems', FILESYSTEMS],
])('%s: the trend cell says a trend toward the limit exactly when the time cell gives a time', async (_, pair) => {
  const client = new CompanionClient(PROXY);
  let rows = 0;
  let withTest = 0;
  for (let hoursAgo = 0; hoursAgo < 96; hoursAgo++) {
    const at = NOW / 1000 - hoursAgo * 3600;
    // The page's sort pass (trend=false interval=false): the cell needs nothing else.
    for (const r of await client.exhaustion(tteQuery(pair), at, true)) {
      rows++;
      const time = exhaustionText(r.seconds, r.lower, r.upper, r.verdict, r.gate, r.sinceReset);
      const trend = trendText(r.gate, r.verdict, pair, r.sinceReset);
      const story = `${r.labels.instance} ${hoursAgo} h ago: "${time}" beside "${trend}"`;
      // A leak whose restarts recur clear of the limit (the demo's api-1 against 1 GB, seen over seven
      // days): no time, and both cells say why rather than "no trend" beside "leak, p < 0.001".
      const recurring = r.verdict === 'no_trend' && r.gate?.significant === true;
      expect([story, trend.startsWith('no trend')]).toEqual([story, time === 'no trend']);
      if (recurring) {
        expect([story, trend]).toEqual([story, expect.stringMatching(/between resets that recur clear of the limit/)]);
        expect([story, time]).toEqual([story, RESETS_FIRST]);
      }
      if (r.verdict === undefined) {
        // Too little data since the restart: no answer, and no test to print.
        expect([story, trend]).toEqual([story, 'no trend test (too little data)']);
        continue;
      }
      withTest++;
      expect([story, r.gate?.significant]).toEqual([story, r.verdict !== 'no_trend' || recurring]);
      expect([story, r.gate!.pValue < r.gate!.alpha]).toEqual([story, r.gate!.significant]);
    }
  }
  expect(rows).toBeGreaterThanOrEqual(96 * 2);
  expect(withTest).toBeGreaterThan(rows * 0.9);
});

it("the demo's leaking cart container reads as its headroom falling, never as a leak with a minus sign", async () => {
  // Container memory is limit − working set: a leak makes it fall. Before, the cell read "leak, −37.2 MB/day".
  const rows = await new CompanionClient(PROXY).exhaustion(tteQuery(CONTAINER_MEMORY), NOW / 1000, true);
  const cart = rows.find((r) => r.labels.container === 'cart')!;
  expect(cart.gate?.significant).toBe(true);
  expect(trendText(cart.gate, cart.verdict, CONTAINER_MEMORY, cart.sinceReset)).toMatch(
    /^leak, headroom falling \d+(\.\d+)? MB\/day, p /
  );
});
