/**
 * `/api/v1/status/buildinfo`. Grafana's Prometheus data source reads `version` to decide which API
 * features it may use, so `version` is the Prometheus release whose HTTP API the companion answers
 * like, and our own version is a separate field. There is no `features` map: Grafana would take
 * that for Mimir.
 */

/**
 * The Prometheus API level the companion implements (query, query_range, labels and series with
 * `match[]`, label values, metadata, format_query from 2.38). 2.42 is the Prometheus its tests
 * compare answers with (tests/node/companion/protocol.test.ts).
 */
export const PROMETHEUS_API_VERSION = '2.42.0';

/**
 * Prometheus' buildinfo fields, plus `bellwetherVersion` and `bellwetherUpstream` (what the
 * companion reads from, e.g. "prometheus http://prometheus:9090", with any user:password in the URL
 * removed), which the app's home page shows in its setup checks.
 */
export function buildInfo(bellwetherVersion: string, upstream = ''): Record<string, string> {
  return {
    version: PROMETHEUS_API_VERSION,
    revision: '',
    branch: '',
    buildUser: 'bellwether',
    buildDate: '',
    goVersion: 'node ' + process.version,
    bellwetherVersion,
    bellwetherUpstream: upstream.replace(/\/\/[^/@\s]*@/g, '//'),
  };
}
