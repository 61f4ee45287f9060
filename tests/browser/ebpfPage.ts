/**
 * Support for the eBPF page's browser tests: a harness server that also serves the harness's recorded
 * result files under /fixtures/, Grafana's icons answered as Grafana serves them, and rendering of the
 * built app at /ebpf.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildHarness } from '../../harness/build';
import { currentHost } from '../../harness/hosts';
import { HarnessServer, startHarnessServer } from '../../harness/server';
import { type HarnessPage, newPage } from './browser';

const ROOT = join(__dirname, '..', '..');
export const ICONS = join(ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
export const TESTDATA = join(ROOT, 'ebpf-stack', 'bench', 'testdata');

export async function startEbpfHarness(): Promise<HarnessServer> {
  const host = currentHost();
  await buildHarness(host);
  return startHarnessServer(0, [['/fixtures/', TESTDATA]], host);
}

/**
 * Answers Grafana's icon requests (/public/build/img/icons/...) from @grafana/ui's icon set. Grafana
 * ships `spinner.svg` in its own public folder, not in an npm package: a plain ring stands in for it.
 */
export async function serveGrafanaIcons(page: Page): Promise<void> {
  await page.route('**/public/build/img/icons/**', async (route) => {
    const rel = new URL(route.request().url()).pathname.replace('/public/build/img/icons/', '');
    const file = normalize(join(ICONS, rel));
    if (file.startsWith(ICONS + sep) && existsSync(file)) {
      await route.fulfill({ contentType: 'image/svg+xml', body: readFileSync(file) });
    } else if (rel.endsWith('/spinner.svg')) {
      await route.fulfill({
        contentType: 'image/svg+xml',
        body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/></svg>',
      });
    } else {
      await route.fulfill({ status: 404, body: 'no such icon' });
    }
  });
}

/** Renders the built app plugin's /ebpf page and waits for its comparison table ('auto': it grows with its content). */
export async function renderEbpfPage(page: Page, base: string, theme: 'light' | 'dark', height: number | 'auto' = 6000): Promise<void> {
  await serveGrafanaIcons(page);
  await page.evaluate(
    async ({ base, theme, height }) => {
      const bw = (window as any).bw;
      const mod = await bw.loadPlugin(`${base}/dist/module.js`);
      bw.renderPage(mod.plugin, { path: '/ebpf', theme, width: 1360, height });
    },
    { base, theme, height }
  );
  await page.waitForSelector('[data-testid="bw-ebpf-table"]');
}

/** Exact values of the bars of one chart, keyed "agent|bar label". */
export async function barValues(page: Page, chartId: string): Promise<Record<string, number>> {
  return page.$$eval(`[data-testid="bw-ebpf-chart-${chartId}"] [data-testid="bw-ebpf-bar"]`, (els) =>
    Object.fromEntries(els.map((e) => [`${e.getAttribute('data-group')}|${e.getAttribute('data-label')}`, Number(e.getAttribute('data-value'))]))
  );
}

/** Text of the figures in one table cell. */
export async function cellFigures(page: Page, metric: string, agent: string): Promise<string[]> {
  return page.$$eval(`[data-testid="bw-ebpf-table"] tr[data-metric="${metric}"] td[data-agent="${agent}"] [data-testid="bw-ebpf-figure"]`, (els) =>
    els.map((e) => {
      // Text nodes joined by a space, as a reader sees the separate elements.
      const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      const parts: string[] = [];
      while (walker.nextNode()) {
        const t = walker.currentNode.textContent!.trim();
        if (t) {
          parts.push(t);
        }
      }
      return parts.join(' ');
    })
  );
}

/** Text nodes of the first element matching `selector`, joined by a space. */
export async function spacedText(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    while (walker.nextNode()) {
      const t = walker.currentNode.textContent!.trim();
      if (t) {
        parts.push(t);
      }
    }
    return parts.join(' ');
  });
}

/** Sets a number input by its test id, as a user types. */
export async function typeNumber(page: Page, testId: string, value: number): Promise<void> {
  const input = page.locator(`[data-testid="${testId}"]`);
  await input.fill(String(value));
}

/** Median of an odd or even list (the definition, for expected values). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Opens the harness page with the browser clock fixed at `fixedTime` (ms), so the page's "now" falls
 * inside backfilled Prometheus history; records console and page errors like `openHarness`.
 */
export async function openHarnessAt(browser: Browser, server: HarnessServer, fixedTime: number): Promise<HarnessPage> {
  const page = await newPage(browser, { width: 1400, height: 1000 });
  await page.clock.setFixedTime(fixedTime);
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      errors.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => Boolean((window as any).bw));
  return { page, errors };
}

/** The page's parts, in page order (test ids). */
export const EBPF_SECTIONS = [
  'bw-ebpf-import',
  'bw-ebpf-live',
  'bw-ebpf-badge-legend',
  'bw-ebpf-charts',
  'bw-ebpf-table-section',
  'bw-ebpf-score-section',
  'bw-ebpf-cost-section',
  'bw-ebpf-sources-section',
];

/** Where a section sits after scrolling to it. */
export interface Placement {
  /** The element's box after scrolling, in viewport coordinates. */
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
  /** Ancestors whose overflow cuts the element off, by tag and class. */
  clippedBy: string[];
}

/**
 * Scrolls `testId` (inside `root`, a selector, or '' for the whole document) into view with its top
 * (`start`) or bottom (`end`) edge aligned, and measures it.
 */
export function placeSection(page: Page, root: string, testId: string, block: 'start' | 'end'): Promise<Placement> {
  return page.evaluate(
    ({ root, testId, block }) => {
      const el = document.querySelector(`${root} [data-testid="${testId}"]`) as HTMLElement;
      el.scrollIntoView({ block, inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const clippedBy: string[] = [];
      for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') {
          continue;
        }
        // scrollIntoView scrolls even an overflow: hidden box, which a user cannot: there, measure
        // where the element sits with the box unscrolled. An auto/scroll box the user can scroll.
        const userX = style.overflowX === 'auto' || style.overflowX === 'scroll';
        const userY = style.overflowY === 'auto' || style.overflowY === 'scroll';
        const c = a.getBoundingClientRect();
        const dx = userX ? 0 : a.scrollLeft;
        const dy = userY ? 0 : a.scrollTop;
        const inside =
          r.left + dx >= c.left - 0.5 && r.right + dx <= c.left + a.clientWidth + 0.5 && r.top + dy >= c.top - 0.5 && r.bottom + dy <= c.top + a.clientHeight + 0.5;
        if (!inside) {
          clippedBy.push(`${a.tagName.toLowerCase()}#${a.id}.${a.className}`);
        }
      }
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, clippedBy };
    },
    { root, testId, block }
  );
}
