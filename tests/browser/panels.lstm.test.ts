/**
 * The anomaly panel with the LSTM, built and loaded from dist/ into Chromium: the LSTM worker's
 * chunk (with TensorFlow.js, see tests/plugin/lstmChunk.test.ts) is fetched only once a panel asks
 * for the LSTM, the panel says it is loading the model, then trains on the CPU backend in the worker
 * and highlights an injected spike. Kept small (800 points: 500 to train on, 300 scored).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startHarnessServer } from '../../harness/server';
import { copyOfDist } from '../plugin/distFixture';
import { openHarness, screenshot, useHarness } from './browser';
import {
  attributes,
  expectChart,
  FrameSpec,
  Injected,
  messageText,
  renderPanel,
  seasonalSeries,
  STEP,
  T0,
  waitForPanel,
} from './panelsFixtures';

const h = useHarness();

const N = 800;
// After the LSTM's 500-point warm-up; 40 is 40 noise standard deviations.
const SPIKE: Injected = { at: 650, len: 1, delta: 40 };

/** File name of the one chunk with tfjs in it (tfjs-core's `_tfengine` global). */
function lstmChunk(): string {
  const dist = join(__dirname, '..', '..', 'dist');
  const files = readdirSync(dist).filter(
    (f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('_tfengine')
  );
  expect(files).toHaveLength(1);
  return files[0];
}

it('loads the LSTM worker only on demand, shows "loading model", then highlights the spike without console errors', async () => {
  const chunk = lstmChunk();
  const { page, errors } = await openHarness(h.browser, h.server);
  const fetched: string[] = [];
  page.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(N, 3, [SPIKE]), unit: 'ms' }];

  // The default model: the panel draws without fetching the LSTM chunk.
  await renderPanel(page, 'anomaly', { frames, width: 1000, height: 420, options: { model: 'ensemble' } });
  await expectChart(page, 'bw-anomaly-panel');
  expect(fetched.some((p) => p.endsWith('.js'))).toBe(true);
  expect(fetched.filter((p) => p.endsWith(`/${chunk}`))).toEqual([]);

  // Record every phase the panel passes through, from the first render on.
  await page.evaluate(() => {
    const seen: string[] = ((window as any).bwPhases = []);
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="bw-anomaly-panel"]');
      const phase = el?.getAttribute('data-phase');
      const text = el?.textContent ?? '';
      if (phase && !seen.includes(`${phase}: ${text}`)) {
        seen.push(`${phase}: ${text}`);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await renderPanel(page, 'anomaly', { frames, width: 1000, height: 420, options: { model: 'lstm' } });
  await expectChart(page, 'bw-anomaly-panel');

  expect(fetched.filter((p) => p.endsWith(`/${chunk}`))).toHaveLength(1);
  const phases: string[] = await page.evaluate(() => (window as any).bwPhases);
  expect(phases[0]).toBe('loading-model: Loading model… (LSTM: TensorFlow.js is fetched on first use)');

  const attrs = await attributes(page, 'bw-anomaly-panel');
  expect(attrs.source).toBe('engine');
  expect(attrs.failed).toBe('0');
  const spans: Array<{ from: number; to: number }> = JSON.parse(attrs['region-spans']);
  const at = T0 + SPIKE.at * STEP;
  expect(spans.some((s) => s.from <= at && s.to >= at)).toBe(true);
  // Nothing is judged during the 500-point warm-up, and the daily cycle is not flagged.
  expect(spans.every((s) => s.from >= T0 + 500 * STEP)).toBe(true);
  expect(Number(attrs['anomalous-points'])).toBeLessThan(N * 0.05);
  await screenshot(page, 'anomaly-panel-lstm', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('says how many points the LSTM needs when the series is too short', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(300, 4) }];
  await renderPanel(page, 'anomaly', { frames, options: { model: 'lstm' } });
  expect(await waitForPanel(page, 'bw-anomaly-panel')).toBe('message');
  // Warm-up min(training window 1000, 500) points, plus the first point it scores.
  expect(await messageText(page)).toContain('the lstm detector needs at least 501 points at this step (about 41.7 h at 5 min per point), got 300');
  expect(await messageText(page)).toMatch(/^too-short: Not enough data for the model/);
  expect(errors).toEqual([]);
  await page.close();
});

it('says the model could not be loaded when the LSTM chunk is missing', async () => {
  const chunk = lstmChunk();
  const broken = copyOfDist();
  rmSync(join(broken, chunk));
  // Extra mounts come first: /dist/ now serves the copy without the chunk.
  const server = await startHarnessServer(0, [['/dist/', broken]]);
  try {
    const { page, errors } = await openHarness(h.browser, server);
    const frames: FrameSpec[] = [{ name: 'latency', columns: seasonalSeries(N, 3, [SPIKE]) }];
    await renderPanel(page, 'anomaly', { frames, options: { model: 'lstm' } });
    expect(await waitForPanel(page, 'bw-anomaly-panel')).toBe('message');
    const text = await messageText(page);
    expect(text).toMatch(/^model-load: The LSTM model could not be loaded/);
    expect(text).toContain('Could not load the LSTM model (TensorFlow.js): LSTM worker failed');
    await screenshot(page, 'anomaly-panel-lstm-load-error', '#panel');
    expect(errors).toEqual([]);
    await page.close();
  } finally {
    await server.close();
  }
});
