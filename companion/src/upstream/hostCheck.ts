/**
 * A start-up check that the upstream's host name resolves. It only warns: in a container the
 * upstream's name often appears after the companion starts, so the companion keeps running, answers
 * queries with 503 `unavailable` and reports not ready on /-/ready until the name resolves.
 */
import { lookup } from 'node:dns/promises';

/** One line naming `upstream.url` when its host does not resolve, else undefined. */
export async function upstreamHostProblem(url: string): Promise<string | undefined> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return `upstream.url ${url} is not a URL`;
  }
  try {
    await lookup(host);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'lookup failed';
    return `upstream.url host ${host} does not resolve (${code}); queries fail with 503 until it does`;
  }
}
