import { innerSelectors } from './innerSelectors';

describe('innerSelectors', () => {
  it.each([
    ['up', ['up']],
    ['x{a="b",c=~"d.*"}', ['x{a="b",c=~"d.*"}']],
    ['{__name__="x", job="a}b"}', ['{__name__="x", job="a}b"}']],
    ['rate(http_requests_total{code="500"}[5m])', ['http_requests_total{code="500"}']],
    ['sum by (job, instance) (rate(x[5m] offset 1d))', ['x']],
    ['sum(rate(x[5m])) without (pod) / on(job) group_left(team) max(y{z="1"}) by (job)', ['x', 'y{z="1"}']],
    ['histogram_quantile(0.99, sum by (le) (rate(lat_bucket{h="/a"}[5m])))', ['lat_bucket{h="/a"}']],
    ['label_replace(instance:cpu:rate5m, "host", "$1", "instance", "(.*):.*") > bool 0.5', ['instance:cpu:rate5m']],
    ['x @ start() and y # trailing comment {not="me"}', ['x', 'y']],
    // group_left / group_right without a label list are keywords too, not a metric named so.
    ['rate(x[5m]) / on(i) group_left y', ['x', 'y']],
    ['x * ignoring(pod) group_right z', ['x', 'z']],
    [
      '1 - avg(node_filesystem_avail_bytes / node_filesystem_size_bytes) * 1e2',
      ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes'],
    ],
  ])('%s reads %j', (expr, selectors) => {
    expect(innerSelectors(expr)).toEqual({ selectors });
  });

  it('says why it cannot read a subquery, an expression without selectors, or too many selectors', () => {
    expect(innerSelectors('max_over_time(rate(x[5m])[1h:1m])')).toEqual({
      problem: 'it holds a subquery, whose step sets its resolution',
    });
    expect(innerSelectors('vector(1) + time()')).toEqual({ problem: 'it reads no series selector' });
    expect(innerSelectors('a + b + c + d + e + f')).toEqual({ problem: 'it reads 6 selectors, more than 5' });
    expect(innerSelectors('rate(x{a="b"[5m])')).toEqual({ problem: 'an unclosed {' });
  });
});
