/**
 * Grafana's field config in both built panels, in the Chromium harness (which applies it to the
 * frames the way Grafana does, harness/render.tsx): the y axis, the legend values and the readouts
 * are formatted by the unit and decimals set on the panel; Min/Max fix the axis; a display name
 * set in the field config names the series once; the legend follows Grafana's legend options.
 */
import { openHarness, screenshot, useHarness } from './browser';
import { diskFill, expectChart, renderPanel, seasonalSeries, yTicks } from './panelsFixtures';

const h = useHarness();

const N = 1500;
const GB = 1e9;
// Used space from 200 GB, 1 GB an hour: 200..325 GB over the 1500 five-minute steps.
const disk = diskFill(N, 200 * GB, 1 * GB, 0.5 * GB);
// CPU utilisation as node_exporter gives it: a ratio 0..1 (here 0.40..0.60 with a daily cycle).
const cpu = seasonalSeries(N, 11);
const cpuRatio = cpu.value.map((v) => v / 100);
const cpuLabels = { __name__: 'instance:node_cpu_utilisation:rate5m', instance: 'web-1:9100', job: 'node' };

/** A number from a formatted value ("45.3%" → 45.3), in the unit's own scale. */
const num = (s: string) => Number(s.replace(/[^0-9.\-]/g, ''));

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  it('the forecast axis and readouts show bytes by the unit set on the panel, not "500 Bil"', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [{ name: 'used', columns: { time: disk.time, used: disk.used }, legend: 'used /var/lib/postgresql' }],
      fieldConfig: { defaults: { unit: 'bytes' } },
      theme,
      width: 900,
      height: 360,
      options: { model: 'linear', capacityMode: 'value', capacityValue: 500 * GB, horizon: '7d', showTrend: true },
    });
    await expectChart(page, 'bw-forecast-panel');
    const ticks = (await yTicks(page, 'bw-forecast-chart')).filter(Boolean);
    expect(ticks.length).toBeGreaterThan(2);
    // IEC bytes: 186 GiB .. 466 GiB, never a bare count like "300 Bil".
    expect(ticks.every((t) => /^\d+(\.\d+)? (GiB|TiB)$/.test(t))).toBe(true);
    expect(await page.locator('[data-testid="bw-trend"]').innerText()).toMatch(/GiB\/day/);
    expect(await page.locator('[data-testid="bw-series-name"]').allInnerTexts()).toEqual(['used /var/lib/postgresql']);
    await screenshot(page, `fieldconfig-forecast-bytes-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the anomaly axis shows a CPU ratio as percent, the display name once, a table legend with last/max/mean', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'anomaly', {
      frames: [{ name: 'cpu', columns: { time: cpu.time, Value: cpuRatio }, labels: cpuLabels, legend: 'cpu web-1' }],
      fieldConfig: { defaults: { unit: 'percentunit', decimals: 1, min: 0, max: 1 } },
      theme,
      width: 1000,
      height: 420,
      options: {
        model: 'mad',
        legend: { showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['last', 'max', 'mean'] },
      },
    });
    await expectChart(page, 'bw-anomaly-panel');
    const ticks = (await yTicks(page, 'bw-anomaly-chart')).filter(Boolean);
    // Min 0 and Max 1 fix the axis at 0 %..100 %; one decimal as set.
    expect(ticks[0]).toBe('0.0%');
    expect(ticks[ticks.length - 1]).toBe('100.0%');
    expect(ticks.every((t) => /^\d+\.\d%$/.test(t))).toBe(true);
    // The legend's display name, once: not the name twice followed by every label.
    expect(await page.locator('[data-testid="bw-series-name"]').allInnerTexts()).toEqual(['cpu web-1']);
    expect(await page.getAttribute('[data-testid="bw-anomaly-legend"]', 'data-mode')).toBe('table');
    expect(await page.locator('[data-testid="bw-legend-calc"]').allInnerTexts()).toEqual(['Last', 'Max', 'Mean']);
    const values = await page.locator('[data-testid="bw-legend-value"]').allInnerTexts();
    const mean = cpuRatio.reduce((a, b) => a + b, 0) / N;
    const expected = [cpuRatio[N - 1], Math.max(...cpuRatio), mean].map((v) => v * 100);
    expect(values.every((v) => /^\d+\.\d%$/.test(v))).toBe(true);
    values.map(num).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(0.05 + 1e-9));
    await screenshot(page, `fieldconfig-anomaly-table-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('a display name set in the field config replaces the legend name, once', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'cpu', columns: { time: cpu.time, Value: cpuRatio }, labels: cpuLabels, legend: 'cpu web-1' }],
    fieldConfig: { defaults: { unit: 'percentunit', displayName: 'Web CPU' } },
    options: { model: 'mad' },
  });
  await expectChart(page, 'bw-anomaly-panel');
  expect(await page.locator('[data-testid="bw-series-name"]').allInnerTexts()).toEqual(['Web CPU']);
  expect(errors).toEqual([]);
  await page.close();
});

it('places the legend right of the charts, which keep the rest of the width', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  await renderPanel(page, 'anomaly', {
    frames: [{ name: 'cpu', columns: { time: cpu.time, Value: cpuRatio }, labels: cpuLabels, legend: 'cpu web-1' }],
    fieldConfig: { defaults: { unit: 'percentunit' } },
    width: 1000,
    height: 360,
    options: {
      model: 'mad',
      legend: { showLegend: true, displayMode: 'list', placement: 'right', calcs: ['max'], width: 300 },
    },
  });
  await expectChart(page, 'bw-anomaly-panel');
  const boxes = await page.evaluate(() => {
    const box = (id: string) => document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect().toJSON();
    return { legend: box('bw-anomaly-legend'), chart: box('bw-anomaly-chart'), panel: box('bw-anomaly-panel') };
  });
  expect(boxes.legend.width).toBe(300);
  expect(boxes.chart.width).toBe(700);
  expect(boxes.legend.left).toBeGreaterThanOrEqual(boxes.chart.right - 0.5);
  expect(boxes.legend.right).toBeLessThanOrEqual(boxes.panel.right + 0.5);
  expect(await page.locator('[data-testid="bw-legend-value"]').innerText()).toMatch(/^Max: \d+(\.\d+)?%$/);
  await screenshot(page, 'fieldconfig-anomaly-legend-right', '#panel');
  expect(errors).toEqual([]);
  await page.close();
});

describe.each(['light', 'dark'] as const)('%s theme: six series with the legend placed right', (theme) => {
  it("shows each series' findings whole, beside the name or below it (the shared model said once), the whole text on hover", async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    // Six pods as in the demo's pods view, each judged (so each has findings to show).
    const frames = [0, 1, 2, 3, 4, 5].map((i) => ({
      name: `pod${i}`,
      columns: { time: cpu.time, Value: cpuRatio.map((v, k) => v + 0.002 * i + (i === 4 && k > N - 40 ? 0.3 : 0)) },
      labels: { pod: `web-7d9c5-${i}` },
      legend: `web-7d9c5-${i}`,
    }));
    await renderPanel(page, 'anomaly', {
      frames,
      fieldConfig: { defaults: { unit: 'percentunit' } },
      theme,
      width: 760,
      height: 360,
      options: {
        model: 'mad',
        legend: { showLegend: true, displayMode: 'list', placement: 'right', calcs: [], width: 230 },
      },
    });
    await expectChart(page, 'bw-anomaly-panel');
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="bw-legend-series"]')].map((row) => {
        const name = row.querySelector('[data-testid="bw-series-name"]') as HTMLElement;
        const findings = row.querySelector('[data-testid="bw-findings"]') as HTMLElement;
        return {
          height: row.getBoundingClientRect().height,
          lineHeight: name.getBoundingClientRect().height,
          nameWhole: name.scrollWidth <= name.clientWidth,
          title: findings.title,
          text: findings.innerText,
          // The counts (before a warm-up note, which may be cut at the legend's width) are in view.
          countsVisible: (() => {
            const range = document.createRange();
            range.selectNodeContents(findings);
            const judged = findings.querySelector('[data-testid="bw-judged-from"]');
            if (judged) {
              range.setEndBefore(judged);
            }
            return range.getBoundingClientRect().right <= findings.getBoundingClientRect().right + 0.5;
          })(),
        };
      })
    );
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      // At most two lines: the findings beside the name, or whole below it (they were cut).
      expect(r.height).toBeLessThan(2.5 * r.lineHeight);
      expect(r.nameWhole).toBe(true);
      expect(r.title).toMatch(/^\d+ regions? · \d+ points? · mad/);
      // The model, the same for all, is named once above the rows (the hover text keeps it).
      expect(r.title.replace(' · mad', '')).toBe(r.text.trim());
      expect(r.text.trim()).toMatch(/^\d+ regions? · \d+ points?( · judged from .*)?$/);
      expect(r.countsVisible).toBe(true);
    }
    expect(await page.locator('[data-testid="bw-legend-model"]').innerText()).toBe('model: mad');
    await screenshot(page, `fieldconfig-anomaly-six-right-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('hides the legend when its visibility is off, and for the earlier showLegend switch', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames = [{ name: 'cpu', columns: { time: cpu.time, Value: cpuRatio }, legend: 'cpu web-1' }];
  const cases: Array<[string, Record<string, unknown>]> = [
    ['hidden', { legend: { showLegend: false } }],
    ['old', { showLegend: false }],
    ['shown', {}],
  ];
  for (const [containerId, options] of cases) {
    await renderPanel(page, 'anomaly', { frames, containerId, options: { model: 'mad', ...options } });
    await expectChart(page, 'bw-anomaly-panel', containerId);
  }
  const legends = (id: string) => page.locator(`#${id} [data-testid="bw-anomaly-legend"]`).count();
  expect([await legends('hidden'), await legends('old'), await legends('shown')]).toEqual([0, 0, 1]);
  expect(errors).toEqual([]);
  await page.close();
});

describe('the forecast legend, with the options the anomaly panel has', () => {
  const used = { name: 'used', columns: { time: disk.time, used: disk.used }, legend: 'used /var/lib/postgresql' };
  const forecastOptions = { model: 'linear', capacityMode: 'value', capacityValue: 500 * GB, horizon: '7d' };

  it('a table with last/max/mean in bytes, and the readouts in their own columns', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [used],
      fieldConfig: { defaults: { unit: 'bytes', decimals: 1 } },
      width: 1000,
      height: 400,
      options: {
        ...forecastOptions,
        legend: { showLegend: true, displayMode: 'table', placement: 'bottom', calcs: ['last', 'max', 'mean'] },
      },
    });
    await expectChart(page, 'bw-forecast-panel');
    expect(await page.getAttribute('[data-testid="bw-forecast-readouts"]', 'data-mode')).toBe('table');
    expect(await page.locator('[data-testid="bw-legend-calc"]').allInnerTexts()).toEqual(['Last', 'Max', 'Mean']);
    expect(await page.locator('[data-testid="bw-series-name"]').allInnerTexts()).toEqual(['used /var/lib/postgresql']);
    const values = await page.locator('[data-testid="bw-legend-value"]').allInnerTexts();
    expect(values.every((v) => /^\d+\.\d GiB$/.test(v))).toBe(true);
    const GiB = 2 ** 30;
    const mean = disk.used.reduce((a, b) => a + b, 0) / disk.used.length;
    const expected = [disk.used[disk.used.length - 1], Math.max(...disk.used), mean].map((v) => v / GiB);
    values.map(num).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(0.05 + 1e-9));
    expect(await page.locator('[data-testid="bw-tte"]').innerText()).toMatch(/^full in \d+(\.\d+)? d/);
    await screenshot(page, 'fieldconfig-forecast-table', '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('placed right: the chart keeps the rest of the width, the readout stays whole', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [used],
      fieldConfig: { defaults: { unit: 'bytes' } },
      width: 1000,
      height: 360,
      options: {
        ...forecastOptions,
        legend: { showLegend: true, displayMode: 'list', placement: 'right', calcs: ['max'], width: 300 },
      },
    });
    await expectChart(page, 'bw-forecast-panel');
    const boxes = await page.evaluate(() => {
      const el = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
      const box = (id: string) => el(id).getBoundingClientRect().toJSON();
      return {
        legend: box('bw-forecast-readouts'),
        chart: box('bw-forecast-chart'),
        panel: box('bw-forecast-panel'),
        tteFits: el('bw-tte').scrollWidth <= el('bw-tte').clientWidth,
      };
    });
    expect(boxes.legend.width).toBe(300);
    expect(boxes.chart.width).toBe(700);
    expect(boxes.legend.left).toBeGreaterThanOrEqual(boxes.chart.right - 0.5);
    expect(boxes.legend.right).toBeLessThanOrEqual(boxes.panel.right + 0.5);
    expect(boxes.tteFits).toBe(true);
    expect(await page.locator('[data-testid="bw-legend-value"]').innerText()).toMatch(/^Max: \d+(\.\d+)? GiB$/);
    await screenshot(page, 'fieldconfig-forecast-legend-right', '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hidden: names and values go, the time-to-exhaustion readout stays', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [used],
      fieldConfig: { defaults: { unit: 'bytes' } },
      options: {
        ...forecastOptions,
        legend: { showLegend: false, displayMode: 'list', placement: 'bottom', calcs: [] },
      },
    });
    await expectChart(page, 'bw-forecast-panel');
    expect(await page.locator('[data-testid="bw-series-name"]').count()).toBe(0);
    expect(await page.locator('[data-testid="bw-tte"]').innerText()).toMatch(/^full in /);
    expect(errors).toEqual([]);
    await page.close();
  });
});
