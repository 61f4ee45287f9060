/**
 * The demo's api-1 (a 6 MB/h leak under a 25 MB garbage-collector sawtooth every 7 minutes, restarted
 * every 3.5 days) against 1 GB, through the companion's exhaustion endpoint at 15 s, 30 s, 1 m and 5 m.
 * Time to exhaustion's 14 days, read at a coarser step where they exceed the points limit
 * (src/engine/trainingStep.ts), hold the same restarts at every step, so every step gives the same
 * answer: the segment since the last restart (82.6 h, not a collector's drop), and "no trend" because
 * the next restart is due in 1.4 h, before the crossing. Before, the points limit cut the window to
 * 41.7 h at 15 s and 83.3 h at 30 s, which held one restart or none: "within" there, "no trend" at 1 m.
 * Before that, at 15 s the collector's drops were read as resets: 11.8 h (from 1.7 h).
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';

// 82.6 h after a restart of api-1 (demoSeries.ts: restarts every 3.5 days from the epoch).
const NOW = 1_796_553_180_000;
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

async function at(step: string): Promise<any> {
  const res = await fetch(`${companion.url}/api/v1/bellwether/exhaustion`, {
    method: 'POST',
    body: new URLSearchParams({
      query: `time_to_exhaustion(process_resident_memory_bytes{instance="api-1:8080"}, 1e9, "direction=up step=${step}")`,
      time: String(NOW / 1000),
    }),
  });
  const body = await res.json();
  expect([res.status, body.error]).toEqual([200, undefined]);
  const rows = body.data.result;
  expect(rows).toHaveLength(1);
  return rows[0];
}

it('reads the same restarts at every step: since the last one, and none before the next is due', async () => {
  for (const step of ['15s', '30s', '1m', '5m']) {
    const r = await at(step);
    expect([step, r.verdict, r.seconds]).toEqual([step, 'no_trend', '+Inf']);
    // The segment starts at the restart 82.6 h ago, not at a collector's drop.
    expect((NOW / 1000 - Number(r.segmentStart)) / 3600).toBeCloseTo(82.6, 0);
    expect((Number(r.nextReset) - NOW / 1000) / 3600).toBeCloseTo(1.4, 0);
  }
});
