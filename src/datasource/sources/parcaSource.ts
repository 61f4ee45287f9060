/** Parca through the `parca` proxy route (REST/JSON gateway under `/api`). */
import {
  labelList,
  type ParcaMatrix,
  type ParcaQueryRangeResponse,
  profileQuery,
  profileTypeIds,
  queryRangeParams,
  queryRangeToMatrix,
} from '../parca/parca';
import { QueryError, tooManySeries } from '../prometheus/frames';
import { proxyFetch } from './http';

/** Samples per second per label set on the grid [start, end], and the samples dropped without a time. */
export async function fetchParcaMatrix(
  baseUrl: string,
  profileType: string,
  selector: string,
  start: number,
  end: number,
  step: number,
  maxSeries: number
): Promise<ParcaMatrix> {
  if (!profileType) {
    throw new QueryError('pick a Parca profile type');
  }
  const resp = await proxyFetch<ParcaQueryRangeResponse>({
    source: 'Parca',
    url: `${baseUrl}/parca/api/profiles/query_range`,
    params: queryRangeParams(profileQuery(profileType, selector), start, end, step),
  });
  const m = queryRangeToMatrix(resp, start, end, step);
  if (m.matrix.series.length > maxSeries) {
    throw new QueryError(tooManySeries(m.matrix.series.length, maxSeries));
  }
  return m;
}

/** Profile type ids Parca has data for. */
export async function parcaProfileTypes(baseUrl: string): Promise<string[]> {
  return profileTypeIds(await proxyFetch({ source: 'Parca', url: `${baseUrl}/parca/api/profiles/types` }));
}

/** Label names, or the values of one label. */
export async function parcaLabels(baseUrl: string, label?: string): Promise<string[]> {
  const url = label
    ? `${baseUrl}/parca/api/profiles/labels/${encodeURIComponent(label)}/values`
    : `${baseUrl}/parca/api/profiles/labels`;
  return labelList(await proxyFetch<Record<string, unknown>>({ source: 'Parca', url }));
}
