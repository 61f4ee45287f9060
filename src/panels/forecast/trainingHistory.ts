/**
 * The history a forecast panel's series lack before the dashboard's range, fetched from the data
 * source of their query. The companion, the CLI and the recording rules the shipped alerts read train
 * time to exhaustion on its whole window (14 days) whatever a dashboard shows; a panel on a 24-hour
 * range that trained on its rows alone printed another "full in X d" than the alert. So the panel asks
 * its query again, over the training window before the range, as the Bellwether data source's browser
 * path fetches a model's lead-in (src/datasource/datasource.ts), and through the same history cache:
 * a refresh fetches only the points the range's move added. At the series' step where the engine
 * reads every sample (withHistoryBefore), at the engine's coarse step before that (coarseLeadBefore).
 */
import { type DataFrame, type DataQueryRequest, type DataQueryResponse, dateTime } from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';
import { getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { isObservable, type Observable, type Subscription } from 'rxjs';
import { extractSeries, type PanelSeries } from '../../components/charts/panelSeries';
import { HistoryCache } from '../../datasource/sources/historyCache';
import { formatDuration } from '../../common/duration';
import { type GridMatrix, labelsKey } from '../../engine/history';
import { formatCount } from '../../engine/warnings';
import { phaseSpan } from '../../engine/grid';
import { MAX_HISTORY_POINTS } from '../../engine/leadInBound';

/** How the fetch of a series' history before the range went, for the panel's notes. */
export type HistoryFetch =
  /**
   * `points`: samples added before the range (fewer than asked when the data source holds less);
   * `cut`: why fewer were asked for than the calls read (MAX_HISTORY_POINTS), in words.
   */
  | {
      ok: true;
      from: number;
      points: number;
      cut?: string;
      /** Samples of the coarse lead-in fetched before them (coarseLeadBefore), when the calls read one. */
      coarsePoints?: number;
    }
  | { ok: false; reason: string };

/**
 * Most series one query's older history may hold (the panel forecasts at most 50); more is an error
 * the note names. With MAX_HISTORY_POINTS, at most 40 MB of history in the viewer's browser.
 */
export const MAX_FETCHED_SERIES = 50;
/**
 * Most points per series fetched before the range at the series' step (src/engine/leadInBound.ts, the
 * data source's bound on a coarse lead-in too). Time to exhaustion's 14 days are fetched at the
 * engine's coarse step before its jump test's 10,000 points (useForecasts.ts), within the same bound
 * with these; a longer forecast window at a fine step is cut, and the note says so.
 */
export { MAX_HISTORY_POINTS };
/** A data source silent this long is given up on, so the panel computes on its range rather than hang. */
export const FETCH_TIMEOUT_MS = 60_000;
/** The label the cache keys a fetched series by (its query and identity, see seriesKey). */
const KEY_LABEL = '__bw_series';

/** Older history of every panel, per (data source, query, step); the range's end moving fetches only its tail. */
const cache = new HistoryCache();

/** Grafana's special data sources, which hold no history of their own to ask again. */
const MIXED = '-- Mixed --';
const DASHBOARD = '-- Dashboard --';
const EXPRESSION = '__expr__';

/** The query behind a series and its data source, or why the panel cannot ask it for older history. */
export function querySource(
  s: PanelSeries,
  request: DataQueryRequest | undefined
): { target: DataQuery; ref: DataSourceRef } | { reason: string } {
  if (!request) {
    return { reason: 'the panel was given no query to ask again' };
  }
  const targets = request.targets.filter((t) => !t.hide);
  const target = targets.find((t) => t.refId === s.refId) ?? (targets.length === 1 ? targets[0] : undefined);
  if (!target) {
    return { reason: `the panel's request holds no query ${s.refId ?? 'for this series'}` };
  }
  const ref = target.datasource;
  if (!ref?.uid) {
    return { reason: `query ${target.refId} names no data source` };
  }
  if (ref.uid === EXPRESSION || ref.type === EXPRESSION) {
    return {
      reason: `query ${target.refId} is an expression, which Grafana computes from the other queries on the server and cannot be asked alone for an older range`,
    };
  }
  if (ref.uid === MIXED) {
    return { reason: `query ${target.refId} names the Mixed data source rather than its own` };
  }
  if (ref.uid === DASHBOARD) {
    return { reason: `query ${target.refId} reuses another panel's results (-- Dashboard --)` };
  }
  return { target, ref };
}

/**
 * The query as its data source will run it: dashboard variables replaced and ad hoc filters added, so
 * a cache entry never serves the history of `$instance`'s previous value or of another filter.
 */
function queryKey(target: DataQuery, request: DataQueryRequest): string {
  // With the dashboard's ad hoc filters and scopes, which the data source adds to the query.
  const text = JSON.stringify({ ...target, refId: undefined, filters: request.filters, scopes: request.scopes });
  try {
    return getTemplateSrv().replace(text, request.scopedVars);
  } catch {
    return text; // no template service (a bare host): nothing to replace
  }
}

/**
 * The query behind `s` as its data source will run it (queryKey), for keys of what the panel
 * remembers of its answers; empty when the panel cannot ask it (querySource's reason).
 */
export function sentQueryOf(s: PanelSeries, request: DataQueryRequest | undefined): string {
  const found = querySource(s, request);
  return 'reason' in found ? '' : queryKey(found.target, request!);
}

/** A series' identity across two answers of one query: its query, its labels, else its name. */
function seriesKey(s: PanelSeries, refId: string): string {
  const labels = s.labels ?? {};
  return `${s.refId ?? refId}\u0000${labelsKey(labels)}\u0000${Object.keys(labels).length === 0 ? s.name : ''}`;
}

/** The last answer of a data source query, or its error; unsubscribed when `signal` aborts or time runs out. */
function lastAnswer(
  out: Observable<DataQueryResponse> | Promise<DataQueryResponse>,
  signal: AbortSignal | undefined
): Promise<DataQueryResponse> {
  return new Promise((resolve, reject) => {
    let last: DataQueryResponse | undefined;
    let sub: Subscription | undefined;
    const stop = (err: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sub?.unsubscribe();
      reject(err);
    };
    const onAbort = () => stop(new DOMException('the range changed', 'AbortError'));
    const timer = setTimeout(
      () => stop(new Error(`no answer within ${formatDuration(FETCH_TIMEOUT_MS)}`)),
      FETCH_TIMEOUT_MS
    );
    if (signal?.aborted) {
      // Aborted before this request was subscribed (between two chunks, or while another fetch held the
      // cache): an abort event that already fired never fires again, so it would run to its end unheeded.
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (r: DataQueryResponse | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (r) {
        resolve(r);
      } else {
        reject(new Error('the data source answered nothing'));
      }
    };
    if (isObservable(out)) {
      sub = out.subscribe({ next: (r) => (last = r), error: (e) => stop(asError(e)), complete: () => done(last) });
    } else {
      out.then(done, (e) => stop(asError(e)));
    }
  });
}

/** A thrown value as an Error with a readable message (Grafana's FetchError carries it in `data`). */
function asError(e: unknown): Error {
  if (e instanceof Error) {
    return e;
  }
  const x = e as { message?: string; data?: { message?: string }; statusText?: string } | undefined;
  return new Error(x?.data?.message ?? x?.message ?? x?.statusText ?? String(e));
}

/** The error a data source answer carries: its `error(s)`, or an error notice on a frame. */
function answerError(res: DataQueryResponse): string | undefined {
  const err = res.errors?.[0] ?? res.error; // eslint-disable-line @typescript-eslint/no-deprecated -- older hosts set only `error`
  if (err) {
    return err.message ?? err.data?.message ?? 'the query failed';
  }
  const notice = (res.data as DataFrame[] | undefined)
    ?.flatMap((f) => f.meta?.notices ?? [])
    .find((n) => n.severity === 'error');
  return notice?.text;
}

/** What the panel needs of a data source instance. */
interface QueryableSource {
  name?: string;
  uid?: string;
  query: (r: DataQueryRequest) => unknown;
}

/** Asks `target` for [start, end] at `step`, as one range query, and places its series on that grid. */
function fetchGrid(
  ds: QueryableSource,
  request: DataQueryRequest,
  target: DataQuery,
  step: number,
  signal: AbortSignal | undefined
) {
  return async (start: number, end: number): Promise<GridMatrix> => {
    if (signal?.aborted) {
      throw new DOMException('the range changed', 'AbortError');
    }
    const interval = `${step / 1000}s`;
    const range = { from: dateTime(start), to: dateTime(end) };
    const out = ds.query({
      ...request,
      // Distinct per request: Grafana cancels an in-flight request when another with its id is sent.
      requestId: `${request.requestId ?? 'bw'}-${target.refId}-train-${step}-${start}`,
      // Exemplars are not history: Prometheus is not asked for them over the window.
      targets: ['exemplar' in target ? ({ ...target, exemplar: false } as DataQuery) : target],
      range: { ...range, raw: range },
      // Absolute, not the dashboard's 'now-24h'..'now': Grafana's Prometheus incremental cache keeps a
      // 'now'-relative request under the panel's id and would replace the panel's frames with this window.
      rangeRaw: range,
      interval,
      intervalMs: step,
      maxDataPoints: Math.round((end - start) / step) + 1,
      startTime: Date.now(),
    }) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
    const res = await lastAnswer(out, signal);
    const error = answerError(res);
    if (error) {
      throw new Error(`${ds.name ?? 'the data source'}: ${error}`);
    }
    const n = Math.round((end - start) / step) + 1;
    const frames = ((res.data ?? []) as DataFrame[]).filter(
      // Not exemplars (Prometheus answers them beside the series, at their own times, off our grid):
      // Grafana moves them to a panel's annotations, and a data source's answer still holds them.
      (f) => (!f.refId || f.refId === target.refId) && !f.meta?.dataTopic && f.meta?.custom?.resultType !== 'exemplar'
    );
    return {
      from: start,
      step,
      series: extractSeries(frames).series.map((s) => {
        const values = new Float64Array(n).fill(NaN);
        s.t.forEach((t, i) => {
          const k = (t - start) / step;
          if (Math.abs(k - Math.round(k)) > 1e-6) {
            // The data source chose another step (its minimum interval, a point limit): off our grid.
            throw new Error(
              `${ds.name ?? 'the data source'} answered at another step than ${formatDuration(step)} (a sample at ${new Date(t).toISOString()})`
            );
          }
          if (k >= 0 && k < n && Number.isFinite(s.v[i])) {
            values[Math.round(k)] = s.v[i];
          }
        });
        return { labels: { [KEY_LABEL]: seriesKey(s, target.refId) }, values };
      }),
    };
  };
}

/**
 * The query's matrix from `start` to `end` at `step` through the history cache, keyed by data source,
 * step, `role` (which fetch it is: each keeps its own span) and the query.
 */
async function cachedGrid(
  source: { target: DataQuery; ref: DataSourceRef },
  request: DataQueryRequest,
  role: string,
  start: number,
  end: number,
  step: number,
  signal?: AbortSignal
): Promise<{ matrix: GridMatrix; dsName: string }> {
  const ds = (await getDataSourceSrv().get(source.ref)) as unknown as QueryableSource;
  const key = `${ds.uid ?? source.ref.uid}\u0000${step}\u0000${role}${queryKey(source.target, request)}`;
  const matrix = await cache.get(
    key,
    start,
    end,
    step,
    MAX_FETCHED_SERIES,
    fetchGrid(ds, request, source.target, step, signal)
  );
  return { matrix, dsName: ds.name ?? 'the data source' };
}

/**
 * The values of each series of `group` (one query) on the grid of `step` from `start` to `end`, asked
 * of the query's data source through the history cache (`role` keeps this fetch's span apart from the
 * others'), or why it cannot be asked; undefined for a series the answer lacks. A data source or cache
 * failure is thrown.
 */
export async function seriesOnGrid(
  group: PanelSeries[],
  start: number,
  end: number,
  step: number,
  request: DataQueryRequest | undefined,
  role: string,
  signal?: AbortSignal
): Promise<{ ok: true; values: Array<Float64Array | undefined>; dsName: string } | { ok: false; reason: string }> {
  const found = querySource(group[0], request);
  if ('reason' in found) {
    return { ok: false, reason: found.reason };
  }
  const { matrix, dsName } = await cachedGrid(found, request!, role, start, end, step, signal);
  const byKey = new Map(matrix.series.map((s) => [s.labels[KEY_LABEL], s.values]));
  // Without labels or names in common (a display name override), the only series of each answer match.
  const only = group.length === 1 && matrix.series.length === 1 ? matrix.series[0].values : undefined;
  return {
    ok: true,
    values: group.map((s) => byKey.get(seriesKey(s, found.target.refId)) ?? only),
    dsName,
  };
}

/**
 * The series of one query, each with its history from `from` to its first point prepended (from its
 * data source, at `step`, the series' own), and how the fetch went for it. On any failure a series is
 * returned as it is, with the reason in one line: the panel computes on its range and says so.
 * `from` is the earliest point the engine's calls read (src/engine/leadIn.ts historyStart).
 */
export async function withHistoryBefore(
  group: PanelSeries[],
  from: number,
  step: number,
  request: DataQueryRequest | undefined,
  signal?: AbortSignal
): Promise<Array<{ series: PanelSeries; fetch: HistoryFetch }>> {
  const as = (fetch: HistoryFetch) => group.map((series) => ({ series, fetch }));
  const first = Math.min(...group.map((s) => s.t[0]));
  // On the series' own grid, so the fetched points and the range's meet without a gap or an overlap.
  const wanted = first - Math.ceil((first - from) / step) * step;
  const start = Math.max(wanted, first - MAX_HISTORY_POINTS * step);
  const end = first - step;
  const cut =
    start > wanted
      ? `cut to ${formatCount(MAX_HISTORY_POINTS)} points at ${formatDuration(step)}, the panel's limit ` +
        `(${formatCount(Math.round((start - wanted) / step))} not fetched)`
      : undefined;
  if (end < start) {
    const source = querySource(group[0], request);
    return as('reason' in source ? { ok: false, reason: source.reason } : { ok: true, from: first, points: 0 });
  }
  let got: Awaited<ReturnType<typeof seriesOnGrid>>;
  try {
    got = await seriesOnGrid(group, start, end, step, request, '', signal);
  } catch (e) {
    return as({ ok: false, reason: fetchFailure(e) });
  }
  if (!got.ok) {
    return as(got);
  }
  const { values, dsName } = got;
  return group.map((s, j) => {
    const older = values[j];
    const t: number[] = [];
    const v: number[] = [];
    older?.forEach((x, i) => {
      const at = start + i * step;
      if (Number.isFinite(x) && at < s.t[0]) {
        t.push(at);
        v.push(x);
      }
    });
    if (t.length === 0) {
      // Nothing older to train on: the note keeps saying the panel trained on its range, and why.
      return {
        series: s,
        fetch: { ok: false, reason: `${dsName} returned no samples of this series before the range` },
      };
    }
    return {
      series: { ...s, t: Float64Array.from([...t, ...s.t]), v: Float64Array.from([...v, ...s.v]) },
      fetch: { ok: true, from: t[0], points: t.length, ...(cut ? { cut } : {}) },
    };
  });
}

/**
 * The samples at `step` (multiples of it from the epoch, as Grafana's Prometheus aligns a range) from
 * `from` to the last before `before`, per series of the group, as one phase of a coarse lead-in
 * (src/engine/history.ts CoarseLead, labels as the panel's matrix has them); undefined for a series
 * the answer lacks, or for all with the reason when the fetch fails. Time to exhaustion's 14 days at
 * 15 s are read every 150 s before the jump test's 10,000 points (src/engine/leadIn.ts leadInReads):
 * 7,079 points (with its look-back: src/engine/context.ts lookBack) rather than the 80,640 at 15 s.
 */
export async function coarseLeadBefore(
  group: PanelSeries[],
  from: number,
  before: number,
  step: number,
  request: DataQueryRequest | undefined,
  signal?: AbortSignal
): Promise<{ ok: true; phases: Array<GridMatrix | undefined>; points: number } | { ok: false; reason: string }> {
  const span = phaseSpan(from, step, before);
  if (!span) {
    const source = querySource(group[0], request);
    return 'reason' in source
      ? { ok: false, reason: source.reason }
      : { ok: true, phases: group.map(() => undefined), points: 0 };
  }
  const { start, end } = span;
  let got: Awaited<ReturnType<typeof seriesOnGrid>>;
  try {
    // Apart from withHistoryBefore's entry: a phase at the series' own step (a refit's off the coarse
    // grid) starts 14 days earlier, and the cache keeps one span per key, so each evicted the other.
    got = await seriesOnGrid(group, start, end, step, request, 'lead\u0000', signal);
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    return { ok: false, reason: asError(e).message };
  }
  if (!got.ok) {
    return got;
  }
  return {
    ok: true,
    points: Math.round((end - start) / step) + 1,
    phases: got.values.map((values) => (values ? { from: start, step, series: [{ labels: {}, values }] } : undefined)),
  };
}

/**
 * A failed history fetch as the note's reason (an abort is thrown on): the cache's series limit is the
 * data source's setting there, the panel's own here.
 */
export function fetchFailure(e: unknown): string {
  if ((e as Error).name === 'AbortError') {
    throw e;
  }
  return asError(e).message.replace(
    ' (Max series in the data source settings)',
    " for the history before the range (the panel's limit)"
  );
}
