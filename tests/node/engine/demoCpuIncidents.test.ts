/**
 * The demo's CPU saturations (web-1, about 40 minutes at 96 %, normal below 0.65) through the engine's
 * batch path (detectSeries: what `bellwether detect` and the anomaly panel compute on the points they
 * are given, with no history before them), at the steps a user review used: 7 days at 10 minutes
 * (1,009 points, three saturations) and 24 hours at 1 minute. Every point of every saturation is
 * flagged, and nothing outside them at 10 minutes. Before the fix the 10-minute window flagged
 * 1 region and 1 point of 13 (the third saturation read 0.97 against a band top of 0.20 and scored
 * 0.68: its members' calibrations, young and holding the earlier saturations in their top bin, could
 * not rank it), and two of the 1-minute days flagged 2 and 1 of 42.
 */
import { demoSeries, SCRAPE_MS } from '../../../companion/src/upstream/demo/demoSeries';
import { detectSeries } from '../../../src/engine/detectSeries';

const MIN = 60_000;
const DAY = 86_400_000;
/** Demo CPU samples at or above this are the saturations (companion demo tests use the same). */
const SATURATED = 0.9;

const cpu = demoSeries().find(
  (s) => s.labels.__name__ === 'instance:node_cpu_utilisation:rate5m' && s.labels.instance === 'web-1:9100'
)!;

/** `span` ms of demo CPU at `step`, ending at `end`, sampled as Prometheus returns it (the last scrape). */
function window(end: number, span: number, step: number): { t: number[]; v: number[] } {
  const n = Math.round(span / step) + 1;
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    const ti = end - (n - 1 - i) * step;
    t.push(ti);
    v.push(cpu.at(Math.floor(ti / SCRAPE_MS) * SCRAPE_MS));
  }
  return { t, v };
}

/** Flagged points inside and outside the saturations, and the number of flagged regions. */
async function verdicts(end: number, span: number, step: number) {
  const { t, v } = window(end, span, step);
  const d = await detectSeries(t, v, step, {});
  let saturated = 0;
  let caught = 0;
  let outside = 0;
  let regions = 0;
  for (let i = 0; i < t.length; i++) {
    const flagged = d.isAnomaly[i] === 1;
    if (v[i] >= SATURATED) {
      saturated++;
      caught += flagged ? 1 : 0;
    } else if (flagged) {
      outside++;
    }
    regions += flagged && (i === 0 || d.isAnomaly[i - 1] !== 1) ? 1 : 0;
  }
  return { points: t.length, saturated, caught, outside, regions };
}

describe('demo CPU saturations through the engine (CLI and panel path)', () => {
  it('at 10 minutes over 7 days: three regions, every saturated point, nothing else', async () => {
    const r = await verdicts(Date.UTC(2026, 11, 4, 6, 8), 7 * DAY, 10 * MIN);
    expect(r.points).toBe(1009);
    expect(r.saturated).toBeGreaterThanOrEqual(12);
    expect(r).toEqual({ ...r, caught: r.saturated, outside: 0, regions: 3 });
  }, 120_000);

  it.each([['2026-12-02T22:00:00Z'], ['2026-12-03T12:00:00Z'], ['2026-12-04T06:08:00Z']])(
    'at 1 minute over the 24 h ending %s: every saturated point',
    async (end) => {
      const r = await verdicts(Date.parse(end), DAY, MIN);
      expect(r.saturated).toBeGreaterThanOrEqual(30);
      expect(r.caught).toBe(r.saturated);
    },
    120_000
  );
});
