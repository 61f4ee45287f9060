/**
 * The built data source's editors in Chromium: the query editor (Prometheus, Parca and Pixie forms,
 * each output's fields) and the config editor, rendered through the built plugin's
 * `plugin.components` with Grafana's data source service replaced by a small fake that lists one
 * Prometheus data source, and the backend service by one that answers Parca's profile types.
 */
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { buildHarness } from '../../harness/build';
import { currentHost } from '../../harness/hosts';
import { type HarnessServer, startHarnessServer } from '../../harness/server';
import { launchBrowser, openHarness, screenshot } from './browser';

let browser: Browser;
let server: HarnessServer;

beforeAll(async () => {
  const host = currentHost();
  await buildHarness(host);
  // Grafana serves @grafana/ui's icons under /public/build/img; the editors' icons load from there.
  server = await startHarnessServer(0, [['/public/build/img/', join(__dirname, '..', '..', 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img')]], host);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Loads the built data source, installs the fake services, renders one editor. */
async function render(page: Page, which: 'QueryEditor' | 'ConfigEditor', props: Record<string, unknown>) {
  // Grafana's global styles size every box by its border; the harness page has no global styles.
  await page.addStyleTag({ content: '*, *::before, *::after { box-sizing: border-box; }' });
  await page.evaluate(
    async ({ base, which, props }) => {
      const bw = (window as any).bw;
      const runtime = bw.externals['@grafana/runtime'];
      const { of } = bw.externals.rxjs;
      const prom = { uid: 'prom1', name: 'Prometheus (main)', type: 'prometheus', meta: { id: 'prometheus', info: { logos: { small: '' } }, metrics: true }, jsonData: {} };
      runtime.setDataSourceSrv({
        getList: () => [prom],
        getInstanceSettings: (ref: any) => (ref && (ref === 'prom1' || ref.uid === 'prom1') ? prom : undefined),
        get: async () => prom,
        reload: () => undefined,
      });
      runtime.setBackendSrv({
        fetch: () =>
          of({
            data: { types: [{ name: 'parca_agent', sampleType: 'samples', sampleUnit: 'count', periodType: 'cpu', periodUnit: 'nanoseconds', delta: true }] },
          }),
      });
      const mod = await bw.loadPlugin(`${base}/dist/datasource/module.js`);
      const settings = {
        uid: 'bw',
        name: 'Bellwether ML',
        type: 'bellwether-ml-datasource',
        url: '/api/datasources/proxy/uid/bw',
        jsonData: { parcaUrl: 'http://parca:7070', pixieEnabled: true, companionUrl: 'http://bellwether:9091' },
        meta: { id: 'bellwether-ml-datasource' },
      };
      const ds = new mod.plugin.DataSourceClass(settings);
      (window as any).__changes = [];
      const record = (x: unknown) => (window as any).__changes.push(x);
      const Component = mod.plugin.components[which];
      const common =
        which === 'QueryEditor'
          ? { datasource: ds, onChange: record, onRunQuery: () => undefined, query: { refId: 'A', ...props } }
          : { onOptionsChange: record, options: { ...settings, jsonData: { ...settings.jsonData, ...props }, secureJsonFields: { companionToken: true }, secureJsonData: {} } };
      bw.renderComponent(Component, common, { theme: 'dark', width: 1100, height: which === 'QueryEditor' ? 340 : 760 });
    },
    { base: server.url, which, props }
  );
}

it('query editor: Prometheus source with the anomaly band output', async () => {
  const { page, errors } = await openHarness(browser, server);
  await render(page, 'QueryEditor', { source: 'prometheus', datasourceUid: 'prom1', expr: 'sum by (instance) (rate(http_requests_total[5m]))', output: 'band', model: 'mad', sensitivity: 0.6 });
  const editor = page.locator('[data-testid="bw-ds-query-editor"]');
  await editor.waitFor();
  await expect(editor.locator('textarea').inputValue()).resolves.toBe('sum by (instance) (rate(http_requests_total[5m]))');
  const text = await editor.innerText();
  for (const label of ['Source', 'Data source', 'PromQL', 'Output', 'Expected band', 'Model', 'mad', 'Sensitivity', 'Training', 'Step', 'Engine', 'Prometheus (main)']) {
    expect(text).toContain(label);
  }
  await screenshot(page, 'datasource-query-editor-prometheus', '#component');
  // Choosing Parca reports the change to Grafana.
  await editor.getByText('Parca', { exact: true }).click({ force: true });
  const changes = await page.evaluate(() => (window as any).__changes);
  expect(changes[changes.length - 1]).toMatchObject({ refId: 'A', source: 'parca' });
  expect(errors).toEqual([]);
  await page.close();
});

it('query editor: Parca profile types come from Parca; forecast output fields', async () => {
  const { page, errors } = await openHarness(browser, server);
  await render(page, 'QueryEditor', { source: 'parca', labelSelector: 'comm="api"', output: 'forecast', horizon: '1h' });
  const editor = page.locator('[data-testid="bw-ds-query-editor"]');
  await editor.waitFor();
  await editor.getByText('Profile type').waitFor();
  await editor.locator('input').first().click();
  await page.getByText('parca_agent:samples:count:cpu:nanoseconds:delta').waitFor();
  await page.keyboard.press('Escape');
  const text = await editor.innerText();
  for (const label of ['Labels', 'Forecast', 'Horizon', 'Refit every']) {
    expect(text).toContain(label);
  }
  await screenshot(page, 'datasource-query-editor-parca', '#component');
  expect(errors).toEqual([]);
  await page.close();
});

it('query editor: Pixie PxL script with time to exhaustion', async () => {
  const { page, errors } = await openHarness(browser, server);
  const pxl = "import px\ndf = px.DataFrame('process_stats', start_time=__time_from)\npx.display(df)";
  await render(page, 'QueryEditor', { source: 'pixie', pxl, output: 'tte', capacity: 0, direction: 'down', engine: 'browser' });
  const editor = page.locator('[data-testid="bw-ds-query-editor"]');
  await editor.waitFor();
  await expect(editor.locator('textarea').inputValue()).resolves.toBe(pxl);
  const text = await editor.innerText();
  for (const label of ['PxL script', 'Value column', 'Time to exhaustion', 'Capacity', 'Falling']) {
    expect(text).toContain(label);
  }
  await screenshot(page, 'datasource-query-editor-pixie', '#component');
  expect(errors).toEqual([]);
  await page.close();
});

it('config editor: companion, engine, Prometheus, Parca and Pixie settings; secrets stay write-only', async () => {
  const { page, errors } = await openHarness(browser, server);
  await render(page, 'ConfigEditor', { defaultEngine: 'companion', defaultPrometheusUid: 'prom1', pixieClusterId: '11111111-2222-4333-8444-555555555555' });
  const editor = page.locator('[data-testid="bw-ds-config"]');
  await editor.waitFor();
  const text = await editor.innerText();
  for (const label of ['Companion URL', 'Companion token', 'Default engine', 'Default Prometheus', 'Prometheus (main)', 'Max series', 'Parca URL', 'Enable Pixie', 'Cluster id', 'Pixie API key']) {
    expect(text).toContain(label);
  }
  // The configured token shows as configured (no value in the page); the Pixie key input is empty.
  await expect(editor.locator('input[value="configured"]').count()).resolves.toBe(1);
  await editor.locator('input[placeholder="http://parca:7070"]').fill('http://parca.monitoring:7070');
  const changes = await page.evaluate(() => (window as any).__changes);
  expect(changes[changes.length - 1].jsonData.parcaUrl).toBe('http://parca.monitoring:7070');
  await screenshot(page, 'datasource-config-editor', '#component');
  expect(errors).toEqual([]);
  await page.close();
});

it('config editor: a companion URL without a scheme is flagged under the field with the fix', async () => {
  const { page, errors } = await openHarness(browser, server);
  await render(page, 'ConfigEditor', { companionUrl: 'bellwether:9091' });
  const editor = page.locator('[data-testid="bw-ds-config"]');
  await editor.waitFor();
  const message = 'bellwether:9091 has no scheme; set it to http://bellwether:9091 (or https://).';
  await expect(editor.getByText(message).count()).resolves.toBe(1);
  // The corrected URL reaches the settings.
  await editor.locator('[data-testid="bw-ds-companion-url"]').fill('http://bellwether:9091');
  const changes = await page.evaluate(() => (window as any).__changes);
  expect(changes[changes.length - 1].jsonData.companionUrl).toBe('http://bellwether:9091');
  expect(errors).toEqual([]);
  await page.close();
});

it('query in Chromium: the built data source runs the browser engine in the worker', async () => {
  const { page, errors } = await openHarness(browser, server);
  const result = await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const runtime = bw.externals['@grafana/runtime'];
    const data = bw.externals['@grafana/data'];
    const { of } = bw.externals.rxjs;
    const step = 60_000;
    const prom = {
      uid: 'prom1',
      name: 'Prometheus (main)',
      type: 'prometheus',
      // A level series with a spike near the end, on whatever grid is asked for.
      query: (req: any) => {
        const time: number[] = [];
        for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
          time.push(t);
        }
        const value = time.map((t, i) => 100 + Math.sin(i / 5) + (t === end - 10 * step ? 60 : 0));
        return of({ data: [bw.makeFrame('up', { time, value }, { job: 'api' })] });
      },
    };
    runtime.setDataSourceSrv({ get: async () => prom, getList: () => [prom], getInstanceSettings: () => prom, reload: () => undefined });
    runtime.setTemplateSrv({ replace: (s: string) => s, getVariables: () => [], containsTemplate: () => false, updateTimeRange: () => undefined });
    const mod = await bw.loadPlugin(`${base}/dist/datasource/module.js`);
    const ds = new mod.plugin.DataSourceClass({ uid: 'bw', name: 'BW', type: 'bellwether-ml-datasource', url: '/x', jsonData: {}, meta: {} });
    const end = Date.UTC(2026, 0, 2);
    const res = await ds.query({
      targets: [{ refId: 'A', datasourceUid: 'prom1', expr: 'up', output: 'anomalies', model: 'mad', train: '200m' }],
      range: { from: data.dateTime(end - 119 * step), to: data.dateTime(end), raw: { from: 'now-2h', to: 'now' } },
      intervalMs: step,
      interval: '1m',
      scopedVars: {},
      requestId: 'q',
      app: 'explore',
      timezone: 'utc',
      startTime: 0,
    });
    const frame = res.data[0];
    const times = frame.fields[0].values;
    const values = frame.fields[1].values;
    return { errors: res.errors, name: frame.name, flagged: times.filter((_: number, i: number) => values[i] !== null), spike: end - 10 * step };
  }, server.url);
  expect(result.errors).toBeUndefined();
  expect(result.name).toBe('{job="api"} anomalies');
  // The injected spike is among the flagged points.
  expect(result.flagged).toContain(result.spike);
  expect(errors).toEqual([]);
  await page.close();
});

it('query in Chromium: at a 10-minute step on data sampled every minute, the browser engine scores every minute and keeps a spike between grid points', async () => {
  const { page, errors } = await openHarness(browser, server);
  const result = await page.evaluate(async (base) => {
    const bw = (window as any).bw;
    const runtime = bw.externals['@grafana/runtime'];
    const data = bw.externals['@grafana/data'];
    const { of } = bw.externals.rxjs;
    const MIN = 60_000;
    const step = 10 * MIN;
    const end = Date.UTC(2026, 0, 9);
    // Sampled every minute: a daily-free wiggle and a two-minute spike 4 minutes before a grid point.
    const spikeAt = end - 20 * step - 4 * MIN;
    const sample = (t: number) => 100 + Math.sin(t / (7 * MIN)) + (t >= spikeAt && t < spikeAt + 2 * MIN ? 60 : 0);
    const asked: Array<{ instant: boolean; step?: number }> = [];
    const prom = {
      uid: 'prom1',
      name: 'Prometheus (main)',
      type: 'prometheus',
      // Grafana's Prometheus: an instant query of `x[w]` answers its raw samples; a range query the grid.
      query: (req: any) => {
        const t0 = req.targets[0];
        const time: number[] = [];
        if (t0.instant) {
          const w = /\[(\d+)([mh])\]$/.exec(t0.expr)!;
          const ms = Number(w[1]) * (w[2] === 'h' ? 60 : 1) * MIN;
          const at = req.range.to.valueOf();
          for (let t = Math.floor((at - ms) / MIN) * MIN + MIN; t <= at; t += MIN) {
            time.push(t);
          }
        } else {
          for (let t = req.range.from.valueOf(); t <= req.range.to.valueOf(); t += req.intervalMs) {
            time.push(t);
          }
        }
        asked.push({ instant: Boolean(t0.instant), step: t0.instant ? undefined : req.intervalMs });
        return of({ data: [bw.makeFrame('up', { time, value: time.map(sample) }, { job: 'api' })] });
      },
    };
    runtime.setDataSourceSrv({ get: async () => prom, getList: () => [prom], getInstanceSettings: () => prom, reload: () => undefined });
    runtime.setTemplateSrv({ replace: (s: string) => s, getVariables: () => [], containsTemplate: () => false, updateTimeRange: () => undefined });
    const mod = await bw.loadPlugin(`${base}/dist/datasource/module.js`);
    const ds = new mod.plugin.DataSourceClass({ uid: 'bw', name: 'BW', type: 'bellwether-ml-datasource', url: '/x', jsonData: {}, meta: {} });
    const res = await ds.query({
      targets: [{ refId: 'A', datasourceUid: 'prom1', expr: 'up', output: 'score', model: 'mad', train: '1d' }],
      range: { from: data.dateTime(end - 2 * 86_400_000), to: data.dateTime(end), raw: { from: 'now-2d', to: 'now' } },
      intervalMs: step,
      interval: '10m',
      scopedVars: {},
      requestId: 'q',
      app: 'explore',
      timezone: 'utc',
      startTime: 0,
    });
    const frame = res.data[0];
    const times: number[] = frame.fields[0].values;
    const values: Array<number | null> = frame.fields[1].values;
    const held = end - 20 * step;
    return { errors: res.errors, asked, atSpike: values[times.indexOf(held)], highest: Math.max(...values.filter((v, i) => v !== null && times[i] !== held).map(Number)) };
  }, server.url);
  expect(result.errors).toBeUndefined();
  // The interval is read from raw samples, and the data fetched every minute.
  expect(result.asked.some((a) => a.instant)).toBe(true);
  expect(result.asked.filter((a) => !a.instant).map((a) => a.step)).toContain(60_000);
  // The step holding the spike reads its highest one-minute score; before, its sample at t was normal.
  expect(result.atSpike).toBeGreaterThan(0.9);
  expect(result.highest).toBeLessThan(result.atSpike!);
  expect(errors).toEqual([]);
  await page.close();
});
