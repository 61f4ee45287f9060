/**
 * A busy dashboard, shared by the browser test (tests/browser/panels.busy.test.ts) and the bench
 * (bench/panels.bench.ts): the anomaly overlay with 50 series x 2,000 points, or the forecast panel
 * with 20, the frames built in the page first so only the panel's own work is observed.
 *
 * The page records two things from the moment the frames are handed over:
 * - the engine worker's answers per method, through a wrapper round `Worker` installed before the
 *   plugin starts its worker (the test asserts that every series' model ran there);
 * - Chromium's long tasks (over 50 ms) on the page's thread (the bench reports them; a test cannot
 *   assert a duration on a shared machine).
 */
import type { Page } from 'playwright-core';
import { type Injected, seasonalSeries } from './panelsFixtures';

export const POINTS = 2000;
export const ANOMALY_SERIES = 50;
export const FORECAST_SERIES = 20;

/** What the page recorded while the panel rendered. */
export interface BusyRecord {
  /** Durations (ms) of the long tasks Chromium reported. */
  longTasks: number[];
  /** Engine-worker requests answered successfully, per method (`detect`, `forecast`, ...). */
  workerAnswers: Record<string, number>;
  /** Engine-worker requests answered with an error. */
  workerErrors: number;
}

/**
 * Loads the panel, builds 50 seasonal series in the page, wraps `Worker` so the page counts the
 * worker's answers, and warms the panel up with two series, as on a dashboard where the plugin has
 * drawn before (compiles the code paths, loads fonts, starts the worker).
 */
export async function prepareBusyDashboard(page: Page, panel: 'anomaly' | 'forecast'): Promise<void> {
  const specs = Array.from({ length: ANOMALY_SERIES }, (_, k) => {
    const injected: Injected[] = [{ at: 800 + k * 20, len: 1, delta: 40 }];
    return { name: `pod-${k}`, columns: seasonalSeries(POINTS, 1000 + k, injected), labels: { pod: `pod-${k}` } };
  });
  await page.evaluate(
    async ({ specs, panel }) => {
      const w = window as any;
      const record = { longTasks: [] as number[], workerAnswers: {} as Record<string, number>, workerErrors: 0 };
      const Base: typeof Worker = w.Worker;
      // Counts the answers of every worker the page starts, by the method of the request they answer.
      w.Worker = class extends Base {
        private readonly methods = new Map<number, string>();
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          this.addEventListener('message', (ev: MessageEvent) => {
            const method = this.methods.get(ev.data?.id);
            if (method === undefined) {
              return;
            }
            this.methods.delete(ev.data.id);
            if (ev.data.ok) {
              w.busy.workerAnswers[method] = (w.busy.workerAnswers[method] ?? 0) + 1;
            } else {
              w.busy.workerErrors++;
            }
          });
        }
        postMessage(...args: any[]): void {
          if (typeof args[0]?.method === 'string') {
            this.methods.set(args[0].id, args[0].method);
          }
          (super.postMessage as (...a: any[]) => void)(...args);
        }
      };
      const mod = await w.bw.loadPlugin(`/dist/panels/${panel}/module.js`);
      const frames = specs.map((f: any) => w.bw.makeFrame(f.name, f.columns, f.labels));
      w.busy = record;
      w.busyPanel = { plugin: mod.plugin, frames };
      w.bw.renderPanel(mod.plugin, {
        containerId: 'warmup',
        frames: frames.slice(0, 2),
        options: { model: panel === 'anomaly' ? 'mad' : 'linear' },
        width: 400,
        height: 200,
      });
    },
    { specs, panel }
  );
  await page.waitForFunction(() =>
    document.querySelector('#warmup [data-state="done"], #warmup [data-testid="bw-panel-message"]')
  );
}

/** Clears the record, starts observing long tasks and hands the frames to the panel. */
export async function renderBusyDashboard(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.evaluate((options) => {
    const w = window as any;
    w.busy.longTasks = [];
    w.busy.workerAnswers = {};
    w.busy.workerErrors = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.busy.longTasks.push(e.duration);
      }
    }).observe({ type: 'longtask' });
    w.bw.renderPanel(w.busyPanel.plugin, { frames: w.busyPanel.frames, options, width: 1200, height: 600 });
  }, options);
}

/** What the page has recorded since {@link renderBusyDashboard}. */
export async function busyRecord(page: Page): Promise<BusyRecord> {
  return page.evaluate(() => (window as any).busy);
}
