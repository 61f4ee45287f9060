/**
 * The preview's pods view ends after the latest drift of web-7d9c5-4 (found by its outlier score),
 * so the drift its caption says outliers() marks is in view. With 4 days ending now it was not on
 * 2026-12-06 (the last drift, 12-02 17:30, lay before the window) and only a healthy pod's single
 * 0.54 point was marked.
 */
import { PREVIEW_VIEWS } from '../../../preview/views';

const pods = PREVIEW_VIEWS.find((v) => v.id === 'pods')!;
const outliersQuery = pods.derived.find((d) => d.expr.startsWith('outliers('))!.expr;

it("searches the view's outlier score for the latest drift and ends the view within its range after it", () => {
  expect(pods.incident).toBeDefined();
  expect(pods.incident!.expr).toBe(outliersQuery);
  // Above the panel's marking threshold, so a search hit is a point the panel marks too.
  expect(pods.incident!.above).toBeGreaterThan(pods.options!.scoreThreshold as number);
  // The drift (4 hours) lies inside the range that ends afterSeconds after its last high point.
  expect(pods.incident!.afterSeconds + 4 * 3600).toBeLessThan(pods.rangeSeconds);
  expect(pods.caption).toContain('latest drift');
});
