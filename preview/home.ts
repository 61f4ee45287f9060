/**
 * The app's home page in the preview: the data source it reads through, and the page's URL, with
 * one user capacity pair (api memory against 1 GB) so the demo's leak shows in "Running out".
 * Shared by the page and the browser test.
 */
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
 * Signals whose demo incidents the preview looks for, with the page's scan options (so the
 * companion's cache serves the page afterwards): the home page opens at the latest minute of the
 * last 4 days at which one of them was anomalous, so "Anomalous now" shows an incident whatever the
 * time of day. The page says which time it shows, and Refresh returns to now.
 */
export const INCIDENT_QUERIES = [
  'anomaly_score(instance:node_cpu_utilisation:rate5m, "explain=true train=1d")',
  'anomaly_score(http_request_duration_seconds{quantile="0.99"}, "explain=true train=1d")',
];

export const HOME_CAPTION =
  'What runs out first (the demo’s PostgreSQL volume, and api-1’s leak against a 1 GB limit added as a capacity pair), what is anomalous now, and the setup checks.';
