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

it('keeps the whole expression of a pair it cannot narrow safely', () => {
  const pair = { ...CONTAINER_MEMORY, expr: 'a * on (x) group_left (y) b' };
  expect(seriesExprOf(pair, { x: '1' })).toBe(pair.expr);
});

it("narrows a one-selector pair's row with its UTF-8 label names quoted", () => {
  // Before, the one-selector path wrote `k8s.pod.name="cart-1"`: the row's sparkline and Forecast link got a parse error.
  const pair = userPair('RSS|process_resident_memory_bytes{job="api"}|8e9', 0) as CapacityPair;
  expect(seriesExprOf(pair, { job: 'api', 'k8s.pod.name': 'cart-1' })).toBe(
    'process_resident_memory_bytes{job="api", "k8s.pod.name"="cart-1"}'
  );
});
