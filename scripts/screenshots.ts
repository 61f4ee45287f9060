/**
 * `npm run screenshots`: regenerates every screenshot the README and docs/*.md show, in light and
 * dark, from the demo a user runs:
 * - from the preview page (`npm start`: the built plugins over the companion's demo data): the
 *   panels, a tooltip on a flagged point, and the top of the eBPF page;
 * - from the browser tests that drive the home page and "what else moved?" over the demo's data
 *   (tests/browser/home.test.ts, tests/browser/panels.whatElseMoved.test.ts), run by this script.
 * It then checks that every image README.md and docs/*.md reference was written by this run, and
 * fails naming any that was not.
 *
 * The demo's data is a function of time, so the script pins the page's end time (`?now=`) to the
 * latest time at which the views show what the pictures must: a sustained CPU incident (at least
 * 30 min near 100 %) flagged as one region over its length, a latency spike, and a disk that reads
 * "full in X d". It fails, saying what is missing, instead of writing pictures that do not show it.
 * The home page's pictures are taken at the same `?now=` (BELLWETHER_SCREENSHOT_NOW), where the
 * home opens at the latest incident, a latency spike of the last 3 hours: every picture tells the
 * same story (the disk's time to exhaustion differs by those hours at most).
 * Needs dist/ (npm run build) and Chromium, as the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, painted } from '../tests/browser/browser';
import { startDemo } from '../tests/browser/demoProcess';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'img');
/** Browser tests that write their screenshots of the demo to docs/img. */
const SCREENSHOT_TESTS = ['tests/browser/home.test.ts', 'tests/browser/panels.whatElseMoved.test.ts', 'tests/browser/demo.whatElseMoved.test.ts'];
/**
 * Only their tests that take the pictures (the home page on the demo, both themes of the panel
 * action, both themes of the preview's checkout incident and pods).
 */
const SCREENSHOT_TEST_NAMES = '^(on the demo|light theme|dark theme)[: ]';
const CPU = 'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}';
/**
 * The latency the home's latest incident is searched on (preview/home.ts DEMO_INCIDENTS: the
 * apiserver's p99 as kube-prometheus records it, whose reads of pods spike); the preview's latency
 * view finds its own spike of api-1 within 14 days.
 */
const LATENCY =
  'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{quantile="0.99",verb="read",resource="pods"}';
const DISK_FREE = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
const HOUR = 3600;
const DAY = 24 * HOUR;
/** The preview's CPU range (preview/views.ts): 12 h around its latest incident. */
const CPU_RANGE = 12 * HOUR;
/** Longest the home page's time (the latest incident) may lie before the pinned time. */
const HOME_LAG = 3 * HOUR;

/** The pictures: the preview's card of a view, under docs/img/<name>-<theme>.png. */
const SHOTS: Array<{ view: string; name: string }> = [
  { view: 'cpu', name: 'panel-anomaly' },
  { view: 'latency', name: 'panel-anomaly-spike' },
  { view: 'disk', name: 'panel-forecast' },
  { view: 'memory', name: 'panel-forecast-leak' },
];

async function range(base: string, query: string, start: number, end: number, step: number): Promise<Array<[number, number]>> {
  const body = new URLSearchParams({ query, start: String(start), end: String(end), step: String(step) });
  const res = await fetch(`${base}api/v1/query_range`, { method: 'POST', body });
  const json = (await res.json()) as any;
  if (json.status !== 'success' || json.data.result.length !== 1) {
    throw new Error(`screenshots: ${query} did not answer one series: ${JSON.stringify(json).slice(0, 200)}`);
  }
  return json.data.result[0].values.map(([t, v]: [number, string]) => [t, Number(v)]);
}

/** Runs of consecutive samples with `hot(v)`, as [first t, last t]. */
function runs(samples: Array<[number, number]>, hot: (v: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [t, v] of samples) {
    const last = out[out.length - 1];
    if (hot(v) && last && last[1] === t - (samples[1][0] - samples[0][0])) {
      last[1] = t;
    } else if (hot(v)) {
      out.push([t, t]);
    }
  }
  return out;
}

/**
 * End times (whole hours, before the clock, latest first, at most `max`) with a CPU incident of at
 * least 30 min in the 14 days before (the CPU view shows the latest), an apiserver latency spike that
 * ended 1 to 3 hours before (the home page's latest incident), and a disk with
 * 1.5 to 8 days of writes left.
 */
async function candidateNows(base: string, max: number): Promise<number[]> {
  const clock = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
  const cpu = await range(base, CPU, clock - 28 * DAY, clock, 300);
  const incidents = runs(cpu, (v) => v >= 0.9).filter(([a, b]) => b - a >= 30 * 60);
  // A week per query: Prometheus answers at most 11,000 points per series.
  const latency: Array<[number, number]> = [];
  for (let end = clock - 3 * 7 * DAY; end <= clock; end += 7 * DAY) {
    latency.push(...(await range(base, LATENCY, end - 7 * DAY + 60, end, 60)));
  }
  // Spikes of 4 min or more: at the view's 2-min step a shorter one is one or two points.
  const spikes = runs(latency, (v) => v >= 1.2).filter(([a, b]) => b - a >= 180);
  // Free bytes of the volume: "full in X d" needs more than a day's writes (about 30 GB) left.
  const free = new Map((await range(base, DISK_FREE, clock - 28 * DAY, clock, HOUR)).map(([t, v]) => [t, v]));
  const out: number[] = [];
  for (let now = clock; now > clock - 20 * DAY && out.length < max; now -= HOUR) {
    const incident = incidents.some(([a, b]) => a >= now - 14 * DAY && b <= now - 2 * HOUR);
    const spike = spikes.some(([, b]) => b >= now - HOME_LAG && b <= now - HOUR);
    // Candidates half a day apart, so each shows a different spike.
    const daysLeft = (free.get(now) ?? 0) / 30e9;
    if (incident && spike && daysLeft >= 1.5 && daysLeft <= 8 && (out.length === 0 || out[out.length - 1] - now >= 12 * HOUR)) {
      out.push(now);
    }
  }
  return out;
}

/** Opens the preview pinned at `now` in `theme`, with every panel drawn; console errors collected. */
async function openPinned(browser: Browser, base: string, now: number, theme: 'light' | 'dark') {
  const page = await newPage(browser, { width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}?theme=${theme}&now=${now}`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'loading');
  const state = await page.locator('#status').evaluate((e) => `${(e as HTMLElement).dataset.state}: ${e.textContent}`);
  if (!state.startsWith('ready')) {
    throw new Error(`screenshots: the preview did not render: ${state}`);
  }
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll('[data-testid$="-panel"][data-state]')).every((e) => (e as HTMLElement).dataset.state === 'done')
  );
  return { page, errors };
}

/** Checks the page pinned at `now` shows what the pictures are for; throws naming what is missing. */
async function check(page: Page, now: number): Promise<void> {
  // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
  const cpuPanel = page.locator('#panel-cpu [data-testid="bw-anomaly-panel"]');
  const spans = JSON.parse((await cpuPanel.getAttribute('data-region-spans')) || '[]') as Array<{ from: number; to: number }>;
  const found = {
    longestCpuRegionMin: Math.max(0, ...spans.map((r) => (r.to - r.from) / 60_000)),
    latencyRegions: Number(await page.locator('#panel-latency [data-testid="bw-anomaly-panel"]').getAttribute('data-regions')),
    diskReadout: await page.locator('#panel-disk [data-testid="bw-tte"]').innerText(),
    homeTime: Number(await page.locator('#view-home [data-time]').first().getAttribute('data-time')),
  };
  const missing = [
    found.longestCpuRegionMin >= 30 ? '' : `a CPU region of 30 min or more (longest ${found.longestCpuRegionMin} min)`,
    found.latencyRegions > 0 ? '' : 'a flagged latency spike',
    /^full in \d+(\.\d+)? d /.test(found.diskReadout) ? '' : `a disk readout "full in X d" (got "${found.diskReadout}")`,
    now - found.homeTime <= HOME_LAG ? '' : `a home page at most 3 h before (it shows ${new Date(found.homeTime * 1000).toISOString()})`,
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(`the preview does not show ${missing.join('; ')}`);
  }
}

/**
 * Hovers the middle of the CPU view's longest flagged region, stepping a pixel at a time around it
 * until the tooltip says the point is anomalous; throws when none is.
 */
async function hoverIncident(page: Page, now: number): Promise<void> {
  const panel = page.locator('#panel-cpu [data-testid="bw-anomaly-panel"]');
  const spans = JSON.parse((await panel.getAttribute('data-region-spans')) || '[]') as Array<{ from: number; to: number }>;
  const longest = spans.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
  const over = panel.locator('.u-over').first();
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  // The view ends after its latest incident (data-end), or at the pinned time.
  const end = Number((await page.locator('#view-cpu').getAttribute('data-end')) ?? now) * 1000;
  const from = end - CPU_RANGE * 1000;
  const x = box.x + (((longest.from + longest.to) / 2 - from) / (end - from)) * box.width;
  for (const dx of Array.from({ length: 41 }, (_, i) => (i % 2 ? 1 : -1) * Math.ceil(i / 2))) {
    await page.mouse.move(x + dx, box.y + box.height * 0.3);
    await page.waitForSelector('[data-testid="bw-tooltip"] [data-anomalous]');
    const anomalous = await page.evaluate(
      () => document.querySelector('[data-testid="bw-tooltip"] [data-anomalous]')?.getAttribute('data-anomalous') === 'true'
    );
    if (anomalous) {
      return;
    }
  }
  throw new Error('screenshots: no point of the CPU incident shows an anomalous tooltip');
}

/** Images README.md and docs/*.md reference (`img/<name>.png`). */
function referencedImages(): string[] {
  const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const names = new Set<string>();
  for (const f of docs) {
    for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/img\/([A-Za-z0-9_.-]+\.png)/g)) {
      names.add(m[1]);
    }
  }
  return [...names].sort();
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  const demo = await startDemo();
  const browser = await launchBrowser();
  // The pinned time, shared with the home page's pictures below.
  let now: number | undefined;
  try {
    // The first candidate whose page shows everything (the companion must flag the spike too).
    const reasons: string[] = [];
    for (const t of await candidateNows(demo.url, 12)) {
      const { page } = await openPinned(browser, demo.url, t, 'light');
      try {
        await check(page, t);
        now = t;
        break;
      } catch (e) {
        reasons.push(`${new Date(t * 1000).toISOString()}: ${(e as Error).message}`);
      } finally {
        await page.close();
      }
    }
    if (now === undefined) {
      throw new Error(`screenshots: no candidate time shows all that the pictures need:\n${reasons.join('\n')}`);
    }
    process.stdout.write(`demo pinned at ${new Date(now * 1000).toISOString()} (?now=${now})\n`);
    for (const theme of ['light', 'dark'] as const) {
      const { page, errors } = await openPinned(browser, demo.url, now, theme);
      await check(page, now);
      await painted(page);
      for (const shot of SHOTS) {
        const file = join(OUT, `${shot.name}-${theme}.png`);
        await page.locator(`#view-${shot.view}`).screenshot({ path: file });
        process.stdout.write(`wrote ${file}\n`);
      }
      // The eBPF page down to its charts, whole (the rest is reachable by scrolling:
      // tests/browser/previewEbpf.test.ts).
      const ebpf = (await page.locator('#view-ebpf').boundingBox())!;
      const charts = (await page.locator('#page-ebpf [data-testid="bw-ebpf-charts"]').boundingBox())!;
      const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
      const ebpfFile = join(OUT, `ebpf-preview-${theme}.png`);
      await page.screenshot({
        path: ebpfFile,
        fullPage: true,
        clip: { x: ebpf.x + scroll.x, y: ebpf.y + scroll.y, width: ebpf.width, height: charts.y + charts.height + 16 - ebpf.y },
      });
      process.stdout.write(`wrote ${ebpfFile}\n`);
      // The tooltip of a point of the sustained CPU incident, over the view's card.
      await hoverIncident(page, now);
      const card = page.locator('#view-cpu');
      const tooltipFile = join(OUT, `panel-anomaly-tooltip-${theme}.png`);
      await card.screenshot({ path: tooltipFile });
      process.stdout.write(`wrote ${tooltipFile}\n`);
      if (errors.length) {
        throw new Error(`screenshots: console errors in the preview (${theme}): ${errors.join(' | ')}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    demo.stop();
  }
  // The home page and "what else moved?" pictures come from their browser tests over the demo's data.
  const jest = spawnSync('npx', ['jest', '--selectProjects', 'node', '--maxWorkers=1', '-t', SCREENSHOT_TEST_NAMES, ...SCREENSHOT_TESTS], {
    cwd: ROOT,
    stdio: 'inherit',
    // The home page's pictures at the panels' time.
    env: { ...process.env, BELLWETHER_SCREENSHOT_NOW: String(now) },
  });
  if (jest.status !== 0) {
    throw new Error(`screenshots: ${SCREENSHOT_TESTS.join(' and ')} failed (exit ${jest.status}); their pictures are not up to date`);
  }
  const stale = referencedImages().filter((name) => {
    try {
      return statSync(join(OUT, name)).mtimeMs < started;
    } catch {
      return true;
    }
  });
  if (stale.length) {
    throw new Error(`screenshots: referenced in README.md or docs/*.md but not written by this run: ${stale.join(', ')}`);
  }
  process.stdout.write(`every image README.md and docs/*.md reference was regenerated (${referencedImages().length})\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
