import { narrowEverySelector } from './narrowExpr';
import { CONTAINER_MEMORY, userPair, type CapacityPair } from './selectors';
import { seriesExprOf } from './runningOut';

const CART = { namespace: 'store', pod: 'cart-1', container: 'cart' };

it("narrows every selector of the Container memory pair to the row's container, and nothing else", () => {
  expect(seriesExprOf(CONTAINER_MEMORY, CART)).toBe(
    'max by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory", namespace="store", pod="cart-1", container="cart"})' +
      ' - on (namespace, pod, container) max by (namespace, pod, container) (container_memory_working_set_bytes{container!="", namespace="store", pod="cart-1", container="cart"})'
  );
});

it('narrows a (capacity) - (usage) pair on both sides, selectors with and without braces', () => {
  const pair = userPair('Heap|jvm_heap_used_bytes|jvm_heap_max_bytes{area="heap"}', 0) as CapacityPair;
  expect(seriesExprOf(pair, { instance: 'a:1', job: 'x' })).toBe(
    '(jvm_heap_max_bytes{area="heap", instance="a:1", job="x"}) - (jvm_heap_used_bytes{instance="a:1", job="x"})'
  );
});

it('leaves strings, durations, numbers, keywords, functions and label lists alone', () => {
  expect(
    narrowEverySelector(
      'sum without (le) (rate(x_total{path="a-b{c}"}[5m] offset 1h)) / ignoring (code) 1e9 * {__name__="y"} and bool z',
      { a: 'q"1' }
    )
  ).toBe(
    'sum without (le) (rate(x_total{path="a-b{c}", a="q\\"1"}[5m] offset 1h)) / ignoring (code) 1e9 * {__name__="y", a="q\\"1"} and bool z{a="q\\"1"}'
  );
});

it('refuses what it cannot narrow safely: a many-to-one match, an unclosed string', () => {
  expect(narrowEverySelector('a * on (x) group_left (y) b', { x: '1' })).toBeUndefined();
  expect(narrowEverySelector('a{x="1} - b', { x: '1' })).toBeUndefined();
  // The row keeps the pair's whole expression then, as before.
  const pair = { ...CONTAINER_MEMORY, expr: 'a * on (x) group_left (y) b' };
  expect(seriesExprOf(pair, { x: '1' })).toBe(pair.expr);
});

it('a row without labels keeps the expression', () => {
  expect(narrowEverySelector('sum(a) / sum(b)', {})).toBe('sum(a) / sum(b)');
});

it("leaves scalar()'s argument whole: narrowing it would change the number every row is divided by", () => {
  expect(narrowEverySelector('x / scalar(sum(y{a="b"}))', { pod: 'p' })).toBe('x{pod="p"} / scalar(sum(y{a="b"}))');
  expect(narrowEverySelector('x - SCALAR (max(y)) * z', { pod: 'p' })).toBe(
    'x{pod="p"} - SCALAR (max(y)) * z{pod="p"}'
  );
});

it('quotes a label name that is no PromQL identifier (Prometheus 3 UTF-8 names), and escapes its value', () => {
  expect(narrowEverySelector('a - b', { 'service.name': 'q"1', pod: 'p' })).toBe(
    'a{"service.name"="q\\"1", pod="p"} - b{"service.name"="q\\"1", pod="p"}'
  );
});

it('leaves a comment alone, and still narrows the selectors outside it', () => {
  expect(narrowEverySelector('a - b # limit - "used {x}\n + 0', { pod: 'p' })).toBe(
    'a{pod="p"} - b{pod="p"} # limit - "used {x}\n + 0'
  );
});

it('refuses a set operator matched on or ignoring some labels: its right side lacks the row labels it does not match on', () => {
  // `unless on (pod)` reads y by pod alone: y{pod, container} would match nothing, and keep rows y removes.
  expect(narrowEverySelector('x unless on (pod) y', { pod: 'p', container: 'c' })).toBeUndefined();
  expect(narrowEverySelector('x and on () (sum(y) > 100)', { pod: 'p' })).toBeUndefined();
  expect(narrowEverySelector('x AND IGNORING (container) y', { pod: 'p', container: 'c' })).toBeUndefined();
  // Arithmetic keeps only the labels it matches on, so its rows carry no other: narrowed as before.
  expect(narrowEverySelector('x - on (pod) y', { pod: 'p' })).toBe('x{pod="p"} - on (pod) y{pod="p"}');
});
