import {
  AnnotationQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
  TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { callWorker } from '../worker/client';
import type { GridMatrix } from '../engine/history';
import { companionQuery, type DerivedFunc, type DeriveSpec, funcsFor } from './plan';
import { scoreThreshold } from './threshold';
import { OUTLIER_DECISION } from '../ml/group/groupOutliers';
import { buildFrames, type FuncValues } from './outputs';
import { tablesToFrames, tablesToMatrix } from './pixie/tables';
import { matrixOnPoints, QueryError } from './prometheus/frames';
import { checkDetectorTrain, checkModelForEngine, gridForQuery, parseDurationMs, specFor } from './querySpec';
import { movedTogetherFrame } from './movedTogetherFrame';
import { fetchMovedTogether, type MovedTogetherParams } from './sources/movedTogetherSource';
import type { MovedTogetherResult } from '../engine/movedTogether';
import { companionRange, companionRawSampleTimes } from './sources/companionSource';
import { describeFetchError, proxyFetch } from './sources/http';
import { fetchParcaMatrix, parcaLabels, parcaProfileTypes } from './sources/parcaSource';
import { runPxl } from './sources/pixieSource';
import { fetchPrometheusMatrix, fetchRawSampleTimes, getPrometheus, sentQueryKey } from './sources/prometheusSource';
import { HistoryCache } from './sources/historyCache';
import { boundLeadIn, leadCutWarning, phaseBudget, spendOnPhase } from '../engine/leadInBound';
import { scoringPlan } from './fineScoring';
import type { SampleIntervalSource } from '../engine/resolution';
import { SampleIntervalCache } from './sources/promSampleIntervals';
import type { EvalGrid } from '../engine/context';
import type { LeadInReads } from '../engine/leadIn';
import { mod, phaseSpan } from '../engine/grid';
import type { CallValues } from '../engine/evaluate';
import type { FunctionCall } from '../engine/query';
import { urlProblem } from './sourceUrl';
import { BellwetherOptions, BellwetherQuery, DEFAULT_MAX_SERIES, DEFAULT_QUERY, Engine } from './types';

/** Queries whose lead-in phases are remembered (a few numbers each): more than a dashboard's panels. */
const MAX_REMEMBERED_QUERIES = 1_000;

/**
 * The Bellwether ML data source: derived series (band, score, anomalies, forecast, time to
 * exhaustion, trend) over Prometheus, Parca and Pixie queries. Models run in the engine worker
 * (browser engine) or in the companion (companion engine, Prometheus only); both follow one plan
 * (plan.ts) and give the same numbers.
 */
export class DataSource extends DataSourceApi<BellwetherQuery, BellwetherOptions> {
  readonly url: string;
  /** Prometheus history of the browser engine, lead-in included: a refresh fetches only the new tail. */
  readonly history = new HistoryCache();
  /** Phases of the coarse lead-in each query's last evaluation read (evaluateWithLead), least recent first. */
  private readonly leadPhases = new Map<string, number[]>();
  /** How often each query's series are sampled, so detectors score at the data's resolution (fineScoring.ts). */
  readonly intervals = new SampleIntervalCache();

  constructor(readonly instanceSettings: DataSourceInstanceSettings<BellwetherOptions>) {
    super(instanceSettings);
    this.url = instanceSettings.url ?? '';
    // Dashboard annotations: any query, returned as anomaly events.
    this.annotations = {
      prepareQuery: (anno: AnnotationQuery<BellwetherQuery>) =>
        anno.target
          ? { ...anno.target, refId: anno.target.refId || 'Anno', output: 'anomalies', asAnnotations: true }
          : undefined,
    };
  }

  getDefaultQuery(): Partial<BellwetherQuery> {
    return { ...DEFAULT_QUERY, datasourceUid: this.instanceSettings.jsonData.defaultPrometheusUid };
  }

  private get maxSeries(): number {
    return this.instanceSettings.jsonData.maxSeries || DEFAULT_MAX_SERIES;
  }

  applyTemplateVariables(q: BellwetherQuery, scopedVars: ScopedVars): BellwetherQuery {
    const t = getTemplateSrv();
    return {
      ...q,
      expr: q.expr ? t.replace(q.expr, scopedVars, 'regex') : q.expr,
      labelSelector: q.labelSelector ? t.replace(q.labelSelector, scopedVars) : q.labelSelector,
      pxl: q.pxl ? t.replace(q.pxl, scopedVars) : q.pxl,
      candidates: q.candidates ? t.replace(q.candidates, scopedVars, 'regex') : q.candidates,
    };
  }

  filterQuery(q: BellwetherQuery): boolean {
    return !q.hide;
  }

  async query(request: DataQueryRequest<BellwetherQuery>): Promise<DataQueryResponse> {
    const targets = request.targets
      .filter((t) => !t.hide)
      .map((t) => this.applyTemplateVariables(t, request.scopedVars));
    const settled = await Promise.allSettled(targets.map((t) => this.runQuery(t, request)));
    const data = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    const errors = settled.flatMap((s, i) =>
      s.status === 'rejected'
        ? [
            {
              refId: targets[i].refId,
              message: `${targets[i].refId}: ${(s.reason as Error)?.message ?? String(s.reason)}`,
            },
          ]
        : []
    );
    return { data, errors: errors.length ? errors : undefined, error: errors[0] };
  }

  /** One query: fetch the source, derive, shape frames. */
  private async runQuery(q: BellwetherQuery, request: DataQueryRequest<BellwetherQuery>) {
    const from = request.range.from.valueOf();
    const to = request.range.to.valueOf();
    if (q.output === 'moved') {
      return [await this.movedTable(q, to)];
    }
    const grid = gridForQuery(q, from, to, request.intervalMs);
    if (grid.points.length === 0) {
      return [];
    }
    const output = q.output ?? 'raw';
    const engine: Engine = q.engine ?? this.instanceSettings.jsonData.defaultEngine ?? 'browser';
    const source = q.source ?? 'prometheus';
    // A detector's training window is checked at the step it scores at, chosen below.
    const asked = specFor(q, grid.step, null);
    checkModelForEngine(asked, engine);
    // Detectors score at the data's own resolution when the step is coarser, on both engines as the
    // companion chooses it (fineScoring.ts); the browser engine then fetches the data at it.
    const { spec, fine } = await scoringPlan(
      asked,
      Boolean(q.train?.trim()),
      funcsFor(output),
      q.expr ?? '',
      grid,
      asked?.kind === 'detect' ? this.sampleIntervals(q, source, engine, request) : undefined,
      Date.now()
    );
    if (spec?.kind === 'detect') {
      // 3 days at a 15 s step are 17,280 points, but scored at 1 m they are 4,320, as the companion trains.
      checkDetectorTrain(spec.train, q.train, fine.step);
    }
    const first = grid.points[0];
    const last = grid.points[grid.points.length - 1];

    if (source === 'pixie' && output === 'raw') {
      return tablesToFrames(
        await runPxl(this.url, q.pxl ?? '', from, to, grid.step, this.instanceSettings.jsonData.pixieClusterId),
        q.refId
      );
    }
    if (spec && engine === 'companion' && source !== 'prometheus') {
      throw new QueryError(
        `the companion engine evaluates PromQL only; run models on ${source} data with the browser engine`
      );
    }

    let matrix: GridMatrix;
    let derived: FuncValues[] = [];
    let warnings: string[] = [];
    if (source === 'prometheus' && spec && engine === 'companion') {
      ({ derived, warnings } = await this.companionDerive(q, spec, first, last, grid.points));
      // What the choice of training window read (a failed interval read scores at the default
      // resolution, so train=3d): said here too, or the fallback is silent. The companion's own
      // resolution warnings are the same texts, shown once.
      warnings = [...fine.warnings, ...warnings];
      matrix =
        output === 'band' || output === 'outliers'
          ? await this.promMatrix(q, first, last, grid.step, request)
          : { from: first, step: grid.step, series: [] };
    } else {
      // The worker runs the engine: it knows how much history before the first point the calls
      // read (a detector's warm-up, a fit's training window), and evaluates them as the companion does.
      // What the calls read before the first point, and at which step: time to exhaustion's 14 days
      // are read every 150 s at 15 s, so only those samples are fetched before the fine reads.
      const reads = spec ? await callWorker('leadInReads', [fine.readCalls, fine.step, fine.first]) : undefined;
      const lead = boundLeadIn(reads?.fineFrom ?? fine.first, fine.first, fine.step);
      const fetched = await this.sourceMatrix(q, lead.from, last, fine.step, request, from, to);
      matrix = fetched.matrix;
      const detectorMatrix = matrix;
      if (fine.coarser && (output === 'raw' || output === 'band' || output === 'outliers')) {
        // Scored on a coarser grid than the panel's: the raw series keep the sample at each grid point.
        const raw = await this.sourceMatrix(q, first, last, grid.step, request, from, to);
        matrix = raw.matrix;
        fetched.warnings.push(...raw.warnings);
      }
      const coarse: LeadInReads | undefined = reads && !lead.warning && reads.fineFrom > reads.from ? reads : undefined;
      if (spec) {
        const result = await this.evaluateWithLead(q, detectorMatrix, coarse, fine.calls, grid, request);
        derived = result.values.flatMap((r) =>
          r.series.map((s) => ({ labels: s.labels, func: r.func as DerivedFunc, values: s.values }))
        );
        warnings = [...result.warnings, ...result.values.flatMap((r) => r.warnings)];
      }
      warnings = [...(lead.warning ? [lead.warning] : []), ...fine.warnings, ...fetched.warnings, ...warnings];
    }
    return buildFrames({
      refId: q.refId,
      output,
      points: grid.points,
      raw: matrix,
      derived,
      legendFormat: q.legendFormat,
      threshold: spec
        ? spec.kind === 'outliers'
          ? OUTLIER_DECISION
          : scoreThreshold(spec.model, spec.sensitivity)
        : undefined,
      asAnnotations: q.asAnnotations,
      warnings,
    });
  }

  /**
   * Evaluates `calls` at `grid`'s points on `matrix` (at the grid's step, or finer for detectors
   * scoring at the data's resolution) with the coarse lead-in `coarse` describes (none: the matrix holds
   * every sample read): the phases the fit times read are fetched first; a refit off the refit grid
   * (after a jump) reads another phase, which the evaluation names (`unfetched`), so it is fetched and
   * the calls evaluated again: the samples read are the companion's, never a gap in their place. The
   * phases the last evaluation of the same calls read are fetched up front too (from the cache on a
   * refresh), so a refresh evaluates once. All phases together stay within MAX_HISTORY_POINTS with
   * the fine lead-in (boundPhase; time to exhaustion's 14 days at 15 s fit whole); a read of a sample
   * that bound left out is said with a count.
   */
  private async evaluateWithLead(
    q: BellwetherQuery,
    matrix: GridMatrix,
    coarse: LeadInReads | undefined,
    calls: FunctionCall[],
    grid: EvalGrid,
    request: DataQueryRequest<BellwetherQuery>
  ): Promise<{ values: CallValues[]; warnings: string[] }> {
    const held = new Set<number>();
    const phases: GridMatrix[] = [];
    const warnings: string[] = [];
    // Keyed on what the reads send, as the history's and the intervals' keys are (sentQueryKey): under
    // another ad hoc filter the query reads other series, whose refits read other phases.
    const sent = sentQueryKey(q.datasourceUid ?? '', q.expr ?? '', request);
    const memoKey = `${q.source ?? 'prometheus'}\u0000${sent}\u0000${matrix.step}\u0000${JSON.stringify(calls)}`;
    const remembered = coarse ? (this.leadPhases.get(memoKey) ?? []).filter((p) => p < coarse.coarseStep) : [];
    let want = coarse ? [...coarse.phases, ...remembered.filter((p) => !coarse.phases.includes(p))] : [];
    // What the lead-in's phases may still fetch: the fine lead-in before the first point counts too.
    const budget = phaseBudget(Math.round((grid.points[0] - matrix.from) / matrix.step));
    for (;;) {
      for (const phase of want) {
        // A fetch at a finer step holds other phases too: checked as each is fetched (before, the
        // phases 30 s and 75 s were fetched again after the 15 s fetch held them: 49,443 points more).
        if (held.has(phase)) {
          continue;
        }
        // Grafana's Prometheus aligns a range's start to its step: a phase off the epoch's multiples of
        // the coarse step is fetched at the step that holds it (gcd), which holds other phases too.
        const step = gcd(coarse!.coarseStep, phase);
        const fetch = spendOnPhase(budget, phaseSpan(coarse!.from, step, matrix.from), step);
        if (fetch) {
          const got = await this.sourceMatrix(q, fetch.start, fetch.end, step, request, fetch.start, fetch.end, 'lead');
          phases.push(got.matrix);
          warnings.push(...got.warnings);
        }
        for (let p = 0; p < coarse!.coarseStep; p += step) {
          held.add(p);
        }
      }
      const lead = coarse ? { from: coarse.from, step: coarse.coarseStep, phases } : undefined;
      const values = await callWorker('evaluate', [lead ? { ...matrix, lead } : matrix, calls, grid.points, grid.step]);
      const unfetched = [...new Set(values.flatMap((v) => v.unfetched ?? []))];
      want = unfetched.filter((p) => !held.has(p));
      if (want.length === 0) {
        this.rememberLeadRead(memoKey, values);
        // Only a read of what the bound left out can change a value (a phase the source has no
        // samples of is read as missing by the companion too).
        if (budget.cut && unfetched.length > 0) {
          warnings.push(leadCutWarning(budget.cut.points, budget.cut.step, coarse!.coarseStep));
        }
        return { values, warnings };
      }
    }
  }

  /** Keeps the phases of the coarse lead-in `values` read, for the next evaluation of the same calls. */
  private rememberLeadRead(key: string, values: CallValues[]) {
    const read = [...new Set(values.flatMap((v) => v.leadRead ?? []))].sort((a, b) => a - b);
    this.leadPhases.delete(key);
    if (read.length === 0) {
      return;
    }
    this.leadPhases.set(key, read);
    if (this.leadPhases.size > MAX_REMEMBERED_QUERIES) {
      this.leadPhases.delete(this.leadPhases.keys().next().value!);
    }
  }

  /** Whether "what moved together" can run: it needs the companion. */
  get hasCompanion(): boolean {
    return Boolean(this.instanceSettings.jsonData.companionUrl);
  }

  /** "What moved together" around `p.at` (the anomaly panel's action and the `moved` output). */
  async movedTogether(p: MovedTogetherParams): Promise<MovedTogetherResult> {
    if (!this.hasCompanion) {
      throw new QueryError(
        'what moved together runs in the companion: set the companion URL in the data source settings'
      );
    }
    return fetchMovedTogether(this.url, p);
  }

  /** The `moved` output: the ranked table around the query's time (default the end of the range). */
  private async movedTable(q: BellwetherQuery, end: number) {
    if ((q.source ?? 'prometheus') !== 'prometheus') {
      throw new QueryError('what moved together reads PromQL: choose the Prometheus source');
    }
    if (!q.expr?.trim()) {
      throw new QueryError('enter the PromQL of the anomalous series');
    }
    const result = await this.movedTogether({
      target: q.expr,
      at: q.movedAt ?? end,
      candidates: q.candidates,
      lookBack: parseDurationMs(q.lookBack, 'Look back'),
      after: parseDurationMs(q.after, 'After'),
    });
    return movedTogetherFrame(q.refId, result, q.legendFormat);
  }

  private promMatrix(
    q: BellwetherQuery,
    start: number,
    end: number,
    step: number,
    request: DataQueryRequest<BellwetherQuery>
  ) {
    if (!q.datasourceUid) {
      throw new QueryError('pick a Prometheus data source');
    }
    if (!q.expr?.trim()) {
      throw new QueryError('enter a PromQL expression');
    }
    return fetchPrometheusMatrix({
      uid: q.datasourceUid,
      expr: q.expr,
      start,
      end,
      step,
      maxSeries: this.maxSeries,
      request,
      refId: q.refId,
    });
  }

  /** {@link promMatrix} through the history cache, in requests Prometheus accepts. */
  private cachedPromMatrix(
    q: BellwetherQuery,
    start: number,
    end: number,
    step: number,
    request: DataQueryRequest<BellwetherQuery>,
    role: 'lead' | 'range' = 'range'
  ) {
    // The phase too: a coarse lead-in is fetched at several alignments of one step (leadIn.ts). And
    // the role: a lead-in phase at the step-wise reads' own step (15 s for a refit's phase of 15 s)
    // starts 14 days earlier, and sharing their entry, each fetch evicted the other (HistoryCache
    // keeps one span per key): every refresh fetched 80,875 points where the move added a few.
    // And what the request sends besides the query's text: another ad hoc filter reads other series.
    const key = `${step}\u0000${mod(start, step)}\u0000${role}\u0000${sentQueryKey(q.datasourceUid ?? '', q.expr ?? '', request)}`;
    return this.history.get(key, start, end, step, this.maxSeries, (a, b) => this.promMatrix(q, a, b, step, request));
  }

  private async sourceMatrix(
    q: BellwetherQuery,
    start: number,
    end: number,
    step: number,
    request: DataQueryRequest<BellwetherQuery>,
    from: number,
    to: number,
    role: 'lead' | 'range' = 'range'
  ): Promise<{ matrix: GridMatrix; warnings: string[] }> {
    switch (q.source ?? 'prometheus') {
      case 'parca':
        return fetchParcaMatrix(this.url, q.profileType ?? '', q.labelSelector ?? '', start, end, step, this.maxSeries);
      case 'pixie': {
        const tables = await runPxl(
          this.url,
          q.pxl ?? '',
          Math.min(start, from),
          Math.max(end, to),
          step,
          this.instanceSettings.jsonData.pixieClusterId
        );
        return tablesToMatrix(tables, q.valueColumn, start, end, step, this.maxSeries);
      }
      default:
        return { matrix: await this.cachedPromMatrix(q, start, end, step, request, role), warnings: [] };
    }
  }

  /**
   * Where a detector query learns its series' sample interval: the Prometheus data source (browser
   * engine) or the companion (companion engine), as the companion reads it from its upstream.
   */
  private sampleIntervals(
    q: BellwetherQuery,
    source: string,
    engine: Engine,
    request: DataQueryRequest<BellwetherQuery>
  ): SampleIntervalSource | undefined {
    if (source !== 'prometheus') {
      return undefined;
    }
    if (engine === 'companion') {
      return this.instanceSettings.jsonData.companionUrl
        ? this.intervals.source('companion', (expr, at) => companionRawSampleTimes(this.url, expr, at))
        : undefined;
    }
    const uid = q.datasourceUid;
    // Keyed on what the reads send: the dashboard's ad hoc filters change the series they read.
    return uid
      ? this.intervals.source(sentQueryKey(uid, q.expr ?? '', request), (expr, at) =>
          fetchRawSampleTimes(uid, expr, at, request, q.refId)
        )
      : undefined;
  }

  /** The companion evaluates each function of the output; values are read at our grid points. */
  private async companionDerive(
    q: BellwetherQuery,
    spec: DeriveSpec,
    start: number,
    end: number,
    points: number[]
  ): Promise<{ derived: FuncValues[]; warnings: string[] }> {
    if (!this.instanceSettings.jsonData.companionUrl) {
      throw new QueryError('the companion engine needs the companion URL in the data source settings');
    }
    if (!q.expr?.trim()) {
      throw new QueryError('enter a PromQL expression');
    }
    const out: FuncValues[] = [];
    const warnings: string[] = [];
    for (const func of funcsFor(q.output ?? 'raw')) {
      const { result, warnings: said } = await companionRange(
        this.url,
        companionQuery(func, q.expr, spec),
        start,
        end,
        spec.step,
        this.maxSeries
      );
      for (const s of matrixOnPoints(result, points)) {
        out.push({ labels: s.labels, func, values: s.values });
      }
      warnings.push(...said);
    }
    return { derived: out, warnings };
  }

  /**
   * Template variables:
   * - `label_values(label)`, `label_values(metric, label)` and any other Prometheus variable query →
   *   the default Prometheus data source;
   * - `parca_profile_types()`, `parca_labels()`, `parca_label_values(label)` → Parca.
   */
  async metricFindQuery(
    query: string,
    options?: { scopedVars?: ScopedVars; range?: DataQueryRequest['range'] }
  ): Promise<MetricFindValue[]> {
    const text = getTemplateSrv()
      .replace(String(query ?? ''), options?.scopedVars)
      .trim();
    const parca = /^parca_(profile_types|labels|label_values)\(\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\)$/.exec(text);
    if (parca) {
      const values =
        parca[1] === 'profile_types'
          ? await parcaProfileTypes(this.url)
          : await parcaLabels(this.url, parca[1] === 'label_values' ? parca[2] : undefined);
      return values.map((v) => ({ text: v, value: v }));
    }
    const uid = this.instanceSettings.jsonData.defaultPrometheusUid;
    if (!uid) {
      throw new QueryError(
        'set a default Prometheus data source in the Bellwether data source settings to use label_values() variables'
      );
    }
    const prom = await getPrometheus(uid);
    if (!prom.metricFindQuery) {
      throw new QueryError(`${prom.name} does not support variable queries`);
    }
    return prom.metricFindQuery(text, options);
  }

  /** Tries every configured source and reports each one's result. */
  async testDatasource(): Promise<TestDataSourceResponse> {
    const j = this.instanceSettings.jsonData;
    const checks: Array<{ name: string; run: () => Promise<unknown> }> = [];
    if (j.defaultPrometheusUid) {
      checks.push({ name: 'Prometheus', run: () => getPrometheus(j.defaultPrometheusUid!) });
    }
    if (j.companionUrl) {
      checks.push({
        name: 'Companion',
        // Without a scheme Grafana's proxy cannot reach it; say the fix rather than a proxy error.
        run: () => {
          const problem = urlProblem(j.companionUrl);
          return problem
            ? Promise.reject(new QueryError(`the companion URL ${problem}`))
            : proxyFetch({
                source: 'Companion',
                url: `${this.url}/companion/api/v1/query`,
                method: 'POST',
                form: new URLSearchParams({ query: '1+1' }),
              });
        },
      });
    }
    if (j.parcaUrl) {
      const problem = urlProblem(j.parcaUrl);
      checks.push({
        name: 'Parca',
        run: () => (problem ? Promise.reject(new QueryError(`the Parca URL ${problem}`)) : parcaProfileTypes(this.url)),
      });
    }
    if (j.pixieEnabled) {
      checks.push({
        name: 'Pixie',
        run: () =>
          proxyFetch({
            source: 'Pixie (via companion)',
            url: `${this.url}/pixie/health`,
            params: j.pixieClusterId ? new URLSearchParams({ clusterId: j.pixieClusterId }) : undefined,
          }),
      });
    }
    if (checks.length === 0) {
      return {
        status: 'error',
        message:
          'Nothing to test: set a default Prometheus data source, the companion URL, the Parca URL or enable Pixie.',
      };
    }
    const results = await Promise.allSettled(checks.map((c) => c.run()));
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${checks[i].name}: ${messageOf(checks[i].name, r.reason)}`] : []
    );
    const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [checks[i].name] : []));
    if (failed.length) {
      return { status: 'error', message: `${failed.join(' | ')}${ok.length ? ` (working: ${ok.join(', ')})` : ''}` };
    }
    return { status: 'success', message: `All configured sources answered: ${ok.join(', ')}.` };
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function messageOf(source: string, err: unknown): string {
  return err instanceof QueryError ? err.message : describeFetchError(source, err);
}
