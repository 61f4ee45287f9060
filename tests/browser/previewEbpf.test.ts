/**
 * The eBPF page as a new user meets it: on the preview page of `bellwether demo`, in light and dark.
 * Every section can be scrolled to and is shown whole (inside the viewport, not cut off by an
 * ancestor's overflow), the agent matcher labels do not overlap, the tables' source badges are never
 * cut (from 600 to 1920 px), the source badges tell apart
 * published figures, vendor claims, report claims, measured and live figures, and the theme toggle
 * re-themes the plugin in place, keeping its state, and is remembered in the URL and localStorage.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, painted, screenshot } from './browser';
import { type Demo, startDemo } from './demoProcess';
import { EBPF_SECTIONS, placeSection } from './ebpfPage';

let browser: Browser;
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  demo?.stop();
});

const VIEWPORT = { width: 1280, height: 900 };

/** Loads the preview at `query` in `page` and waits for the eBPF page's table. */
async function load(page: Page, query: string): Promise<void> {
  await page.goto(`${demo.url}${query}`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'loading');
  await page.waitForSelector('#page-ebpf [data-testid="bw-ebpf-table"]');
}

async function openPreview(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, VIEWPORT);
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  await load(page, query);
  return { page, errors };
}

/** Relative luminance (0 black … 1 white) of a CSS rgb() colour. */
function luminance(css: string): number {
  const [r, g, b] = css.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

async function sectionBackground(page: Page): Promise<{ section: string; host: string }> {
  return page.evaluate(() => ({
    section: getComputedStyle(document.querySelector('#page-ebpf [data-testid="bw-ebpf-table-section"]')!).backgroundColor,
    host: getComputedStyle(document.getElementById('page-ebpf')!).backgroundColor,
  }));
}

describe.each(['dark', 'light'] as const)('eBPF page on the preview, %s theme', (theme) => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPreview(`?theme=${theme}`));
  });

  afterAll(async () => {
    await page?.close();
  });

  it('renders in the theme asked for in the URL', async () => {
    expect(await page.evaluate(() => document.body.dataset.theme)).toBe(theme);
    const bg = await sectionBackground(page);
    // Sections use the theme's primary background, the same colour the host gives the page.
    expect(bg.section).toBe(bg.host);
    if (theme === 'dark') {
      expect(luminance(bg.section)).toBeLessThan(0.1);
    } else {
      expect(luminance(bg.section)).toBeGreaterThan(0.8);
    }
  });

  it.each(EBPF_SECTIONS)('scrolls to %s and shows it whole', async (testId) => {
    const start = await placeSection(page, '#page-ebpf', testId, 'start');
    expect(start.clippedBy).toEqual([]);
    expect(start.height).toBeGreaterThan(0);
    // Left and right inside the viewport; the top edge in view.
    expect(start.left).toBeGreaterThanOrEqual(0);
    expect(start.right).toBeLessThanOrEqual(VIEWPORT.width);
    expect(start.top).toBeGreaterThanOrEqual(-0.5);
    expect(start.top).toBeLessThan(VIEWPORT.height);
    if (start.height <= VIEWPORT.height) {
      expect(start.bottom).toBeLessThanOrEqual(VIEWPORT.height + 0.5);
    } else {
      // Taller than the viewport: its bottom edge can be scrolled into view as well.
      const end = await placeSection(page, '#page-ebpf', testId, 'end');
      expect(end.clippedBy).toEqual([]);
      expect(end.bottom).toBeGreaterThan(0);
      expect(end.bottom).toBeLessThanOrEqual(VIEWPORT.height + 0.5);
    }
  });

  it('shows every agent matcher label whole, overlapping no other label or input', async () => {
    const boxes = await page.$$eval('#page-ebpf [data-testid="bw-ebpf-live-matchers"] label, #page-ebpf [data-testid="bw-ebpf-live-matchers"] input', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent || (e as HTMLInputElement).value, l: r.left, r: r.right, t: r.top, b: r.bottom, cut: e.scrollWidth > e.clientWidth + 1 && e.tagName === 'LABEL' };
      })
    );
    // Labels for Beyla, Tetragon, Parca, Pixie and OpenTelemetry agents, Service, Node label, Memory window, with their inputs.
    expect(boxes.length).toBeGreaterThanOrEqual(10);
    const overlaps: string[] = [];
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5) {
          overlaps.push(`${a.text} / ${b.text}`);
        }
      })
    );
    expect(overlaps).toEqual([]);
    expect(boxes.filter((b) => b.cut).map((b) => b.text)).toEqual([]);
  });

  it('tells the five kinds of source apart: the seed report is a claim, not a publication', async () => {
    const legend = await page.$$eval('#page-ebpf [data-testid="bw-ebpf-badge-legend"] [data-badge]', (els) =>
      els.map((e) => ({ badge: e.getAttribute('data-badge'), text: e.textContent, color: getComputedStyle(e).borderTopColor }))
    );
    expect(legend.map((l) => [l.badge, l.text])).toEqual([
      ['published', 'published'],
      ['vendor-claim', 'vendor claim'],
      ['report-claim', 'report claim'],
      ['measured', 'measured'],
      ['live', 'live'],
    ]);
    expect(new Set(legend.map((l) => l.color)).size).toBe(5);
    // Figure badges by source: the seed report's figures are report claims, never "published".
    const figureBadges = await page.$$eval('#page-ebpf [data-testid="bw-ebpf-figure"] [data-badge]', (els) => [...new Set(els.map((e) => `${e.getAttribute('data-badge')} | ${e.textContent}`))].sort());
    expect(figureBadges).toEqual([
      'published | published: otel-java-benchmark',
      'report-claim | report claim: seed-report',
      'vendor-claim | vendor claim: beyla-docs',
      'vendor-claim | vendor claim: pixie-docs',
      'vendor-claim | vendor claim: polarsignals-docs',
    ]);
    // The sources list explains every badge with its citation.
    const sources = await page.$$eval('#page-ebpf [data-testid="bw-ebpf-sources"] li', (els) => els.map((e) => e.textContent ?? ''));
    expect(sources.find((s) => s.startsWith('report claim: seed-report'))).toMatch(/methodology is not published.*Methodology not published/);
    expect(sources).toHaveLength(5);
    // Reference, measured and live stay separate filters.
    const filters = await page.$$eval('#page-ebpf [data-testid^="bw-ebpf-show-"]', (els) => els.map((e) => e.getAttribute('data-testid')));
    expect(filters).toEqual(['bw-ebpf-show-reference', 'bw-ebpf-show-measured', 'bw-ebpf-show-live']);
  });

  it.each([1920, 1440, 1280, 1024, 800, 600])('shows every source badge in the tables whole at %i px', async (width) => {
    await page.setViewportSize({ width, height: VIEWPORT.height });
    try {
      const cut = await page.$$eval('#page-ebpf td [data-badge]', (els) =>
        els
          .map((e) => {
            const r = e.getBoundingClientRect();
            const c = e.closest('td')!.getBoundingClientRect();
            const clipped = e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight;
            const outside = r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5;
            return { text: e.textContent, where: e.closest('tr')?.getAttribute('data-testid') ?? 'table', clipped, outside };
          })
          .filter((b) => b.clipped || b.outside)
      );
      expect(cut).toEqual([]);
      // The cost table holds the longest reference badge: there and whole.
      expect(await page.locator('#page-ebpf [data-testid="bw-ebpf-cost-row"] [data-badge]', { hasText: 'vendor claim: polarsignals-docs' }).count()).toBeGreaterThan(0);
    } finally {
      await page.setViewportSize(VIEWPORT);
    }
  });

  it('renders without console errors; screenshot', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await painted(page);
    await screenshot(page, `preview-ebpf-${theme}`, '#view-ebpf');
    expect(errors).toEqual([]);
  });
});

it('toggles the theme in place, keeping the page state, and remembers it in the URL and localStorage', async () => {
  const { page, errors } = await openPreview('?theme=dark');
  const weight = page.locator('#page-ebpf [data-testid="bw-ebpf-weight-features"]');
  await weight.fill('3');
  const dark = await sectionBackground(page);
  await page.click('[data-testid="bw-preview-theme"]');
  await page.waitForFunction(() => document.body.dataset.theme === 'light');
  const light = await sectionBackground(page);
  expect(light.section).toBe(light.host);
  expect(luminance(light.section)).toBeGreaterThan(luminance(dark.section));
  // Re-themed, not remounted: what the user typed is still there.
  expect(await weight.inputValue()).toBe('3');
  expect(new URL(page.url()).searchParams.get('theme')).toBe('light');
  expect(await page.evaluate(() => localStorage.getItem('bellwether-preview-theme'))).toBe('light');

  // A visit without ?theme= (same browser profile) takes the stored choice.
  await load(page, '');
  expect(await page.evaluate(() => document.body.dataset.theme)).toBe('light');
  expect(errors).toEqual([]);
  await page.close();
});
