import { seriesQuery } from './movedTogetherSource';

describe('seriesQuery: the query of one series of a panel query', () => {
  it.each([
    ['pod_cpu', { pod: 'web-4', namespace: 'shop' }, 'pod_cpu{namespace="shop", pod="web-4"}'],
    ['pod_cpu{namespace="shop"}', { namespace: 'shop', pod: 'web-4' }, 'pod_cpu{namespace="shop", pod="web-4"}'],
    [
      '{__name__="up", job=~"a|b"}',
      { __name__: 'up', job: 'a', instance: 'x:1' },
      '{__name__="up", job=~"a|b", instance="x:1"}',
    ],
    ['errors', {}, 'errors'],
    ['sum by (pod) (rate(x[5m]))', { pod: 'a' }, 'sum by (pod) (rate(x[5m]))'],
    ['pod_cpu', { 'bad-name': 'v', pod: 'say "hi"' }, 'pod_cpu{pod="say \\"hi\\""}'],
  ])('%s with %j → %s', (expr, labels, want) => {
    expect(seriesQuery(expr, labels)).toBe(want);
  });
});
