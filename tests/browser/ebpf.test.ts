/**
 * The eBPF agent overhead page, rendered from the built app plugin in Chromium: reference figures
 * with their citations, the weighted score and the cost view, then harness result files imported by
 * file and by URL. Screenshots in light and dark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HarnessServer } from '../../harness/server';
import { launchBrowser, openHarness, painted, screenshot } from './browser';
import { barValues, cellFigures, EBPF_SECTIONS, median, placeSection, renderEbpfPage, spacedText, startEbpfHarness, TESTDATA, typeNumber } from './ebpfPage';

let browser: Browser;
let server: HarnessServer;

beforeAll(async () => {
  server = await startEbpfHarness();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const VIEW = { width: 1400, height: 1000 };

// The page grows with its content, as in Grafana; a user scrolls the document to each section.
it('scrolls to every section of the page and shows it whole', async () => {
  const { page, errors } = await openHarness(browser, server, VIEW);
  await renderEbpfPage(page, server.url, 'dark', 'auto');
  for (const testId of EBPF_SECTIONS) {
    const start = await placeSection(page, '', testId, 'start');
    expect({ testId, clippedBy: start.clippedBy }).toEqual({ testId, clippedBy: [] });
    expect(start.height).toBeGreaterThan(0);
    expect(start.left).toBeGreaterThanOrEqual(0);
    expect(start.right).toBeLessThanOrEqual(VIEW.width);
    expect(start.top).toBeGreaterThanOrEqual(-0.5);
    expect(start.top).toBeLessThan(VIEW.height);
    // Its bottom edge can be scrolled into view as well.
    const end = await placeSection(page, '', testId, 'end');
    expect({ testId, clippedBy: end.clippedBy }).toEqual({ testId, clippedBy: [] });
    expect(end.bottom).toBeGreaterThan(0);
    expect(end.bottom).toBeLessThanOrEqual(VIEW.height + 0.5);
  }
  expect(errors).toEqual([]);
  await page.close();
});

describe('reference figures', () => {
  it('fits the side-by-side table in a 1280 px wide page, without scrolling sideways', async () => {
    // Before: seven 150 px agent columns and unwrapped figures scrolled the table sideways at 1280 px.
    const { page, errors } = await openHarness(browser, server, { width: 1280, height: 1000 });
    await renderEbpfPage(page, server.url, 'light');
    // The harness's own page element is wider than the window (1378 px), so this checks the table
    // against its container, not the window.
    const overflow = await page.$eval('[data-testid="bw-ebpf-table"]', (t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
    expect(overflow).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(['dark', 'light'] as const)('shows every published figure with its source, in %s', async (theme) => {
    const { page, errors } = await openHarness(browser, server, VIEW);
    await renderEbpfPage(page, server.url, theme);
    const agents = await page.$$eval('[data-testid="bw-ebpf-table"] thead th[data-agent]', (els) => els.map((e) => e.getAttribute('data-agent')));
    expect(agents).toEqual(['Beyla', 'Tetragon', 'Parca', 'Pixie', 'Datadog APM', 'New Relic APM', 'OpenTelemetry Java agent']);
    // reference.json: Beyla 0.5 % in the seed report (no published methodology: a report claim) and
    // 0.5 % in Beyla's docs (a vendor claim), each with its badge.
    expect(await cellFigures(page, 'agentCpuPercentOfNode', 'Beyla')).toEqual([
      '0.5 % of node report claim: seed-report',
      '0.5 % of node vendor claim: beyla-docs',
    ]);
    // Pixie docs publish 2–5 %: shown as the range, drawn at its midpoint with a whisker.
    expect(await cellFigures(page, 'agentCpuPercentOfNode', 'Pixie')).toContain('3.5 % of node (2 – 5) vendor claim: pixie-docs');
    expect(await cellFigures(page, 'agentCpuPercentOfNode', 'Parca')).toContain('≤ 1 % of node vendor claim: polarsignals-docs');
    const cpu = await barValues(page, 'cpu-percent');
    expect(cpu['Pixie|pixie-docs']).toBe(3.5);
    expect(cpu['Datadog APM|seed-report']).toBe(5);
    expect((await barValues(page, 'memory'))['Pixie|as stated · seed-report']).toBe(1536);
    // No measured or live figure without files or a data source.
    const kinds = await page.$$eval('[data-testid="bw-ebpf-figure"]', (els) => [...new Set(els.map((e) => e.getAttribute('data-source-kind')))]);
    expect(kinds).toEqual(['reference']);
    // The citations are on the page, in full.
    const sources = await page.textContent('[data-testid="bw-ebpf-sources"]');
    expect(sources).toContain("Internal milestone report 'P0-4 eBPF performance benchmark' (2025-10-09)");
    expect(sources).toContain('Pixie documentation (what-is-pixie, FAQ)');
    await painted(page);
    await screenshot(page, `ebpf-reference-${theme}`, '[data-testid="data-testid bw-ebpf"]');
    await screenshot(page, `ebpf-reference-charts-${theme}`, '[data-testid="bw-ebpf-charts"]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reproduces the reference score table with equal weights and re-ranks with other weights', async () => {
    const { page, errors } = await openHarness(browser, server, VIEW);
    await renderEbpfPage(page, server.url, 'dark');
    const scores = () =>
      page.$$eval('[data-testid="bw-ebpf-score-row"]', (els) => els.map((e) => [e.getAttribute('data-agent'), Number(e.getAttribute('data-score'))]));
    // The seed report's composite (reference.json scoreTable.note): Beyla 89.5, Tetragon 87.5, Parca 85.5, Pixie 80.0, Datadog 72.5.
    expect(await scores()).toEqual([
      ['Beyla', 89.5],
      ['Tetragon', 87.5],
      ['Parca', 85.5],
      ['Pixie', 80],
      ['Datadog APM', 72.5],
    ]);
    // Only memory efficiency counts: Beyla 95, Tetragon 90, Parca 85, Pixie 60, Datadog 55.
    await typeNumber(page, 'bw-ebpf-weight-cpu_efficiency', 0);
    await typeNumber(page, 'bw-ebpf-weight-features', 0);
    await typeNumber(page, 'bw-ebpf-weight-ease_of_use', 0);
    expect(await scores()).toEqual([
      ['Beyla', 95],
      ['Tetragon', 90],
      ['Parca', 85],
      ['Pixie', 60],
      ['Datadog APM', 55],
    ]);
    // Features 3 : ease of use 1 → Pixie (95·3 + 90)/4 = 93.75 first, Beyla (70·3 + 95)/4 = 76.25 last.
    await typeNumber(page, 'bw-ebpf-weight-memory_efficiency', 0);
    await typeNumber(page, 'bw-ebpf-weight-features', 3);
    await typeNumber(page, 'bw-ebpf-weight-ease_of_use', 1);
    const ranked = await scores();
    expect(ranked[0]).toEqual(['Pixie', 93.75]);
    expect(ranked[ranked.length - 1]).toEqual(['Beyla', 76.25]);
    // All weights 0 is an error message, not a crash.
    await typeNumber(page, 'bw-ebpf-weight-features', 0);
    await typeNumber(page, 'bw-ebpf-weight-ease_of_use', 0);
    expect(await page.textContent('[data-testid="bw-ebpf-score"]')).toContain('at least one weight must be above 0');
    await page.getByRole('button', { name: 'Equal weights' }).click();
    expect((await scores())[0]).toEqual(['Beyla', 89.5]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prices the overhead per year from the inputs', async () => {
    const { page, errors } = await openHarness(browser, server, VIEW);
    await renderEbpfPage(page, server.url, 'dark');
    await typeNumber(page, 'bw-ebpf-cost-nodes', 100);
    await typeNumber(page, 'bw-ebpf-cost-cores', 8);
    await typeNumber(page, 'bw-ebpf-cost-core-price', 0.04);
    await typeNumber(page, 'bw-ebpf-cost-gb-price', 0.005);
    const row = page.locator('[data-testid="bw-ebpf-cost-row"][data-agent="Beyla"]').first();
    // Seed report: 0.5 % of 8 cores = 0.04 cores → 0.04 × 100 × 0.04 × 8760 = 1,401.6;
    // 58 MiB = 0.056640625 GiB → 0.056640625 × 100 × 0.005 × 8760 = 248.09; total 1,649.69.
    expect(Number(await row.getAttribute('data-total'))).toBeCloseTo(1649.6859375, 6);
    expect(await spacedText(page, '[data-testid="bw-ebpf-cost-row"][data-agent="Beyla"]')).toBe('Beyla report claim: seed-report 0.04 0.0566 1,402 248 1,650');
    // Pixie's docs: 2–5 % of a node (0.16–0.4 cores, 5,606–14,016 a year) and only a default memory
    // limit, shown but not priced; Parca's "less than 1 %": at most 0.08 cores, 2,803 a year.
    const rowsOf = (agent: string) =>
      page.$$eval(`[data-testid="bw-ebpf-cost-row"][data-agent="${agent}"]`, (rs) =>
        rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim()).join(' | '))
      );
    expect(await rowsOf('Pixie')).toContain(
      'Pixie | vendor claim: pixie-docs | 0.16–0.4 | limit 2, not usage | 5,606–14,016 | not priced | 5,606–14,016 (CPU only)'
    );
    expect(await rowsOf('Parca')).toContainEqual(expect.stringMatching(/ \| ≤ 0\.08 \| not stated \| ≤ 2,803 \| not stated \| ≤ 2,803 \(CPU only\)$/));
    await typeNumber(page, 'bw-ebpf-cost-nodes', 200);
    expect(Number(await row.getAttribute('data-total'))).toBeCloseTo(2 * 1649.6859375, 6);
    await page.locator('[data-testid="bw-ebpf-cost-core-price"]').fill('');
    expect(await page.textContent('[data-testid="bw-ebpf-cost"]')).toContain('pricePerCoreHour must be a finite number');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('measured result files', () => {
  const baseline = JSON.parse(readFileSync(join(TESTDATA, 'loopback-baseline.json'), 'utf8'));
  const agent = JSON.parse(readFileSync(join(TESTDATA, 'loopback-agent.json'), 'utf8'));
  const runs = (f: any, get: (r: any) => number) => f.runs.map(get) as number[];

  it.each(['dark', 'light'] as const)('imports a baseline by file and an agent by URL and shows medians, deltas and significance, in %s', async (theme) => {
    const { page, errors } = await openHarness(browser, server, VIEW);
    await renderEbpfPage(page, server.url, theme);
    await page.setInputFiles('[data-testid="bw-ebpf-import-file"]', join(TESTDATA, 'loopback-baseline.json'));
    const url = `${server.url}/fixtures/loopback-agent.json`;
    await page.fill('[data-testid="bw-ebpf-import-url"]', url);
    await page.click('[data-testid="bw-ebpf-import-url-load"]');
    await page.waitForSelector('[data-testid="bw-ebpf-table"] th[data-agent="synthetic agent"]');
    const loaded = await page.textContent('[data-testid="bw-ebpf-loaded"]');
    expect(loaded).toContain('baseline (baseline)');
    expect(loaded).toContain('loopback-baseline.json');
    expect(loaded).toContain(url);

    // Agent CPU: median of the three runs recorded in the file (the fake agent burns 0.25 core).
    const cores = await barValues(page, 'cpu-cores');
    expect(cores['synthetic agent|avg · loopback-agent.json @100/s']).toBeCloseTo(median(runs(agent, (r) => r.agent.cpuCores)), 12);
    const pct = await barValues(page, 'cpu-percent');
    expect(pct['synthetic agent|loopback-agent.json @100/s']).toBeCloseTo((median(runs(agent, (r) => r.agent.cpuCores)) / agent.meta.host.cpus) * 100, 10);

    // p99 delta: medians 58 − 20 = +38 ms; the baseline's runs span 7..32 ms (spread 25) → significant.
    const p99 = median(runs(agent, (r) => r.client.latencyMs.p99)) - median(runs(baseline, (r) => r.client.latencyMs.p99));
    expect(p99).toBe(38);
    expect((await barValues(page, 'latency-ms'))['synthetic agent|p99 · loopback-agent.json @100/s']).toBe(38);
    const p99Cell = await cellFigures(page, 'p99DeltaMs', 'synthetic agent');
    expect(p99Cell).toEqual(['+38 ms measured: loopback-agent.json @100/s']);

    // Achieved rate: the agent's median differs from the baseline's by less than the baseline's spread → not significant.
    const base = runs(baseline, (r) => r.client.achievedRps);
    const d = median(runs(agent, (r) => r.client.achievedRps)) - median(base);
    expect(Math.abs(d)).toBeLessThanOrEqual(Math.max(...base) - Math.min(...base));
    const rateCell = await page.locator('tr[data-metric="achievedRpsDeltaPercent"] td[data-agent="synthetic agent"] [data-testid="bw-ebpf-figure"]');
    expect(await rateCell.getAttribute('data-significant')).toBe('false');
    expect(await rateCell.textContent()).toContain('not significant');

    // Latency distribution: baseline and agent lines over the recorded percentiles.
    const lines = await page.$$eval('[data-testid="bw-ebpf-latency-line"]', (els) => els.map((e) => e.getAttribute('data-name')));
    expect(lines).toEqual(['baseline (baseline)', 'synthetic agent']);

    // Comparability: the recorded runs are 2 s long on a shared VM, but same host and load → no warning about hosts.
    expect(await page.locator('[data-testid="bw-ebpf-warnings"]').count()).toBe(0);

    // Measured only.
    await page.locator('[data-testid="bw-ebpf-show-reference"]').uncheck({ force: true });
    const kinds = await page.$$eval('[data-testid="bw-ebpf-figure"]', (els) => [...new Set(els.map((e) => e.getAttribute('data-source-kind')))]);
    expect(kinds).toEqual(['measured']);
    await painted(page);
    await screenshot(page, `ebpf-measured-${theme}`, '[data-testid="data-testid bw-ebpf"]');
    await screenshot(page, `ebpf-measured-charts-${theme}`, '[data-testid="bw-ebpf-charts"]');
    await screenshot(page, `ebpf-measured-cost-${theme}`, '[data-testid="bw-ebpf-cost"]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the problem of a file that is not a result file and keeps the page working', async () => {
    const { page, errors } = await openHarness(browser, server, VIEW);
    await renderEbpfPage(page, server.url, 'dark');
    await page.setInputFiles('[data-testid="bw-ebpf-import-file"]', [
      { name: 'autocannon-100rps.json', mimeType: 'application/json', buffer: readFileSync(join(TESTDATA, 'autocannon-100rps.json')) },
      { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"schema": "bellwether.ebpf-bench/v1", ') },
    ]);
    const msg = await page.locator('[data-testid="bw-ebpf-import-errors"]').textContent();
    expect(msg).toContain('autocannon-100rps.json: $.schema: expected "bellwether.ebpf-bench/v1"');
    expect(msg).toContain('broken.json: not JSON');
    // An agent file alone asks for a baseline.
    await page.setInputFiles('[data-testid="bw-ebpf-import-file"]', join(TESTDATA, 'loopback-agent.json'));
    await page.waitForSelector('text=Import a baseline file');
    await page.fill('[data-testid="bw-ebpf-import-url"]', `${server.url}/fixtures/missing.json`);
    await page.click('[data-testid="bw-ebpf-import-url-load"]');
    await page.waitForSelector('text=missing.json: HTTP 404');
    // The failed fetch logs a console error by design of the browser; only that one is expected.
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    await page.close();
  });
});
