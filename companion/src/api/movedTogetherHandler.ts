/**
 * `/api/v1/bellwether/moved_together`: parameters to an engine request (src/engine/movedTogether.ts).
 *
 *   target=<PromQL, one series>  time=<when it went wrong, default now>
 *   candidates=<PromQL>  (default: every series with the target's namespace, else job, else instance)
 *
 * A selector (given or default) is asked for one metric name at a time, names found through the
 * upstream's /api/v1/series, since history drops metric names and would merge `a{job="x"}` with
 * `b{job="x"}`; any other candidates query is read as it is.
 *   step=<duration, default 60s>  look_back=<default 30m>  after=<default 5m>
 *   region_search=<default 6h>  (how far back the start of the target's anomaly is looked for)
 */
import type { EngineEnv } from '../../../src/engine/context';
import { KindedError } from '../../../src/engine/errors';
import { movedTogether, type MovedTogetherResult, notOneTarget, sameGroupSelector } from '../../../src/engine/movedTogether';
import { parseDurationParam, parseTimeParam, rejectUnknownParams, required } from '../query/params';
import type { Upstream } from '../upstream/types';

/** The parameters `moved_together` reads (`timeout` is the router's). */
const MOVED_TOGETHER_PARAMS = ['target', 'time', 'candidates', 'step', 'look_back', 'after', 'region_search', 'timeout'];

/** Most metric names the default candidates may span (each is one history read). */
export const MAX_CANDIDATE_METRICS = 200;

/** Validates the parameters up front; the returned function runs the request. */
export function movedTogetherHandler(
  params: URLSearchParams,
  now: number,
  upstream: Upstream
): (env: EngineEnv) => Promise<MovedTogetherResult> {
  rejectUnknownParams(params, MOVED_TOGETHER_PARAMS);
  const target = required(params, 'target');
  const at = params.get('time') ? parseTimeParam('time', params.get('time')!) : now;
  const duration = (name: string, fallback: number) => {
    const v = params.get(name);
    const ms = v ? parseDurationParam(name, v) : fallback;
    if (!(ms > 0)) {
      throw new KindedError('bad_input', `invalid parameter "${name}": must be a positive duration`);
    }
    return ms;
  };
  const step = duration('step', 60_000);
  const lookBack = duration('look_back', 30 * 60_000);
  const after = duration('after', 5 * 60_000);
  const regionSearch = duration('region_search', 6 * 3_600_000);
  const given = params.get('candidates');
  // A plain metric name (optionally with matchers) names the target, so it is not its own candidate.
  const targetName = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{|$)/.exec(target)?.[1];
  return async (env) => {
    if (given && !SELECTOR_RE.test(given)) {
      return movedTogether({ target, targetName, candidates: [{ query: given }], at, step, lookBack, after, regionSearch }, env);
    }
    const selector = given ?? (await defaultSelector(env));
    const names = await metricNames(upstream, selector, at - lookBack, at, env.signal);
    const matchers = SELECTOR_RE.exec(selector)![2] ?? '';
    return movedTogether(
      {
        target,
        targetName,
        candidates: names.map((name) => ({
          query: `{__name__=${JSON.stringify(name)}${matchers.trim() ? `, ${matchers}` : ''}}`,
          name,
        })),
        at,
        step,
        lookBack,
        after,
        regionSearch,
      },
      env
    );
  };

  /** Every series sharing the target's namespace, else job, else instance. */
  async function defaultSelector(env: EngineEnv): Promise<string> {
    const g = Math.floor(at / step) * step;
    const t = await env.history.get(target, step, g, g, env.signal);
    if (t.series.length !== 1) {
      throw notOneTarget(t.series.length, at);
    }
    const selector = sameGroupSelector(t.series[0].labels);
    if (!selector) {
      throw new KindedError(
        'bad_input',
        'invalid parameter "candidates": missing, and the target has no namespace, job or instance label to find its neighbours by'
      );
    }
    return selector;
  }
}

/** A plain selector: an optional metric name and optional matchers (name, matchers). */
const SELECTOR_RE = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)?\s*(?:\{([^{}]*)\})?\s*$/;

/** The metric names of the series matching `selector` in [from, to], from the upstream's series API. */
async function metricNames(
  upstream: Upstream,
  selector: string,
  from: number,
  to: number,
  signal?: AbortSignal
): Promise<string[]> {
  const params = new URLSearchParams({ 'match[]': selector, start: String(from / 1000), end: String(to / 1000) });
  const r = await upstream.call('/api/v1/series', params, signal);
  const body = r.body as { status?: string; data?: Array<Record<string, string>>; error?: string };
  if (r.status !== 200 || body.status !== 'success' || !Array.isArray(body.data)) {
    throw new KindedError('unavailable', `the upstream's series API failed for ${selector}: ${body.error ?? r.status}`);
  }
  const names = [...new Set(body.data.map((s) => s.__name__).filter((n): n is string => Boolean(n)))].sort();
  if (names.length > MAX_CANDIDATE_METRICS) {
    throw new KindedError(
      'bad_input',
      `${selector} spans ${names.length} metric names, more than ${MAX_CANDIDATE_METRICS}; pass candidates= to choose them`
    );
  }
  return names;
}
