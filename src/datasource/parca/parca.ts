/**
 * Parca through its REST/JSON gateway (grpc-gateway over parca.query.v1alpha1.QueryService, see
 * query.proto): `GET /api/profiles/query_range`, `/api/profiles/types`, `/api/profiles/labels` and
 * `/api/profiles/labels/{name}/values`. The gateway speaks proto3 JSON: int64 as strings, Timestamp as
 * RFC 3339, Duration as `"15s"`, field names in lowerCamelCase (snake_case is accepted too). Parca does
 * not speak Connect JSON. Profile samples become one time series per label set: samples per second
 * (`valuePerSecond`, or the step's value divided by its duration).
 */
import type { GridMatrix } from '../../engine/history';
import { alignDown } from '../../engine/grid';
import { rowNotes } from '../../engine/warnings';

/** `parca.query.v1alpha1.ProfileType` as JSON. */
export interface ParcaProfileType {
  name: string;
  sampleType?: string;
  sampleUnit?: string;
  periodType?: string;
  periodUnit?: string;
  delta?: boolean;
}

/** `MetricsSample` as JSON (int64 fields arrive as strings). */
interface ParcaSample {
  timestamp: string;
  value?: string | number;
  valuePerSecond?: number;
  value_per_second?: number;
  duration?: string | number;
}

/** `QueryRangeResponse` as JSON. */
export interface ParcaQueryRangeResponse {
  series?: Array<{
    labelset?: { labels?: Array<{ name: string; value: string }> };
    samples?: ParcaSample[];
    sampleType?: { type?: string; unit?: string };
    periodType?: { type?: string; unit?: string };
  }>;
}

/** Read a field given in lowerCamelCase or snake_case. */
function field<T>(o: Record<string, unknown>, camel: string, snake: string): T | undefined {
  return (o[camel] ?? o[snake]) as T | undefined;
}

/**
 * The selector string Parca expects for a profile type, e.g.
 * `parca_agent:samples:count:cpu:nanoseconds:delta{comm="api"}`.
 */
export function profileQuery(profileType: string, labelSelector = ''): string {
  const sel = labelSelector.trim().replace(/^\{|\}$/g, '');
  return `${profileType.trim()}{${sel}}`;
}

/** A profile type's full id as used in queries: `name:sampleType:sampleUnit:periodType:periodUnit[:delta]`. */
export function profileTypeId(raw: ParcaProfileType | Record<string, unknown>): string {
  const o = raw as Record<string, unknown>;
  const parts = [
    o.name,
    field(o, 'sampleType', 'sample_type'),
    field(o, 'sampleUnit', 'sample_unit'),
    field(o, 'periodType', 'period_type'),
    field(o, 'periodUnit', 'period_unit'),
  ].map((x) => String(x ?? ''));
  return parts.join(':') + (o.delta ? ':delta' : '');
}

/** Query parameters of `/api/profiles/query_range`. */
export function queryRangeParams(query: string, from: number, to: number, step: number): URLSearchParams {
  return new URLSearchParams({
    query,
    start: new Date(from).toISOString(),
    end: new Date(to).toISOString(),
    step: `${Math.max(1, Math.round(step / 1000))}s`,
  });
}

/** Parses a proto3 JSON Duration (`"10s"`, `"0.5s"`) or an int64 nanosecond count into seconds. */
function durationSeconds(d: string | number | undefined): number {
  if (d === undefined) {
    return NaN;
  }
  if (typeof d === 'string' && d.endsWith('s')) {
    return Number(d.slice(0, -1));
  }
  return Number(d) / 1e9;
}

/** Samples per second on the grid, and what reading the samples said (samples dropped without a time). */
export interface ParcaMatrix {
  matrix: GridMatrix;
  warnings: string[];
}

/**
 * Query-range response → samples per second per label set on the grid `from..to` (ms). Samples in the
 * same grid slot are averaged. Series are labelled by their label set. Samples without a time are
 * dropped and counted in `warnings`, in the words the CLI's reader uses; a sample without a finite
 * value is a gap (it does not blank the other samples of its slot).
 */
export function queryRangeToMatrix(resp: ParcaQueryRangeResponse, from: number, to: number, step: number): ParcaMatrix {
  const n = Math.round((to - from) / step) + 1;
  const series: GridMatrix['series'] = [];
  let noTime = 0;
  for (const s of resp.series ?? []) {
    const labels: Record<string, string> = {};
    for (const l of s.labelset?.labels ?? []) {
      labels[l.name] = l.value;
    }
    const sum = new Float64Array(n);
    const count = new Float64Array(n);
    for (const raw of s.samples ?? []) {
      const o = raw as unknown as Record<string, unknown>;
      // An absent Timestamp is omitted or null in proto3 JSON: no time, not the epoch.
      const t = typeof o.timestamp === 'string' ? Date.parse(o.timestamp) : NaN;
      if (!Number.isFinite(t)) {
        noTime++;
        continue;
      }
      const k = Math.round((alignDown(t, step) - from) / step);
      // A sample outside the grid is outside the range asked for.
      if (k < 0 || k >= n) {
        continue;
      }
      let rate = Number(field<number | string>(o, 'valuePerSecond', 'value_per_second'));
      if (!Number.isFinite(rate)) {
        // proto3 JSON omits a zero int64, so an absent value is 0.
        const seconds = durationSeconds(field<string | number>(o, 'duration', 'duration'));
        rate = Number(o.value ?? 0) / (seconds > 0 ? seconds : step / 1000);
      }
      if (!Number.isFinite(rate)) {
        continue;
      }
      sum[k] += rate;
      count[k]++;
    }
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      values[k] = count[k] > 0 ? sum[k] / count[k] : NaN;
    }
    series.push({ labels, values });
  }
  return {
    matrix: { from, step, series },
    warnings: rowNotes({ outOfOrder: 0, merged: 0, noTime, offGrid: 0 }, '', () => '').map((w) => `Parca: ${w}`),
  };
}

/** `ProfileTypesResponse` → profile type ids. */
export function profileTypeIds(resp: { types?: unknown[] }): string[] {
  return (resp.types ?? []).map((t) => profileTypeId(t as Record<string, unknown>));
}

/** `LabelsResponse` / `ValuesResponse` → strings. */
export function labelList(resp: Record<string, unknown>): string[] {
  const v =
    field<string[]>(resp, 'labelNames', 'label_names') ?? field<string[]>(resp, 'labelValues', 'label_values') ?? [];
  return [...v];
}
