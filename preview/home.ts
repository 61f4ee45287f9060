/**
 * The app's home page in the preview: the data source it reads through, and the page's URL, with
 * one user capacity pair (api memory against 1 GB) so the demo's leak shows in "Running out".
 * Shared by the page and the browser test.
 */
import { anomalyQuery } from '../src/pages/home/anomalous';
import { KUBE_PROMETHEUS, LATENCY_RULES } from '../src/pages/home/selectors';
import { utcMinute } from '../src/common/utcMinute';
export const HOME_DATASOURCE = {
  uid: 'bellwether-ml',
  name: 'Bellwether ML',
  type: 'bellwether-ml-datasource',
  jsonData: { companionUrl: 'the demo companion, same origin', defaultEngine: 'companion' },
};

/** The demo's leaking service: resident memory against a 1 GB limit. */
export const HOME_LEAK_PAIR = 'API memory vs 1 GB|process_resident_memory_bytes{job="api"}|1e9';

/** The page at `time` (unix seconds), or now. */
export function homePath(time?: number): string {
  const q = new URLSearchParams({ pair: HOME_LEAK_PAIR });
  if (time) {
    q.set('time', String(time));
  }
  return `/overview?${q.toString()}`;
}

/**
 * The demo's incidents, on the raw series (companion/src/upstream/demo/demoSeries.ts): web-1's CPU
 * saturations near 1 (normal stays below 0.65) and the apiserver's p99 latency spikes on reading
 * pods, 1.5-3 s (normal below 0.5 s; the default selectors' kube-prometheus names), each with the home page's scan of its signal (the page's options, so the companion's
 * cache serves the page afterwards). The home page opens at the latest minute of the last 4 days
 * inside an incident that the scan flags, so "Anomalous now" shows one whatever the time of day, not
 * a one-minute blip the detector flagged on a healthy series. The page says which time it shows, and
 * Refresh returns to now.
 */
export const DEMO_INCIDENTS = [
  {
    expr: 'instance:node_cpu_utilisation:rate5m',
    above: 0.9,
    scan: anomalyQuery('instance:node_cpu_utilisation:rate5m'),
  },
  {
    expr: KUBE_PROMETHEUS.apiserverLatencyP99,
    above: 1.2,
    scan: anomalyQuery(KUBE_PROMETHEUS.apiserverLatencyP99, LATENCY_RULES),
  },
];

export const HOME_CAPTION =
  'What runs out first (the demo’s PostgreSQL volume, store’s cart container leaking toward its memory limit, and api-1’s leak against a 1 GB limit added as a capacity pair), what is anomalous now, and the setup checks.';

/** Step of the incident search (preview/incident.ts): an incident at the last step is under way. */
const SEARCH_STEP_S = 60;

/**
 * The one time every view of the page reads (unix seconds): the home page, every panel and its
 * facts. Now when the latest flagged incident is under way (the quick start's always is: see
 * liveIncidentAt in the demo series), so the page agrees with the companion's own "now"; else the
 * latest incident, so "Anomalous now" shows one; now when there is none. The panels used to read
 * now beside a home page at the latest incident: db-1's disk read 11.9 d on one, 10.5 d on the other.
 */
export function pageTime(now: number, incident: number | undefined): number {
  return incident === undefined || now - incident < SEARCH_STEP_S ? now : incident;
}

/**
 * The caption's sentence on the time the page shows (unix seconds), when it is not now: a date and
 * a time in UTC, so a reader of a screenshot days later knows which incident it was; '' when it
 * shows now.
 *
 * @example homeShownAt(1796489280, 1796620656) // "Shown at the latest demo incident, 2026-12-05 16:48 UTC: the home and the capacity views (each incident view ends at its own); the home's Refresh shows now."
 */
export function homeShownAt(time: number, now: number): string {
  return time === now
    ? ''
    : `Shown at the latest demo incident, ${utcMinute(time * 1000)}: the home and the capacity views (each incident view ends at its own); the home's Refresh shows now.`;
}
