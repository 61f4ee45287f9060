/**
 * The demo's database volume one whole daily cycle after its 2026-12-03 clean-up, over loopback: the
 * home page's exhaustion endpoint and an alert rule's /api/v1/query agree, at the 1-minute step and at
 * step=1h, and neither says "full in 3.4 d" for the hour the refit at 00:00 UTC is served, between
 * answers of about 11-12 d (src/ml/forecast/curvedTrend.ts admitCurve; the truth is about 13 d).
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';

const NOW = Date.UTC(2026, 11, 7, 12);
const AT = Date.UTC(2026, 11, 4) / 1000;
const VOLUME = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

async function get(path: string, params: Record<string, string>): Promise<any> {
  const r = await fetch(`${companion.url}${path}?${new URLSearchParams(params)}`);
  return r.json();
}

describe.each(['direction=down', 'direction=down step=1h'])('db-1 at 2026-12-04 00:00 and 00:30 UTC (%s)', (opts) => {
  it('answers the fill, not a curve through one daily cycle, at both doors', async () => {
    const query = `time_to_exhaustion(${VOLUME}, 0, "${opts}")`;
    for (const time of [AT, AT + 1800]) {
      const home = await get('/api/v1/bellwether/exhaustion', { query, time: String(time) });
      const alert = await get('/api/v1/query', { query, time: String(time) });
      const seconds = Number(home.data.result[0].seconds);
      expect(Number(alert.data.result[0].value[1])).toBe(seconds);
      expect(seconds / 86_400).toBeGreaterThan(9);
      expect(seconds / 86_400).toBeLessThan(16);
    }
  });
});
