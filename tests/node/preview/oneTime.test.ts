/**
 * The quick start reads one time everywhere: `bellwether demo` starts its companion with an incident
 * under way (web-1's CPU, liveIncidentAt), so the preview's one time (pageTime: the home page, every
 * panel and its facts) is now, the time the companion answers an instant query without `time` at.
 * Before, the home page showed the latest incident (2026-12-05 16:48 on 12-07) and the panels now:
 * db-1's disk read 11.9 d on the home beside 10.5 d in the forecast panel.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { liveIncidentAt } from '../../../companion/src/upstream/demo/demoSeries';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { pageTime } from '../../../preview/home';
import { latestIncident } from '../../../preview/incident';

// 2026-12-07 05:14:30 UTC: the demo's latest seeded incident is api-1's p99 spike of 12-05 16:48.
const NOW = Date.UTC(2026, 11, 7, 5, 14, 30);
let companion: Companion;

async function startAt(live: boolean): Promise<Companion> {
  const upstream = new DemoUpstream(() => NOW, live ? { live: liveIncidentAt(NOW) } : {});
  return startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    { logger: silentLogger, upstream, now: () => NOW }
  );
}

afterEach(async () => {
  await companion?.close();
});

it('the quick start shows every view at now, the companion’s default instant time', async () => {
  companion = await startAt(true);
  const time = pageTime(NOW / 1000, await latestIncident(companion.url, NOW / 1000));
  const res = await fetch(`${companion.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: '1' }) });
  const answer = (await res.json()) as { data: { result: [number, string] } };
  expect(time).toBe(answer.data.result[0]);
  expect(time).toBe(NOW / 1000);
});

it('without an incident under way the page shows the latest one, in the past, for every view', async () => {
  companion = await startAt(false);
  const time = pageTime(NOW / 1000, await latestIncident(companion.url, NOW / 1000));
  expect(time).toBeLessThan(NOW / 1000 - 3600);
});
