/**
 * The built app plugin's pages in the harness: the overview page and the configuration page.
 */
import { openHarness, screenshot, useHarness } from './browser';

const h = useHarness();

it('renders the overview page at the app root', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const mod = await bw.loadPlugin(`${base}/dist/module.js`);
    bw.renderPage(mod.plugin, { path: '/overview', theme: 'light', height: 400 });
  }, h.server.url);
  await page.getByText(/Anomaly detection, forecasting and time to exhaustion/).waitFor();
  await screenshot(page, 'app-overview-light', '#page');
  expect(errors).toEqual([]);
  await page.close();
});

it('renders the configuration page: enable/disable and where the settings are', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const title = await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const mod = await bw.loadPlugin(`${base}/dist/module.js`);
    const config = mod.plugin.configPages[0];
    const meta = { id: 'bellwether-aiops-app', name: 'Bellwether', type: 'app', enabled: true, jsonData: {} };
    bw.renderComponent(config.body, { plugin: { meta }, query: {} }, { theme: 'dark', height: 420 });
    return config.title;
  }, h.server.url);
  expect(title).toBe('Configuration');
  await page.getByText(/The app is enabled/).waitFor();
  expect(await page.getByTestId('data-testid ac-submit-form').textContent()).toBe('Disable');
  await screenshot(page, 'app-config-dark', '#component');
  expect(errors).toEqual([]);
  await page.close();
});
