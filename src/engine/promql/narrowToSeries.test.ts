import { narrowToSeries } from './narrowToSeries';

it('leaves strings, durations, numbers, keywords, functions and label lists alone', () => {
  expect(
    narrowToSeries(
      'sum without (le) (rate(x_total{path="a-b{c}"}[5m] offset 1h)) / ignoring (code) 1e9 * {__name__="y"} and bool z',
      { a: 'q"1' }
    )
  ).toBe(
    'sum without (le) (rate(x_total{path="a-b{c}", a="q\\"1"}[5m] offset 1h)) / ignoring (code) 1e9 * {__name__="y", a="q\\"1"} and bool z{a="q\\"1"}'
  );
});

it('a row without labels keeps the expression', () => {
  expect(narrowToSeries('sum(a) / sum(b)', {})).toBe('sum(a) / sum(b)');
});

it("leaves scalar()'s argument whole: narrowing it would change the number every row is divided by", () => {
  expect(narrowToSeries('x / scalar(sum(y{a="b"}))', { pod: 'p' })).toBe('x{pod="p"} / scalar(sum(y{a="b"}))');
  expect(narrowToSeries('x - SCALAR (max(y)) * z', { pod: 'p' })).toBe(
    'x{pod="p"} - SCALAR (max(y)) * z{pod="p"}'
  );
});

it('quotes a label name that is no PromQL identifier (Prometheus 3 UTF-8 names), and escapes its value', () => {
  expect(narrowToSeries('a - b', { 'service.name': 'q"1', pod: 'p' })).toBe(
    'a{"service.name"="q\\"1", pod="p"} - b{"service.name"="q\\"1", pod="p"}'
  );
});

it('leaves a comment alone, and still narrows the selectors outside it', () => {
  expect(narrowToSeries('a - b # limit - "used {x}\n + 0', { pod: 'p' })).toBe(
    'a{pod="p"} - b{pod="p"} # limit - "used {x}\n + 0'
  );
});

it('refuses a set operator matched on or ignoring some labels: its right side lacks the row labels it does not match on', () => {
  // `unless on (pod)` reads y by pod alone: y{pod, container} would match nothing, and keep rows y removes.
  expect(narrowToSeries('x unless on (pod) y', { pod: 'p', container: 'c' })).toBeUndefined();
  expect(narrowToSeries('x and on () (sum(y) > 100)', { pod: 'p' })).toBeUndefined();
  expect(narrowToSeries('x AND IGNORING (container) y', { pod: 'p', container: 'c' })).toBeUndefined();
  // Arithmetic keeps only the labels it matches on, so its rows carry no other: narrowed as before.
  expect(narrowToSeries('x - on (pod) y', { pod: 'p' })).toBe('x{pod="p"} - on (pod) y{pod="p"}');
});

it('refuses what it cannot narrow safely: a many-to-one match, an unclosed string', () => {
  expect(narrowToSeries('a * on (x) group_left (y) b', { x: '1' })).toBeUndefined();
  expect(narrowToSeries('a{x="1} - b', { x: '1' })).toBeUndefined();
});

it.each([
  ['up{job="api"}', { job: 'api', instance: 'api-1:8080' }, 'up{job="api", instance="api-1:8080"}'],
  [
    'http_request_duration_seconds{job="api", quantile="0.99"}',
    { job: 'api', instance: 'api-1:8080', quantile: '0.99' },
    'http_request_duration_seconds{job="api", quantile="0.99", instance="api-1:8080"}',
  ],
  ['up{job = "api"}', { job: 'api' }, 'up{job = "api"}'],
  ['up{job=~"a.*"}', { job: 'api' }, 'up{job=~"a.*", job="api"}'],
  ['up{job!="api"}', { job: 'web' }, 'up{job!="api", job="web"}'],
  ['rate(x{job="a"}[5m])', { job: 'a', pod: 'p"1' }, 'rate(x{job="a", pod="p\\"1"}[5m])'],
  ['up{"service.name"="cart", job="a"}', { 'service.name': 'cart', job: 'a' }, 'up{"service.name"="cart", job="a"}'],
  ['up{path="a,b=\\"c\\"", b="c"}', { b: 'c' }, 'up{path="a,b=\\"c\\"", b="c"}'],
])('narrows the one selector of %s without repeating a matcher it holds', (expr, labels, want) => {
  expect(narrowToSeries(expr, labels)).toBe(want);
});

it("quotes a one selector's UTF-8 label name and escapes backslash, quote and newline in its value", () => {
  // The home's one-selector path wrote `service.name="…"` unquoted (PromQL rejects it) and a raw newline.
  expect(narrowToSeries('up{job="a"}', { job: 'a', 'service.name': 'c:\\x"y\nz' })).toBe(
    'up{job="a", "service.name"="c:\\\\x\\"y\\nz"}'
  );
  expect(narrowToSeries('rate(http_requests_total[5m])', { 'k8s.pod.name': 'cart-1' })).toBe(
    'rate(http_requests_total{"k8s.pod.name"="cart-1"}[5m])'
  );
});
