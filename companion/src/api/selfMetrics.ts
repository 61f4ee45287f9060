import { counterFamily, type Family, gaugeFamily } from '../recording/openMetrics';

/** Counters about the companion itself, exposed on /metrics next to the recorded series. */
export class SelfMetrics {
  private readonly requests = new Map<string, number>();
  private readonly durationSum = new Map<string, number>();
  private aborted = 0;

  /** Records a query evaluation that stopped before its end because its deadline passed or its client left. */
  queryAborted(): void {
    this.aborted++;
  }

  /** Records one finished HTTP request. */
  observe(handler: string, code: number, seconds: number): void {
    const k = `${handler}\u0000${code}`;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    this.durationSum.set(handler, (this.durationSum.get(handler) ?? 0) + seconds);
  }

  families(extra: {
    cacheBytes: number;
    cacheEntries: number;
    /** Detector runs and fits evicted as least recently used (computed again when asked for). */
    cacheEvictions: number;
    /** Upstream history dropped to make room (fetched again when asked for). */
    cacheHistoryDrops: number;
    inFlight: number;
    upstreamRequests: number;
    upstreamRetries: number;
    ruleEvaluations: number;
    ruleFailures: number;
    ruleLastSuccess: number;
    rulesConfigured: number;
  }): Family[] {
    const requests = [...this.requests].map(([k, v]) => {
      const [handler, code] = k.split('\u0000');
      return { labels: { handler, code }, value: v, suffix: '_total' };
    });
    const counts = new Map<string, number>();
    this.requests.forEach((v, k) => counts.set(k.split('\u0000')[0], (counts.get(k.split('\u0000')[0]) ?? 0) + v));
    const durations = [...this.durationSum].flatMap(([handler, sum]) => [
      { labels: { handler }, value: sum, suffix: '_sum' },
      { labels: { handler }, value: counts.get(handler) ?? 0, suffix: '_count' },
    ]);
    return [
      {
        name: 'bellwether_http_requests',
        type: 'counter',
        help: 'HTTP requests by handler and status code.',
        samples: requests,
      },
      {
        name: 'bellwether_http_request_duration_seconds',
        type: 'summary',
        help: 'Time spent answering HTTP requests.',
        samples: durations,
      },
      gaugeFamily('bellwether_cache_bytes', 'Estimated bytes held by the history and model cache.', extra.cacheBytes),
      gaugeFamily('bellwether_cache_entries', 'Entries in the history and model cache.', extra.cacheEntries),
      {
        name: 'bellwether_cache_evictions',
        type: 'counter',
        help: 'Cache entries removed to stay within cache.maxBytes: computed ones (detector runs, fits; computed again when asked for) and upstream history (fetched again).',
        samples: [
          { labels: { kind: 'computed' }, value: extra.cacheEvictions, suffix: '_total' },
          { labels: { kind: 'history' }, value: extra.cacheHistoryDrops, suffix: '_total' },
        ],
      },
      gaugeFamily('bellwether_queries_in_flight', 'Query evaluations running now.', extra.inFlight),
      counterFamily(
        'bellwether_query_aborted',
        'Query evaluations stopped before their end because the query timed out or its client went away.',
        this.aborted
      ),
      counterFamily(
        'bellwether_upstream_requests',
        'Range queries sent to the upstream for history.',
        extra.upstreamRequests
      ),
      counterFamily(
        'bellwether_upstream_stale_connection_retries',
        'Upstream requests sent again on a new connection because the upstream had closed the idle keep-alive one.',
        extra.upstreamRetries
      ),
      counterFamily('bellwether_rule_evaluations', 'Recording rule evaluation rounds.', extra.ruleEvaluations),
      counterFamily(
        'bellwether_rule_evaluation_failures',
        'Rounds in which at least one recording rule failed.',
        extra.ruleFailures
      ),
      gaugeFamily(
        'bellwether_rule_last_success_timestamp_seconds',
        'Time of the last round in which every rule succeeded.',
        extra.ruleLastSuccess
      ),
      // The home page's setup check tells "none configured" from "configured, not evaluated yet".
      gaugeFamily(
        'bellwether_rules_configured',
        'Recording rules configured (rules.series in companion.yaml).',
        extra.rulesConfigured
      ),
    ];
  }
}
