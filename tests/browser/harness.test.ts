/**
 * The browser harness: built plugin modules loaded through the AMD loader with the real externals,
 * rendered with real @grafana/data frames and Grafana's theme in Debian's Chromium.
 */
import { currentHost, HOSTS } from '../../harness/hosts';
import { until } from '../support/until';
import { openHarness, screenshot, useHarness } from './browser';

const h = useHarness();

it('renders the built anomaly panel with a chart of real frames, without console errors', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const drawn = await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const mod = await bw.loadPlugin(`${base}/dist/panels/anomaly/module.js`);
    const t0 = Date.UTC(2026, 0, 1);
    const time = Array.from({ length: 1152 }, (_, i) => t0 + i * 300_000);
    const cpu = time.map((_, i) => 40 + 20 * Math.sin((2 * Math.PI * i) / 288) + (i === 1000 ? 35 : 0));
    bw.renderPanel(mod.plugin, { frames: [bw.makeFrame('cpu', { time, cpu }, { instance: 'node-1' })], theme: 'dark' });
    return mod.plugin instanceof bw.externals['@grafana/data'].PanelPlugin;
  }, h.server.url);
  expect(drawn).toBe(true);
  await page.waitForSelector('[data-testid="bw-anomaly-panel"] .uplot canvas');
  const canvas = await page.locator('[data-testid="bw-anomaly-panel"] .uplot canvas').first().boundingBox();
  expect(canvas!.width).toBeGreaterThan(400);
  await screenshot(page, 'harness-anomaly-panel', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

it('reports console errors (the check the other browser tests rely on can fail)', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await page.evaluate(() => console.error('deliberate'));
  await until('the console error to reach the test', () => errors.length > 0);
  expect(errors).toEqual(['console: deliberate']);
  await page.close();
});

it('loads several plugin modules requested at once, each with its own exports', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const classes = await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const data = bw.externals['@grafana/data'];
    const mods = await Promise.all(
      ['module.js', 'datasource/module.js', 'panels/anomaly/module.js', 'panels/forecast/module.js'].map((m) => bw.loadPlugin(`${base}/dist/${m}`))
    );
    return mods.map((m: any) =>
      m.plugin instanceof data.AppPlugin ? 'app' : m.plugin instanceof data.DataSourcePlugin ? 'datasource' : m.plugin instanceof data.PanelPlugin ? 'panel' : '?'
    );
  }, h.server.url);
  expect(classes).toEqual(['app', 'datasource', 'panel', 'panel']);
  expect(errors).toEqual([]);
  await page.close();
});

it('runs in the host this process asked for (React 18 + Grafana 12.4, or React 19 + Grafana 13.2)', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const host = await page.evaluate(() => (window as any).bw.host);
  const want = HOSTS[currentHost()];
  expect(host).toEqual({ react: expect.stringMatching(new RegExp(`^${want.react}\\.`)), grafana: want.grafanaVersion });
  expect(errors).toEqual([]);
  await page.close();
});
