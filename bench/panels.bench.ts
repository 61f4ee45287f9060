/**
 * `npm run bench -- panels`: smoothness of a busy dashboard in Chromium (Debian `chromium`, after
 * `npm run build`). The anomaly overlay with 50 series x 2,000 points (ensemble) and the forecast panel
 * with 20 (auto, forecasts and trend tests), each warmed up with two series first, as on a dashboard
 * where the plugin has drawn before (tests/browser/busyDashboard.ts). Chromium reports every task over
 * 50 ms on the page's thread as a 'longtask'; observed from handing over the frames until the chart is
 * done plus two animation frames and 500 ms. Per panel: the longest task and the number of tasks over
 * 50 ms, median and worst of 3 runs, each in a fresh page. Target: no task over 50 ms. The header
 * gives the load average: on a busy machine every task stretches. Prints a table and writes
 * bench/results/panels.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openHarness, startHarness } from '../tests/browser/browser';
import {
  ANOMALY_SERIES,
  busyRecord,
  FORECAST_SERIES,
  POINTS,
  prepareBusyDashboard,
  renderBusyDashboard,
} from '../tests/browser/busyDashboard';
import { expectChart } from '../tests/browser/panelsFixtures';

const RUNS = 3;
const TARGET_MS = 50;

const CASES = [
  {
    panel: 'anomaly' as const,
    testId: 'bw-anomaly-panel',
    series: ANOMALY_SERIES,
    options: { model: 'ensemble', maxSeries: ANOMALY_SERIES, showLegend: false },
  },
  {
    panel: 'forecast' as const,
    testId: 'bw-forecast-panel',
    series: FORECAST_SERIES,
    options: { model: 'auto', horizon: '2d', maxSeries: FORECAST_SERIES },
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function run(): Promise<void> {
  const load = loadavg()[0];
  const server = await startHarness();
  const browser = await launchBrowser();
  const rows: Array<{ panel: string; series: number; points: number; longestMs: number[]; over50: number[] }> = [];
  try {
    for (const c of CASES) {
      const longestMs: number[] = [];
      const over50: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const { page } = await openHarness(browser, server, { width: 1280, height: 700 });
        await prepareBusyDashboard(page, c.panel);
        await renderBusyDashboard(page, c.options);
        await expectChart(page, c.testId);
        // The observation window: the chart's first paint and any follow-up work.
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 500))))
        );
        const { longTasks } = await busyRecord(page);
        longestMs.push(Math.max(0, ...longTasks));
        over50.push(longTasks.filter((d) => d > TARGET_MS).length);
        await page.close();
      }
      rows.push({ panel: c.panel, series: c.series, points: POINTS, longestMs, over50 });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const header = [
    'panel',
    'series x points',
    'longest task ms (median / worst)',
    `tasks > ${TARGET_MS} ms (median / worst)`,
    `no task > ${TARGET_MS} ms`,
  ];
  const cells = rows.map((r) => [
    r.panel,
    `${r.series} x ${r.points}`,
    `${median(r.longestMs).toFixed(0)} / ${Math.max(...r.longestMs).toFixed(0)}`,
    `${median(r.over50)} / ${Math.max(...r.over50)}`,
    r.over50.every((n) => n === 0) ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  process.stdout.write(
    `long tasks on the page's thread while a busy panel renders, ${RUNS} runs each (load average ${load.toFixed(2)} at start)\n`
  );
  process.stdout.write(
    [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n'
  );
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'panels.json'),
    JSON.stringify({ runs: RUNS, targetMs: TARGET_MS, loadAverage: load, rows }, null, 2)
  );
}
