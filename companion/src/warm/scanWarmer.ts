/**
 * Keeps the home page's "Anomalous now" scan warm (`warm:` in companion.yaml). A cold scan replays
 * each series' detector run from its start (days of 1-minute points, src/engine/grid.ts), which took
 * minutes at fleet scale; a run that is cached only needs the minutes since it was last fed. So the
 * companion runs the page's own scan (src/pages/home/anomalous.ts, loadSelector: the same listing,
 * shards, query text, range and step, hence the same cache keys) at start and again `interval` after
 * each pass ends, in the background: its detector runs give way between series to any query a client
 * is waiting for (EngineEnv.background), except one waiting for the very run it is feeding. Nothing
 * it computes is served from anywhere but the cache every query reads, so answers do not change.
 */
import type { EngineEnv } from '../../../src/engine/context';
import { loadSelector } from '../../../src/pages/home/anomalous';
import { withAlertRules } from '../../../src/pages/home/selectors';
import type { CompanionClient, Series } from '../../../src/pages/home/companionClient';
import { rangeAnswer } from '../query/evaluate';
import { parseQuery } from '../query/parser';
import type { Logger } from '../log/logger';
import { counterFamily, type Family, gaugeFamily } from '../recording/openMetrics';
import type { Upstream } from '../upstream/types';

/** How long background work waits before it looks again whether foreground queries are done. */
const HOLD_POLL_MS = 20;
/**
 * The longest background work waits for foreground queries before it feeds one more series anyway:
 * under client queries that never stop, it still progresses, one series per hold at worst.
 */
const MAX_HOLD_MS = 1000;

/** What /metrics shows of the warmer. */
export interface WarmStats {
  /** Passes finished, and those in which some shard failed. */
  passes: number;
  failures: number;
  /** Series listed and scored so far in the pass in progress, or in the last pass when none runs. */
  listed: number;
  scored: number;
  /** Unix seconds at which the last pass that scored every listed series ended (0: none yet). */
  lastCompleteSeconds: number;
  /** Wall time of the last pass, in seconds. */
  lastPassSeconds: number;
  /**
   * Cache entries evicted (least recently used, not history) during the last pass: above 0, the
   * runs do not all fit `cache.maxBytes`, and the next pass computes some again.
   */
  lastPassEvictions: number;
}

export class ScanWarmer {
  readonly stats: WarmStats = {
    passes: 0,
    failures: 0,
    listed: 0,
    scored: 0,
    lastCompleteSeconds: 0,
    lastPassSeconds: 0,
    lastPassEvictions: 0,
  };
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Selectors that listed no series in their last pass (reported once until they list some). */
  private readonly empty = new Set<string>();

  /**
   * @param env the evaluation environment for `signal`, to which the warmer adds `background`
   * @param busy whether a client's query is being evaluated now (the companion's semaphore)
   */
  constructor(
    private readonly selectors: readonly string[],
    private readonly intervalMs: number,
    private readonly upstream: Upstream,
    private readonly env: (signal: AbortSignal) => EngineEnv,
    private readonly busy: () => boolean,
    private readonly log: Logger
  ) {}

  /** Runs a pass now, then `interval` after each pass ends. */
  start(): void {
    if (this.selectors.length === 0) {
      return;
    }
    const tick = () => {
      this.running = this.passOnce().finally(() => {
        this.running = undefined;
        if (!this.abort.signal.aborted) {
          this.timer = setTimeout(tick, this.intervalMs);
          this.timer.unref();
        }
      });
    };
    tick();
  }

  /** Stops: the pass in progress ends between series (its runs keep only the series fed in full). */
  async stop(): Promise<void> {
    this.abort.abort(new Error('the companion is shutting down'));
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Scans every selector once, at the companion's clock, as the home page would now. Never rejects:
   * it runs from a timer, where a rejection would end the companion; a failure is counted and logged.
   */
  async passOnce(): Promise<void> {
    try {
      await this.scan();
    } catch (err) {
      if (this.abort.signal.aborted) {
        return;
      }
      this.stats.failures++;
      this.log.warn('warming the home page scan failed', { error: (err as Error).message });
    }
  }

  private async scan(): Promise<void> {
    const signal = this.abort.signal;
    const began = performance.now();
    const env: EngineEnv = { ...this.env(signal), background: (urgent) => this.hold(urgent, signal) };
    const evicted = env.cache.evictions;
    const client = inProcessClient(this.upstream, env, signal);
    const listed = new Map<string, number>();
    const scored = new Map<string, number>();
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    let failed = false;
    for (const expr of this.selectors) {
      if (signal.aborted) {
        return;
      }
      const r = await loadSelector(client, withAlertRules({ title: expr, expr }), env.now() / 1000, (p) => {
        listed.set(expr, p.total);
        scored.set(expr, p.done);
        this.stats.listed = sum(listed);
        this.stats.scored = sum(scored);
      });
      if (signal.aborted) {
        return;
      }
      listed.set(expr, r.matched);
      scored.set(expr, r.scored ?? 0);
      if (r.matched === 0 && !r.error) {
        if (!this.empty.has(expr)) {
          this.empty.add(expr);
          this.log.warn('a warm selector lists no series: nothing to warm for it (check warm.selectors)', {
            selector: expr,
          });
        }
      } else {
        this.empty.delete(expr);
      }
      if (r.error) {
        failed = true;
        this.log.warn('warming the home page scan failed', { selector: expr, error: r.error });
      }
    }
    this.stats.listed = sum(listed);
    this.stats.scored = sum(scored);
    this.stats.passes++;
    this.stats.lastPassSeconds = (performance.now() - began) / 1000;
    this.stats.lastPassEvictions = env.cache.evictions - evicted;
    if (this.stats.lastPassEvictions > 0) {
      this.log.warn(
        'cache entries were evicted during the warm scan: if it recurs, its runs do not fit; raise cache.maxBytes or list fewer warm.selectors',
        { evicted: this.stats.lastPassEvictions, series: this.stats.listed, cacheBytes: env.cache.maxBytes }
      );
    }
    if (failed) {
      this.stats.failures++;
    } else {
      this.stats.lastCompleteSeconds = env.now() / 1000;
    }
    this.log.debug('home page scan warmed', { listed: this.stats.listed, scored: this.stats.scored });
  }

  /**
   * Waits while a client's query is evaluated, unless it waits for this work (`urgent`), and at most
   * MAX_HOLD_MS: under steady client load the warmer would otherwise never end a pass.
   */
  private async hold(urgent: () => boolean, signal: AbortSignal): Promise<void> {
    const since = performance.now();
    while (this.busy() && !urgent() && !signal.aborted && performance.now() - since < MAX_HOLD_MS) {
      await new Promise((resolve) => setTimeout(resolve, HOLD_POLL_MS));
    }
  }

  families(): Family[] {
    const s = this.stats;
    return [
      gaugeFamily(
        'bellwether_warm_series_listed',
        'Series the warm scan listed, in the pass in progress or the last one (warm.selectors).',
        s.listed
      ),
      gaugeFamily('bellwether_warm_series_scored', 'Series of them the warm scan has scored.', s.scored),
      gaugeFamily(
        'bellwether_warm_last_complete_seconds',
        'Unix time at which the last warm pass that scored every series ended (0: none yet).',
        s.lastCompleteSeconds
      ),
      gaugeFamily('bellwether_warm_last_pass_seconds', 'How long the last warm pass took.', s.lastPassSeconds),
      gaugeFamily(
        'bellwether_warm_last_pass_evictions',
        'Cache entries evicted during the last warm pass; above 0, the warm runs do not all fit cache.maxBytes.',
        s.lastPassEvictions
      ),
      counterFamily('bellwether_warm_passes', 'Warm scan passes finished.', s.passes),
      counterFamily('bellwether_warm_failures', 'Warm scan passes in which some query failed.', s.failures),
    ];
  }
}

/** The two calls loadSelector makes, answered in process: the upstream's series list, and the engine. */
function inProcessClient(upstream: Upstream, env: EngineEnv, signal: AbortSignal): CompanionClient {
  const series = async (match: string, now: number, lookbackS: number) => {
    const params = new URLSearchParams({ 'match[]': match, start: String(now - lookbackS), end: String(now) });
    const r = await upstream.call('/api/v1/series', params, signal);
    const body = r.body as { status?: string; data?: Array<Record<string, string>>; error?: string };
    if (r.status !== 200 || body.status !== 'success' || !body.data) {
      throw new Error(body.error ?? `the upstream answered HTTP ${r.status} to /api/v1/series`);
    }
    return body.data;
  };
  // As the HTTP layer reads the page's parameters: seconds to milliseconds, rounded.
  const range = async (query: string, start: number, end: number, step: number): Promise<Series[]> => {
    const parsed = parseQuery(query);
    if (parsed.kind !== 'derived') {
      throw new Error(`${query} is not a derived query`);
    }
    const ms = (s: number) => Math.round(s * 1000);
    const answer = await rangeAnswer(parsed, ms(start), ms(end), ms(step), { ...env, warnings: undefined });
    const times = answer.times.map((t) => t / 1000);
    // As the HTTP answer (matrixJson.ts): a point without a value is left out.
    return answer.result.map((s) => {
      const at = times.flatMap((_, i) => (Number.isNaN(s.values[i]) ? [] : [i]));
      return { labels: s.metric, times: at.map((i) => times[i]), values: at.map((i) => s.values[i]) };
    });
  };
  // No deadline in process, so never a partial answer: every series is scored.
  const scan = async (query: string, start: number, end: number, step: number) => ({
    series: await range(query, start, end, step),
    warnings: [],
  });
  return { series, range, scan } as unknown as CompanionClient;
}
