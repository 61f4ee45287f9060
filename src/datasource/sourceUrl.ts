/**
 * A source URL the data source's proxy routes can use: Grafana's proxy needs a scheme, and without
 * one (`bellwether:9091`) every query fails with an error that does not name the setting. The
 * config editor shows this under the field and the health check reports it before any request.
 */

/**
 * Why `url` cannot be a route's base URL, with the fix; undefined when it can or is unset.
 *
 * @example urlProblem('bellwether:9091') // 'bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).'
 * @example urlProblem('http://bellwether:9091') // undefined
 */
export function urlProblem(url: string | undefined): string | undefined {
  const text = (url ?? '').trim();
  if (text === '') {
    return undefined;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1];
  if (scheme === undefined) {
    return `${text} has no scheme; set it to http://${text.replace(/^\/+/, '')} (or https://).`;
  }
  if (!/^https?$/i.test(scheme)) {
    return `${text} is not an http:// or https:// URL: write http://host:port.`;
  }
  try {
    return new URL(text).hostname === '' ? `${text} has no host: write http://host:port.` : undefined;
  } catch {
    return `${text} is not a valid URL: write http://host:port.`;
  }
}
