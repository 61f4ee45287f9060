import { setDataSourceSrv } from '@grafana/runtime';
import type { DataQueryRequest } from '@grafana/data';
import { movedTogetherReady } from './movedTogetherReady';

const BW = { uid: 'bw', type: 'bellwether-ml-datasource', jsonData: { companionUrl: 'http://companion:9091' } };
const BW_BARE = { uid: 'bare', type: 'bellwether-ml-datasource', jsonData: {} };
const PROM = { uid: 'prom', type: 'prometheus', jsonData: {} };

beforeAll(() => {
  const all = [BW, BW_BARE, PROM];
  setDataSourceSrv({
    getInstanceSettings: (ref: any) => all.find((d) => d.uid === (ref?.uid ?? ref)),
  } as any);
});

const req = (target: Record<string, unknown>) =>
  ({ targets: [{ refId: 'A', ...target }] }) as unknown as DataQueryRequest;
const series = { refId: 'A', name: 'cpu web-1', labels: {} } as any;

it('is ready on the Bellwether data source with a companion and a PromQL query', () => {
  expect(movedTogetherReady(series, req({ datasource: { uid: 'bw' }, expr: 'shop_errors' }))).toEqual({
    ok: true,
    ref: { uid: 'bw' },
    expr: 'shop_errors',
  });
});

it.each([
  ['a query that names no data source (the demo CPU and pods panels)', req({ expr: 'cpu' }), /names no data source/],
  ['no request at all', undefined, /names no data source/],
  ['another data source', req({ datasource: { uid: 'prom' }, expr: 'cpu' }), /this panel reads from prometheus/],
  ['the data source without a companion', req({ datasource: { uid: 'bare' }, expr: 'cpu' }), /set the companion URL/],
  ['no PromQL', req({ datasource: { uid: 'bw' } }), /and a PromQL query/],
])('is not ready with %s, and says why', (_, request, why) => {
  const r = movedTogetherReady(series, request);
  expect(r.ok).toBe(false);
  expect(r.ok ? '' : r.why).toMatch(why);
});
