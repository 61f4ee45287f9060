/**
 * Data and helpers for the panel browser tests: seeded synthetic series with known injected
 * anomalies and a disk-fill ramp, and a function that renders a built panel in the harness.
 */
import type { Page } from 'playwright-core';

/** mulberry32: a small seeded PRNG so every run draws the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian noise from the PRNG (Box-Muller). */
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
export const STEP = 5 * 60_000;

/** One injected anomaly: `len` points from index `at` are shifted by `delta`. */
export interface Injected {
  at: number;
  len: number;
  delta: number;
}

/**
 * A daily-seasonal series (period 288 points of 5 min) with Gaussian noise (sd 1) around 50 ± 10,
 * plus the injected anomalies. Returns columns for `bw.makeFrame`.
 */
export function seasonalSeries(
  n: number,
  seed: number,
  injected: Injected[] = []
): { time: number[]; value: number[] } {
  const rand = prng(seed);
  const time: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    time.push(T0 + i * STEP);
    value.push(50 + 10 * Math.sin((2 * Math.PI * i) / 288) + gauss(rand));
  }
  for (const a of injected) {
    for (let i = a.at; i < a.at + a.len && i < n; i++) {
      value[i] += a.delta;
    }
  }
  return { time, value };
}

/**
 * Disk usage filling at a constant rate with small noise: `used` starts at `start` bytes and grows by
 * `perHour` bytes per hour (5-min samples). With capacity C the disk is full (C - used_last) / perHour
 * hours after the last sample. `noise` is the standard deviation of the Gaussian noise added.
 */
export function diskFill(
  n: number,
  start: number,
  perHour: number,
  noise = perHour * 0.02,
  seed = 7
): { time: number[]; used: number[] } {
  const rand = prng(seed);
  const time: number[] = [];
  const used: number[] = [];
  for (let i = 0; i < n; i++) {
    time.push(T0 + i * STEP);
    used.push(start + (perHour * i * STEP) / 3_600_000 + gauss(rand) * noise);
  }
  return { time, used };
}

/** Frame spec passed to the page: name, columns, labels. */
export interface FrameSpec {
  name: string;
  columns: Record<string, Array<number | null | string>>;
  labels?: Record<string, string>;
  /** Grafana unit id set on every non-time field. */
  unit?: string;
  /** Legend of the query, as a data source sets it (`displayNameFromDS`) on every number field. */
  legend?: string;
}

/** Loads the built panel module and renders it with the frames and options. */
export async function renderPanel(
  page: Page,
  panel: 'anomaly' | 'forecast',
  args: {
    frames: FrameSpec[];
    options?: Record<string, unknown>;
    theme?: 'light' | 'dark';
    width?: number;
    height?: number;
    timeRange?: { from: number; to: number };
    timeZone?: string;
    containerId?: string;
    /** The panel's field config as a dashboard saves it (unit, decimals, min, max, display name, ...). */
    fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] };
    /** `data.request`: the queries behind the frames (the frames are refId A). */
    request?: { targets: Array<Record<string, unknown>> };
    /**
     * Render with the module an earlier render of this page loaded, as Grafana loads a plugin once
     * (its module-level caches live on); by default each render loads it afresh.
     */
    sameModule?: boolean;
  }
): Promise<void> {
  await page.evaluate(
    async ({ panel, args }) => {
      const bw = (window as any).bw;
      const loaded = (bw.loadedPanels ??= {});
      const mod =
        args.sameModule && loaded[panel] ? loaded[panel] : await bw.loadPlugin(`/dist/panels/${panel}/module.js`);
      loaded[panel] = mod;
      const frames = args.frames.map((f: any) => {
        const frame = bw.makeFrame(f.name, f.columns, f.labels);
        for (const field of frame.fields) {
          if (field.type === 'number') {
            field.config = {
              ...field.config,
              ...(f.unit ? { unit: f.unit } : {}),
              ...(f.legend ? { displayNameFromDS: f.legend } : {}),
            };
          }
        }
        return frame;
      });
      bw.renderPanel(mod.plugin, { ...args, frames });
    },
    { panel, args }
  );
}

/** Waits until the panel (by test id) has finished, or a panel message is shown; returns which. */
export async function waitForPanel(page: Page, testId: string, containerId = 'panel'): Promise<'done' | 'message'> {
  const handle = await page.waitForFunction(
    ({ testId, containerId }) => {
      const root = document.getElementById(containerId);
      if (root?.querySelector('[data-testid="bw-panel-message"]')) {
        return 'message';
      }
      const el = root?.querySelector(`[data-testid="${testId}"]`);
      return el?.getAttribute('data-state') === 'done' ? 'done' : null;
    },
    { testId, containerId }
  );
  return (await handle.jsonValue()) as 'done' | 'message';
}

/** Text of the panel message shown in `containerId`, or '' when none. */
export async function messageText(page: Page, containerId = 'panel'): Promise<string> {
  const el = page.locator(`#${containerId} [data-testid="bw-panel-message"]`);
  return (await el.count()) ? `${await el.getAttribute('data-kind')}: ${await el.innerText()}` : '';
}

/** Renders and waits; fails with the panel's message text when it shows one instead of a chart. */
export async function expectChart(page: Page, testId: string, containerId = 'panel'): Promise<void> {
  const outcome = await waitForPanel(page, testId, containerId);
  if (outcome !== 'done') {
    throw new Error(`expected a chart, the panel says: ${await messageText(page, containerId)}`);
  }
}

/** The data-* attributes of the element with `testId`. */
export async function attributes(page: Page, testId: string, containerId = 'panel'): Promise<Record<string, string>> {
  return page.evaluate(
    ({ testId, containerId }) => {
      const el = document.querySelector(`#${containerId} [data-testid="${testId}"]`);
      const out: Record<string, string> = {};
      for (const a of Array.from(el?.attributes ?? [])) {
        if (a.name.startsWith('data-')) {
          out[a.name.slice(5)] = a.value;
        }
      }
      return out;
    },
    { testId, containerId }
  );
}

/** The y axis tick labels of the chart with `testId` (drawn on canvas; kept on the plot element too). */
export async function yTicks(page: Page, testId: string, containerId = 'panel'): Promise<string[]> {
  const raw = await page.getAttribute(`#${containerId} [data-testid="${testId}"] .uplot[data-y-ticks]`, 'data-y-ticks');
  return JSON.parse(raw ?? '[]');
}

/**
 * Installs a Prometheus stand-in (uid prom1) as Grafana's data source service in the page: it answers
 * any range of `series` at the request's step (the samples on it; with `lookback`, the latest sample
 * at or before each step, as Prometheus' lookback does, and `timestamp(expr)` as that sample's time;
 * an instant query of `sel[w]` its raw samples in the window),
 * or `error` when set, and records what it was asked in `window.promAsked`.
 */
export async function installPrometheus(
  page: Page,
  series: { name: string; time: number[]; values: number[] },
  options: { error?: string; lookback?: boolean } = {}
): Promise<void> {
  await page.evaluate(
    ({ series, options }) => {
      const bw = (window as any).bw;
      const { of } = bw.externals.rxjs;
      const asked: Array<{ from: number; to: number; intervalMs: number; expr: string; instant: boolean }> = [];
      (window as any).promAsked = asked;
      const { time, values } = series;
      /** Index of the latest sample at or before t (binary search), -1 before the first. */
      const latest = (t: number) => {
        let lo = 0;
        let hi = time.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (time[mid] <= t) {
            lo = mid + 1;
          } else {
            hi = mid - 1;
          }
        }
        return hi;
      };
      const prom = {
        uid: 'prom1',
        name: 'Prometheus',
        type: 'prometheus',
        query: (req: any) => {
          const from = req.range.from.valueOf();
          const to = req.range.to.valueOf();
          const expr: string = req.targets[0].expr;
          asked.push({ from, to, intervalMs: req.intervalMs, expr, instant: Boolean(req.targets[0].instant) });
          if (options.error) {
            return of({ data: [], errors: [{ message: options.error }] });
          }
          const at: number[] = [];
          const v: number[] = [];
          if (req.targets[0].instant) {
            // An instant query of `sel[w]` (how the panel reads the sample interval): the raw samples in (to - w, to].
            const w = /\[(\d+)([smh])\]$/.exec(expr);
            const ms = w ? Number(w[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[w[2] as 's' | 'm' | 'h'] : 0;
            time.forEach((t, i) => {
              if (t > to - ms && t <= to) {
                at.push(t);
                v.push(values[i]);
              }
            });
          }
          for (let t = from; !req.targets[0].instant && t <= to; t += req.intervalMs) {
            const i = latest(t);
            if (i >= 0 && (options.lookback || time[i] === t)) {
              at.push(t);
              v.push(expr.startsWith('timestamp(') ? time[i] / 1000 : values[i]);
            }
          }
          const frame = bw.makeFrame(series.name, { time: at, [series.name]: v });
          frame.refId = req.targets[0].refId;
          return of({ data: [frame] });
        },
      };
      bw.externals['@grafana/runtime'].setDataSourceSrv({
        get: async () => prom,
        getList: () => [prom],
        getInstanceSettings: () => prom,
        reload: () => undefined,
      });
    },
    { series, options }
  );
}
