/**
 * The preview's views of "the latest incident" search 14 days at one step. Every api-1 p99 spike of
 * the demo (2-6 min at 1.5-3 s) in those days must have a search point inside it, or the latency
 * view shows an older spike as "the latest".
 */
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { incidentSearchStep } from '../../../preview/incident';

const DAY = 86400;

it('samples every demo latency spike of the last 14 days', () => {
  const p99 = demoSeries().find((s) => s.labels.quantile === '0.99' && s.labels.instance === 'api-1:8080')!;
  const step = incidentSearchStep(14 * DAY);
  expect((14 * DAY) / step).toBeLessThanOrEqual(11_000);
  const end = 1_796_576_400; // 2026-12-06 17:00 UTC; any fixed time works
  const start = end - 14 * DAY;
  const grid = new Set<number>();
  for (let t = start; t <= end; t += step) {
    grid.add(Math.floor(t / 15)); // the 15 s scrape a grid point reads
  }
  let spikes = 0;
  const missed: string[] = [];
  let inSpike = false;
  let seen = false;
  for (let k = Math.ceil(start / 15); k <= Math.floor(end / 15); k++) {
    const high = p99.at(k * 15_000) >= 1.2;
    if (high && !inSpike) {
      spikes++;
      seen = false;
    }
    if (high && grid.has(k)) {
      seen = true;
    }
    if (!high && inSpike && !seen) {
      missed.push(new Date(k * 15_000).toISOString());
    }
    inSpike = high;
  }
  expect(spikes).toBeGreaterThan(5);
  expect(missed).toEqual([]);
});
