/**
 * Browser-test support: Debian's Chromium driven by playwright-core, the harness server, console
 * error capture and screenshots under test-artifacts/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { buildHarness } from '../../harness/build';
import { currentHost } from '../../harness/hosts';
import { startHarnessServer, HarnessServer } from '../../harness/server';
import { HANG_MS } from '../support/until';

export const CHROMIUM = process.env.BELLWETHER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const DIST = join(__dirname, '..', '..', 'dist');

/** Flags that keep headless Chromium quiet on a machine without outside network. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function assertPrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package "chromium" (npm test does this as root).`);
  }
  if (!existsSync(join(DIST, 'module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build` first (npm test does this).');
  }
}

export async function launchBrowser(): Promise<Browser> {
  assertPrerequisites();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: HANG_MS });
}

/**
 * A new page whose waits (navigation, selectors, waitForFunction) give up only after HANG_MS:
 * Playwright's 30 s default is a speed expectation on a busy machine.
 */
export async function newPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(HANG_MS);
  return page;
}

export interface HarnessPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** Opens the harness page of `server` and records console errors and page errors. */
export async function openHarness(browser: Browser, server: HarnessServer, viewport = { width: 1280, height: 900 }): Promise<HarnessPage> {
  const page = await newPage(browser, viewport);
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

/** The harness server of this process's host (BELLWETHER_HARNESS_HOST: react18, or react19 for Grafana 13). */
export async function startHarness(): Promise<HarnessServer> {
  const host = currentHost();
  await buildHarness(host);
  return startHarnessServer(0, [], host);
}

/**
 * Resolves once the page has painted what it has: fonts loaded and two animation frames drawn. For
 * screenshots; a wait on a condition rather than a fixed pause.
 */
export async function painted(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

/** Saves a screenshot of `selector` (or the page) as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The React 19 host's screenshots beside the React 18 host's, not over them.
  const host = currentHost() === 'react18' ? '' : `-${currentHost()}`;
  const path = join(SCREENSHOT_DIR, `${name}${host}.png`);
  if (selector) {
    await page.locator(selector).screenshot({ path });
  } else {
    await page.screenshot({ path, fullPage: true });
  }
  return path;
}

/** A browser and a harness server shared by one test file. */
export interface HarnessContext {
  browser: Browser;
  server: HarnessServer;
}

/**
 * Starts the harness server and Chromium before the file's tests and stops both after them.
 * The returned object is filled in by `beforeAll`: read its fields inside tests only.
 */
export function useHarness(): HarnessContext {
  const ctx = {} as HarnessContext;
  beforeAll(async () => {
    ctx.server = await startHarness();
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}
