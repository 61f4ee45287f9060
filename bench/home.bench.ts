/**
 * `npm run bench -- home`: the app's home page at fleet scale in Chromium (after `npm run build`):
 * 5,000 node-exporter filesystems and 2,000 CPU series (tests/support/fleet.ts) behind an
 * in-process companion with its default limits (maxSeries 1,000, so the page shards its queries).
 * Measured from mounting the page: the first rendered "Running out" table, and "Anomalous now"
 * done; cold (a new companion, empty cache) and warm (the same page opened again). The companion's
 * clock is 10 minutes past the page's time, as on a refresh within the hour (in the first minute
 * after the hour the fits are not settled yet and are computed again). Prints a table beside the
 * figures before the fast path (BEFORE) and writes bench/results/home.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startCompanion } from '../companion/src/app';
import { fromRaw } from '../companion/src/config/loadConfig';
import { silentLogger } from '../companion/src/log/logger';
import { HOME_DATASOURCE } from '../preview/home';
import { fleetUpstream } from '../tests/support/fleet';
import { launchBrowser, openHarness, startHarness } from '../tests/browser/browser';

const FILESYSTEMS = 5000;
const CPUS = 2000;

/**
 * The figures before the fast path (one run, load average 9.8): every shard fitted with the trend
 * test, and Anomalous now sent at the same time as Running out; the companion's clock on the hour.
 */
const BEFORE = { cold: { firstTableMs: 182_000, anomalousDoneMs: 184_000 }, warm: { firstTableMs: 44_000, anomalousDoneMs: 46_000 } };

export async function run(): Promise<void> {
  const load = loadavg()[0];
  const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const companion = await startCompanion(fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, cors: { allowOrigin: '*' } }), {
    logger: silentLogger,
    upstream: fleetUpstream(FILESYSTEMS, CPUS, anchor),
    now: () => anchor + 600_000,
  });
  const server = await startHarness();
  const browser = await launchBrowser();
  const rows: Array<{ cache: string; firstTableMs: number; anomalousDoneMs: number; rows: string; anomalous: string; anomalousWarnings: string[] }> = [];
  try {
    for (const cache of ['cold', 'warm']) {
      const { page } = await openHarness(browser, server);
      const t0 = await page.evaluate(
        async ({ base, ds, url, path }) => {
          const bw = (window as any).bw;
          bw.installGrafanaServices({ dataSources: [ds], companionBase: url });
          const mod = await bw.loadPlugin(`${base}/dist/module.js`);
          const start = performance.now();
          bw.renderPage(mod.plugin, { path, theme: 'dark' });
          return start;
        },
        { base: server.url, ds: HOME_DATASOURCE, url: companion.url, path: `/overview?mem=0&time=${anchor / 1000}&sel=CPU=instance:node_cpu_utilisation:rate5m` }
      );
      await page.waitForSelector('[data-testid="bw-home-ro-summary"], [data-testid="bw-home-ro-error"]');
      // The scan of 2,000 series can outlast the harness's hang bound on a loaded machine: wait for it
      // (a failed shard ends as a counted warning, so it does end), up to 30 minutes.
      await page.waitForSelector('[data-testid="bw-home-an-summary"]', { timeout: 30 * 60_000 });
      const out = await page.evaluate((start) => ({
        firstTableMs: (window as any).__bwHomeFirstTableMs as number,
        anomalousDoneMs: performance.now() - start,
        rows: document.querySelector('[data-testid="bw-home-ro-summary"]')?.textContent?.split(':')[0] ?? 'error',
        anomalous: document.querySelector('[data-testid="bw-home-an-summary"]')?.textContent?.split('(')[0].trim() ?? '',
        // What failed in the scan, with its counts (shards that ran into the companion's query timeout).
        anomalousWarnings: [...document.querySelectorAll('[data-testid="bw-home-an-error"]')].map((e) => e.textContent ?? ''),
      }), t0);
      rows.push({ cache, ...out });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await companion.close();
  }
  const loadEnd = loadavg()[0];
  process.stdout.write(`home page on ${FILESYSTEMS} filesystems and ${CPUS} CPU series (load average ${load.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end)\n`);
  process.stdout.write('cache  first table ms  (before)  anomalous now done ms  (before)  running out          anomalous now\n');
  for (const r of rows) {
    const b = BEFORE[r.cache as keyof typeof BEFORE];
    process.stdout.write(
      `${r.cache.padEnd(5)}  ${r.firstTableMs.toFixed(0).padStart(14)}  ${String(b.firstTableMs).padStart(8)}  ${r.anomalousDoneMs.toFixed(0).padStart(21)}  ${String(b.anomalousDoneMs).padStart(8)}  ${r.rows.padEnd(19)}  ${r.anomalous}\n`
    );
    r.anomalousWarnings.forEach((w) => process.stdout.write(`       ${w}\n`));
  }
  const outDir = join(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'home.json'), JSON.stringify({ filesystems: FILESYSTEMS, cpus: CPUS, loadAverage: { start: load, end: loadEnd }, rows, before: BEFORE }, null, 2));
}
