/**
 * The preview's disk view shows time to exhaustion's whole training window. The preview gives the
 * forecast panel no query to fetch older history with (it computes used space from two queries), so
 * on a shorter range the panel noted "widen the time range to at least 14 d for the same answer"
 * beside the companion's own figure (full in 10.6 d both, 2026-12-06).
 */
import { PREVIEW_VIEWS } from '../../../preview/views';
import { TTE_DEFAULT_TRAIN } from '../../../src/engine/context';

it("covers time to exhaustion's default window, so the panel reads what the companion reads", () => {
  const disk = PREVIEW_VIEWS.find((v) => v.id === 'disk')!;
  expect(disk.viaDataSource).toBeFalsy();
  expect(disk.rangeSeconds * 1000).toBeGreaterThanOrEqual(TTE_DEFAULT_TRAIN);
});
