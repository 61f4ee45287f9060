/**
 * The home page's Forecast, Overlay and Dashboard links open Grafana (`/explore?…`, `/d/…`). The
 * preview has no Grafana, so a click there answered a bare "not found" (SRE walk-through, 2026-12-07).
 * It now answers a page that says where the link goes and what it asks: the queries an Explore link
 * carries in its `panes` parameter, which the companion here answers at /api/v1/query_range.
 */

/** Whether `path` is one of the Grafana routes the home page links to. */
export function isGrafanaLink(path: string): boolean {
  return path === '/explore' || path.startsWith('/d/');
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The queries of an Explore URL's `panes` (Grafana's schemaVersion 1), each as "output: expr" when the
 * Bellwether query names its output (raw, forecast, tte, band, anomalies); none when malformed.
 */
export function exploreQueries(search: string): string[] {
  const panes = new URLSearchParams(search).get('panes');
  if (!panes) {
    return [];
  }
  try {
    const parsed = JSON.parse(panes) as Record<string, { queries?: Array<{ expr?: unknown; output?: unknown }> }>;
    return Object.values(parsed ?? {})
      .flatMap((p) => p?.queries ?? [])
      .filter((q) => typeof q?.expr === 'string' && q.expr !== '')
      .map((q) => (typeof q.output === 'string' ? `${q.output}: ${q.expr}` : String(q.expr)));
  } catch {
    return [];
  }
}

/** The page answered for a Grafana link: where it goes, and the queries it asks. */
export function grafanaLinkPage(path: string, search: string): string {
  const what = path === '/explore' ? "Grafana's Explore" : `the Grafana dashboard ${path.slice(3).split('/')[0]}`;
  const queries = exploreQueries(search);
  const list = queries.length
    ? `<p>It asks:</p><ul>${queries.map((q) => `<li><code>${escape(q)}</code></li>`).join('')}</ul>` +
      '<p>The companion here answers the same queries at <code>/api/v1/query_range</code>.</p>'
    : '';
  return (
    '<!doctype html><meta charset="utf-8"><title>Opens in Grafana</title>' +
    `<h1>This link opens ${escape(what)}</h1>` +
    '<p>The preview has no Grafana. In a Grafana with the Bellwether app installed, this link opens there ' +
    '(docs/install.md).</p>' +
    list +
    '<p><a href="/">Back to the preview</a></p>'
  );
}
