/**
 * Inputs that used to be answered silently or in internal words (an SRE review), through the
 * companion on the demo data:
 * - a by= label of outliers() that no input series has groups nothing: a warning names it, the labels
 *   that exist and the nearest one, and the answer stays (Prometheus' `sum by (x)` accepts it too);
 * - an inner query that matches no series stays Prometheus' empty success (absent series = no alert),
 *   with a warning saying so; a comparison that filters every series out says nothing;
 * - a train= too short for a detector at the step it scores at is a one-line 400 in the option's
 *   words, like the other option errors, not the models' 422 about trainWindow.
 */
import type { Companion } from '../../../companion/src/app';
import { startTestCompanion } from '../../support/testCompanion';
import { postForm } from './harness';

const NOW = Date.UTC(2026, 11, 6, 23, 33, 10);
let companion: Companion;

beforeAll(async () => {
  companion = await startTestCompanion(NOW);
});
afterAll(async () => companion?.close());

const post = (path: string, form: Record<string, string>) => postForm(companion.url, path, form);
const instant = (query: string) => post('/api/v1/query', { query, time: String(NOW / 1000) });
const range = (query: string, step = '30') =>
  post('/api/v1/query_range', { query, start: String(NOW / 1000 - 3600), end: String(NOW / 1000), step });

describe('outliers() by= a label no input series has', () => {
  it('warns naming the label, the nearest existing one and the labels there are; still answers', async () => {
    const r = await instant('outliers(pod_cpu_usage_cores, "by=namespace,deploymnt")');
    expect(r.status).toBe(200);
    expect(r.body.data.result.length).toBeGreaterThan(0);
    expect(r.body.warnings).toEqual([
      "outliers(): by= label on none of the input series: deploymnt (did you mean deployment?); grouped as if it were not given (the series' labels: deployment, namespace, pod)",
    ]);
  });

  it('says nothing when every by= label is on some series', async () => {
    const r = await instant('outliers(pod_cpu_usage_cores, "by=namespace,deployment")');
    expect([r.status, r.body.warnings]).toEqual([200, undefined]);
  });
});

describe('an inner query that matches no series', () => {
  it.each([
    ['instant', instant],
    ['range', (q: string) => range(q)],
  ])('%s: the empty success Prometheus gives, with a warning naming the selector', async (_, ask) => {
    const r = await ask('anomaly_score(no_such_metric)');
    expect([r.status, r.body.status, r.body.data.result]).toEqual([200, 'success', []]);
    expect(r.body.warnings).toContain(
      'no series match no_such_metric, so anomaly_score() answers none (is a metric or label misspelt?)'
    );
  });

  it('a comparison that filters out every matched series is not said to match none', async () => {
    const r = await instant('anomaly_score(instance:node_cpu_utilisation:rate5m, "train=50m") > 2');
    expect([r.status, r.body.data.result]).toEqual([200, []]);
    expect((r.body.warnings ?? []).filter((w: string) => w.startsWith('no series match'))).toEqual([]);
  });
});

describe('train= shorter than a detector learns from', () => {
  // The demo's series are sampled every minute: a 30 s query scores at 1 m (docs/companion.md).
  const words =
    'anomaly_score(): train=1m holds 1 point at the scoring step 1m; detectors need at least 50: use train=50m or longer';

  it.each([
    ['range at step 30s', () => range('anomaly_score(instance:node_cpu_utilisation:rate5m, "train=1m")')],
    [
      'instant with step=30s',
      () => instant('anomaly_score(instance:node_cpu_utilisation:rate5m, "train=1m step=30s")'),
    ],
  ])('%s: a one-line 400 bad_data naming train=, the step, the points and the minimum', async (_, ask) => {
    const r = await ask();
    expect([r.status, r.body.errorType, r.body.error]).toEqual([400, 'bad_data', words]);
  });

  it('train=50m at that step is answered', async () => {
    const r = await range('anomaly_score(instance:node_cpu_utilisation:rate5m, "train=50m")');
    expect([r.status, r.body.status]).toEqual([200, 'success']);
  });
});
