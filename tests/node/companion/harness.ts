/** Starts the test Prometheus (backfilled) and a companion pointed at it. */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { startPrometheus, type ScrapeTarget, type TestPrometheus } from '../../support/prometheus';
import { historyOpenMetrics, window } from './fixtures';

export interface Harness {
  prom: TestPrometheus;
  companion: Companion;
  start: number;
  end: number;
  stop(): Promise<void>;
}

/** Prometheus with the fixture history, plus a companion using it as upstream. */
export async function startHarness(
  companionConfig: Record<string, unknown> = {},
  opts: { scrape?: ScrapeTarget[]; now?: () => number } = {}
): Promise<Harness> {
  const { start, end } = window();
  const prom = await startPrometheus({ openMetrics: historyOpenMetrics(start, end), scrape: opts.scrape });
  let companion: Companion;
  try {
    companion = await startCompanion(
      fromRaw({
        listen: { port: 0 },
        ...companionConfig,
        upstream: { url: prom.url, ...((companionConfig.upstream as object) ?? {}) },
      }),
      { logger: silentLogger, now: opts.now }
    );
  } catch (err) {
    await prom.stop();
    throw err;
  }
  return {
    prom,
    companion,
    start,
    end,
    stop: async () => {
      await companion.close();
      await prom.stop();
    },
  };
}

/** POSTs a form as Grafana's Prometheus data source does; returns status and parsed body. */
export async function postForm(
  base: string,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {}
) {
  const r = await fetch(base + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: r.status, body: (await r.json()) as any };
}

/** GET with query parameters. */
export async function get(
  base: string,
  path: string,
  params: Record<string, string | string[]> = {},
  headers: Record<string, string> = {}
) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      qs.append(k, x);
    }
  }
  const r = await fetch(`${base}${path}${qs.size ? '?' + qs : ''}`, { headers });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text endpoints
  }
  return { status: r.status, body };
}
