/**
 * The quick start end to end: `bellwether demo` (what `npm start` runs) as a child process, its
 * preview page opened in Chromium. Both built panels must draw over demo series that came through
 * the companion's Prometheus API (raw and derived), the eBPF page must render, and the console must
 * stay clean. Ctrl-C (SIGINT) must stop the process with exit code 0 and free the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PREVIEW_VIEWS } from '../../preview/views';
import { launchBrowser, newPage, screenshot } from './browser';

const ROOT = join(__dirname, '..', '..');
let browser: Browser;
let demo: ChildProcess;
let url: string;
let output = '';

/** Starts the demo on a free port and resolves with the URL it prints. */
function startDemo(): Promise<string> {
  demo = spawn(process.execPath, [join(ROOT, 'bin', 'bellwether.mjs'), 'demo', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Bellwether demo: (http:\/\/\S+)/.exec(output);
      if (m) {
        resolve(m[1]);
      }
    };
    demo.stdout!.on('data', onData);
    demo.stderr!.on('data', onData);
    demo.on('exit', (code) =>
      reject(new Error(`bellwether demo exited with ${code} before printing its URL:\n${output}`))
    );
  });
}

beforeAll(async () => {
  url = await startDemo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    demo.kill('SIGKILL');
  }
});

async function openPreview(): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser, { width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'loading');
  return { page, errors };
}

it('prints the URL of the preview page and serves the companion API on the same origin', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const res = await fetch(`${url}api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: '1+1' }) });
  expect(await res.json()).toMatchObject({ status: 'success', data: { resultType: 'scalar' } });
});

it('renders both panels over companion data and the eBPF page, without console errors', async () => {
  const { page, errors } = await openPreview();
  const status = await page
    .locator('#status')
    .evaluate((e) => ({ state: (e as HTMLElement).dataset.state, text: e.textContent }));
  expect(status).toEqual({ state: 'ready', text: expect.stringContaining('rendered') });

  for (const view of PREVIEW_VIEWS) {
    const testId = view.panel === 'anomaly' ? 'bw-anomaly-panel' : 'bw-forecast-panel';
    await page.waitForSelector(`#panel-${view.id} [data-testid="${testId}"] .uplot canvas`);
    const box = await page.locator(`#panel-${view.id} .uplot canvas`).first().boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    // Each series is named by its legend once, not the legend twice followed by every label.
    const names = await page.locator(`#panel-${view.id} [data-testid="bw-series-name"]`).allInnerTexts();
    if (view.id === 'pods') {
      // Legend {{pod}}: the six pods, each by its name.
      expect(names.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `web-7d9c5-${i}`));
    } else {
      expect(names).toEqual([view.base.legend]);
    }
    await screenshot(page, `demo-${view.id}`, `#view-${view.id}`);
  }
  // The anomaly overlays each show the incident their caption describes, flagged.
  for (const id of ['cpu', 'latency', 'checkout']) {
    const regions = Number(/(\d+) regions? ·/.exec(await page.locator(`#panel-${id}`).innerText())?.[1] ?? NaN);
    expect({ id, flagged: regions > 0 }).toEqual({ id, flagged: true });
  }
  // The disk's time to exhaustion is shown whole, inside its panel.
  const tte = await page.locator('#panel-disk [data-testid="bw-tte"]').evaluate((e) => {
    const r = e.getBoundingClientRect();
    const panel = document.getElementById('panel-disk')!.getBoundingClientRect();
    return {
      text: e.textContent,
      whole: e.scrollWidth <= e.clientWidth && r.left >= panel.left && r.right <= panel.right,
    };
  });
  expect(tte).toEqual({ text: expect.stringMatching(/^(full (in|now)|not full within)/), whole: true });
  // Every fact line holds an answer of the companion (a number or +Inf's "not full within 30 d"), not an error.
  const facts = await page.locator('.facts li span').allTextContents();
  expect(facts).toHaveLength(PREVIEW_VIEWS.reduce((n, v) => n + v.facts.length, 0));
  for (const f of facts) {
    expect(f).toMatch(/^([+−]?\d|< 0\.0001|not full within|no sample)/);
  }
  // The disk fills at about 30 GB/day with 3-15% of 500 GB left: a finite time to exhaustion.
  expect(await page.locator('#view-disk .facts li span').first().textContent()).toMatch(/^\d+(\.\d)? (d|h|min)$/);

  await page.waitForSelector('#page-ebpf [data-testid="data-testid bw-ebpf"]');
  await screenshot(page, 'demo-ebpf', '#view-ebpf');
  await screenshot(page, 'demo-page');
  expect(errors).toEqual([]);
  await page.close();
});

it('reads one time on every view: the home page, each panel, and the companion’s own now', async () => {
  const { page, errors } = await openPreview();
  await page.waitForSelector('#page-home [data-testid="bw-home-ro-table"]');
  const home = Number(await page.locator('#view-home [data-time]').first().getAttribute('data-time'));
  const cards = await page.$$eval('section.card[data-time]', (els) => els.map((e) => Number((e as HTMLElement).dataset.time)));
  expect(cards).toEqual(PREVIEW_VIEWS.map(() => home));
  // The demo starts inside an incident, so that time is now: the companion's for a query without one.
  const res = await fetch(`${url}api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: '1' }) });
  const companionNow = ((await res.json()) as { data: { result: [number, string] } }).data.result[0];
  expect(companionNow - home).toBeGreaterThanOrEqual(0);
  expect(companionNow - home).toBeLessThan(600);
  // The same series, the same figure: db-1's volume on the home (11.9 d there beside 10.5 d in the
  // panel, when the home read the latest incident and the panels now).
  const full = (text: string | null) => /full in ([\d.]+ (d|h))/.exec(text ?? '')?.[1];
  const homeDisk = await page
    .locator('#page-home [data-testid="bw-home-ro-row"]', { hasText: 'db-1' })
    .first()
    .innerText();
  const panelDisk = await page.locator('#panel-disk [data-testid="bw-tte"]').textContent();
  // The panel, the companion's time_to_exhaustion beside it and the home page's row read the same
  // step (1 hour, the shipped recording rule's) at the same time: one figure to the printed digit. The
  // panel counted from its last point, a step aligned down from now, and read "10.0 d" beside the
  // home's "9.9 d" (CI, 2026-12-07).
  const fact = await page.locator('#view-disk .facts li span').first().textContent();
  expect(full(homeDisk)).toBeDefined();
  expect(full(panelDisk)).toBe(full(homeDisk));
  expect(fact?.trim()).toBe(full(homeDisk));
  expect(errors).toEqual([]);
  await page.close();
});

/**
 * Where a line of `el`'s text breaks inside a word (not at a space or a soft hyphen): the text before
 * each such break, from the positions of its characters. Empty when every break is between words.
 */
function midWordBreaks(el: Element): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data;
    let lastTop: number | undefined;
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      // The last box: a character just after a line break can report one at the end of the line before.
      const rects = range.getClientRects();
      const rect = rects[rects.length - 1];
      if (!rect || rect.width === 0) {
        continue; // a soft hyphen not taken, or collapsed white space
      }
      if (lastTop !== undefined && rect.top > lastTop + 1 && !/[\s\u00AD]/.test(text[i - 1]) && /\S/.test(text[i])) {
        out.push(text.slice(0, i));
      }
      lastTop = rect.top;
    }
  }
  return out;
}

it('fits a 1000 px window: whole panels, no table row cut out of line, no word or source badge cut', async () => {
  const page = await newPage(browser, { width: 1000, height: 900 });
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'loading');
  await page.waitForSelector('#page-home [data-testid="bw-home-ro-table"]');
  await page.waitForSelector('#page-ebpf [data-testid="bw-ebpf-table"]');
  // The panels and pages took the window's width: nothing scrolls sideways (they were 1160 px wide).
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // Home, Running out: each "Open" cell is a table cell of its row, so its bottom line is the row's
  // (a cell laid out as a flex box left the row; its line sat higher than the others').
  const misaligned = await page.$$eval('#page-home [data-testid="bw-home-ro-row"]', (rows) =>
    rows.flatMap((row) => {
      const bottom = row.getBoundingClientRect().bottom;
      return Array.from(row.children)
        .filter((cell) => Math.abs(cell.getBoundingClientRect().bottom - bottom) > 1)
        .map((cell) => `${row.textContent!.slice(0, 30)}… cell ${cell.textContent!.slice(0, 20)}`);
    })
  );
  expect(misaligned).toEqual([]);
  // eBPF page: an agent's name in the side-by-side header breaks between words or at a camel-case
  // join, never inside a word ("OpenTelemetr y").
  const headers = await page.$$eval(
    '#page-ebpf [data-testid="bw-ebpf-table"] thead th[data-agent]',
    (ths, fn) => {
      const breaks = new Function(`return (${fn})`)() as (el: Element) => string[];
      return ths.flatMap((th) =>
        breaks(th).map((before) => `${th.getAttribute('data-agent')}: break after "${before}"`)
      );
    },
    midWordBreaks.toString()
  );
  expect(headers).toEqual([]);
  // The Sources list names every source in full: no badge there is cut to an ellipsis.
  const cut = await page.$$eval('#page-ebpf [data-testid="bw-ebpf-sources"] [data-badge]', (badges) =>
    badges.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent)
  );
  expect(cut).toEqual([]);
  await screenshot(page, 'demo-page-1000');
  expect(errors).toEqual([]);
  await page.close();
});

it('stops cleanly on Ctrl-C (SIGINT): exit code 0 and the port is closed', async () => {
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  demo.kill('SIGINT');
  expect(await exited).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
});
