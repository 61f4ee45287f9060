/**
 * The app's home page in Chromium, light and dark:
 * - on the demo (`bellwether demo`, what `npm start` runs): the demo's disk, leak and leaking
 *   container in "Running out", an incident in "Anomalous now", the setup checks; the row's time agrees with the
 *   companion's time_to_exhaustion for the same series and options (one engine);
 * - on a generated fleet of 5,000 filesystems (tests/support/fleet.ts) behind an in-process
 *   companion with its default limits: every series counted in the right alert tier, soonest first;
 * - bad states as messages: no data source, companion down, a selector with no match.
 * Screenshots of each section on the demo go to docs/img/home-*.png (`npm run screenshots` runs this
 * file); the fleet's go to the test artefacts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type Companion, startCompanion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { silentLogger } from '../../companion/src/log/logger';
import { HOME_DATASOURCE, HOME_LEAK_PAIR } from '../../preview/home';
import { parseValue } from '../../src/common/promValue';
import { growthVerdict } from '../../src/common/growthVerdict';
import { formatP } from '../../src/common/pValue';
import { exhaustionText, RESETS_FIRST } from '../../src/pages/home/format';
import { TTE_OPTIONS, tteQuery } from '../../src/pages/home/runningOut';
import { type CapacityPair, CONTAINER_MEMORY, FILESYSTEMS as FS_PAIR, userPair } from '../../src/pages/home/selectors';
import { fleetHoursToFull, fleetUpstream } from '../support/fleet';
import { newPage, openHarness, painted, screenshot, useHarness } from './browser';
import { type Demo, startDemo } from './demoProcess';

const DOCS_IMG = join(__dirname, '..', '..', 'docs', 'img');
/** `npm run screenshots` pins the preview's time so these pictures and the panels' show one moment. */
const PINNED_NOW = process.env.BELLWETHER_SCREENSHOT_NOW;
const h = useHarness();
/** The preview's capacity pair (api memory against 1 GB), as the page reads it from its URL. */
const LEAK_PAIR = userPair(HOME_LEAK_PAIR, 0) as CapacityPair;
const THEMES = ['light', 'dark'] as const;
const PG =
  'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs", device="/dev/nvme1n1", fstype="ext4", instance="db-1:9100", job="node", mountpoint="/var/lib/postgresql"}';

/**
 * Checks a row's trend cell against the companion's answer: time to exhaustion's own test (`gate`),
 * its verdict ("filling" for a filesystem, "no trend toward the limit" beside the time's "no trend"),
 * the rate per day in SI bytes to its printed digits, the one-sided p-value and its level, the reset
 * note. (The page's own formatter needs Grafana's units, which do not load outside a browser.)
 */
function expectTrendCell(
  cell: string,
  a: {
    gate?: { slope: string; pvalue: string; acrossDays: boolean; significant: boolean };
    verdict?: string;
    sinceReset: boolean;
  },
  pair: CapacityPair
): void {
  if (!a.gate) {
    expect(cell).toBe('no trend test (too little data)');
    return;
  }
  const slope = parseValue(a.gate.slope);
  const p = parseValue(a.gate.pvalue);
  const verdict = !a.gate.significant
    ? 'no trend toward the limit'
    : a.verdict === 'no_trend'
      ? `${growthVerdict(pair.kind)} between resets that recur clear of the limit`
      : growthVerdict(pair.kind);
  // What the series does, unsigned: "headroom falling 37.6 MB/day", never "leak, −37.6 MB/day".
  const shape =
    /^(.+), (usage|headroom|free space) (rising|falling) ([\d.]+) ([kMGT]?)B\/day, (p .+?) \(one-sided at 0\.5 %(, across daily cycles)?\)(, since the last reset)?$/;
  expect(cell).toMatch(shape);
  const [, word, noun, moving, digits, prefix, pText, days, reset] = shape.exec(cell)!;
  expect(word).toBe(verdict);
  expect(noun).toBe(pair.direction === 'up' ? 'usage' : pair.kind === 'filesystem' ? 'free space' : 'headroom');
  expect(moving).toBe(slope > 0 ? 'rising' : 'falling');
  const perDay = Math.abs(slope) * 86400;
  const scale = 1000 ** ' kMGT'.indexOf(prefix || ' ');
  // The printed digits: the rate rounded to them (three significant digits at most).
  expect(Math.abs(perDay / scale - Number(digits))).toBeLessThanOrEqual(
    0.5 * 10 ** -(digits.split('.')[1]?.length ?? 0) + 1e-9
  );
  expect(pText).toBe(formatP(p));
  expect(Boolean(days)).toBe(a.gate.acrossDays);
  expect(Boolean(reset)).toBe(a.sinceReset);
}

/** Console and page errors of `page`. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  return errors;
}

/** Waits until every section has its answer (no loading placeholders, sparklines drawn). */
async function homeSettled(page: Page, root: string): Promise<void> {
  await page.waitForSelector(`${root} [data-testid="bw-home-setup"] li`);
  await page.waitForSelector(`${root} [data-testid="bw-home-ro-summary"], ${root} [data-testid="bw-home-ro-empty"]`);
  await page.waitForSelector(`${root} [data-testid="bw-home-an-summary"]`);
  await page.waitForFunction(
    (r) => document.querySelectorAll(`${r} [data-testid="bw-sparkline-loading"]`).length === 0,
    root
  );
  await painted(page);
}

async function shoot(page: Page, selector: string, name: string): Promise<void> {
  await page.locator(selector).screenshot({ path: join(DOCS_IMG, `${name}.png`) });
}

const rowTexts = (page: Page, root: string) =>
  page.locator(`${root} [data-testid="bw-home-ro-row"]`).evaluateAll((rows) =>
    rows.map((r) => ({
      tier: (r as HTMLElement).dataset.tier,
      cells: [...r.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    }))
  );

describe('on the demo', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(() => demo?.stop());

  for (const theme of THEMES) {
    it(`shows the demo's disk, leak and an incident, and the setup checks (${theme})`, async () => {
      const page = await newPage(h.browser, { width: 1280, height: 900 });
      const errors = collectErrors(page);
      await page.goto(`${demo.url}?theme=${theme}${PINNED_NOW ? `&now=${PINNED_NOW}` : ''}`);
      await homeSettled(page, '#view-home');
      const rows = await rowTexts(page, '#view-home');
      const at = Number(await page.locator('#view-home [data-time]').first().getAttribute('data-time'));
      // Every view reads one time: now while the quick start's live incident is under way (no
      // sentence), else the latest incident, said with its time (preview/home.ts pageTime).
      const shownAt =
        /Shown at the latest demo incident, \d{4}-\d\d-\d\d \d\d:\d\d UTC: the home and the capacity views/;
      const caption = (await page.locator('#view-home .caption').textContent()) ?? '';
      if (PINNED_NOW) {
        expect(caption).toMatch(shownAt);
      } else {
        expect(caption).toMatch(new RegExp(`the setup checks\\. (${shownAt.source}[^]*)?$`));
      }
      // One engine: each row says what the companion's time_to_exhaustion and trend test say for
      // that series, with the page's options, at the page's time.
      const companion = async (path: string, query: string) => {
        const res = await fetch(`${demo.url}${path}`, {
          method: 'POST',
          body: new URLSearchParams({ query, time: String(at) }),
        });
        return (await res.json()).data.result as any[];
      };
      const disk = rows.find((r) => r.cells[0] === 'db-1:9100 /var/lib/postgresql' + 'Filesystems')!;
      const [fs] = await companion(
        'api/v1/bellwether/exhaustion',
        `time_to_exhaustion(${PG}, 0, "direction=down ${TTE_OPTIONS}")`
      );
      const [instant] = await companion(
        'api/v1/query',
        `time_to_exhaustion(${PG}, 0, "direction=down ${TTE_OPTIONS}")`
      );
      expect(Number(fs.seconds)).toBe(parseValue(instant.value[1])); // the endpoint's time is the function's
      expect(disk.cells[1]).toBe(
        exhaustionText(parseValue(fs.seconds), parseValue(fs.lower), parseValue(fs.upper), fs.verdict)
      );
      expectTrendCell(disk.cells[2], fs, FS_PAIR);
      // Under two days the page counts hours (a pinned time may fall late in the volume's fill), and
      // writes the interval in the unit of the time, as the forecast panel does.
      expect(disk.cells[1]).toMatch(
        /^full in [\d.]+ (d|h) \(([\d.]+–[\d.]+ (d|h)|[\d.]+ (d|h) or later|± under [\d.]+ (d|h))\)$/
      );
      const leak = rows.find((r) => r.cells[0].startsWith('instance=api-1:8080'))!;
      const mem = (
        await companion(
          'api/v1/bellwether/exhaustion',
          `time_to_exhaustion(process_resident_memory_bytes{job="api"}, 1000000000, "direction=up ${TTE_OPTIONS}")`
        )
      ).find((r) => r.metric.instance === 'api-1:8080');
      expect(leak.cells[1]).toBe(
        exhaustionText(
          parseValue(mem.seconds),
          parseValue(mem.lower),
          parseValue(mem.upper),
          mem.verdict,
          mem.gate,
          mem.sinceReset
        )
      );
      // The engine's verdict, in words: a +Inf with no trend toward the limit (api-1 just after its
      // restart) is "no trend", never "not within 30 d" beside "no trend test"; a leak whose restarts
      // recur clear of the limit is "not full before the next reset", never "no trend" beside "leak".
      const noTrend = mem.gate?.significant ? (mem.sinceReset ? RESETS_FIRST : 'not within 30 d') : 'no trend';
      expect(leak.cells[1]).toBe(
        { no_trend: noTrend, beyond_horizon: 'not within 30 d' }[mem.verdict as string] ?? leak.cells[1]
      );
      expectTrendCell(leak.cells[2], mem, LEAK_PAIR);
      // The sparkline says what the time cell says: beside "not full before the next reset" its
      // forecast ends at that reset below the limit (SVG y grows downward), never past the limit.
      if (leak.cells[1] === RESETS_FIRST) {
        const spark = page.locator('#view-home [data-testid="bw-home-ro-row"]', { hasText: 'instance=api-1:8080' });
        const attr = async (id: string, a: string) =>
          Number(await spark.locator(`[data-testid="${id}"]`).getAttribute(a));
        expect(await attr('bw-sparkline-forecast', 'y2')).toBeGreaterThan(await attr('bw-sparkline-capacity', 'y1'));
        expect(mem.nextReset).toBeDefined();
        expect(await spark.locator('[data-testid="bw-sparkline-reset"]').count()).toBe(
          parseValue(mem.nextReset) < at + 7 * 86400 ? 1 : 0
        );
      }
      // The trend in the pair's unit (its metric is *_bytes), never a bare "+143 M/d".
      if (mem.gate) {
        expect(leak.cells[2]).toMatch(/ [kMG]B\/day, /);
      }
      // The web server's root disk is flat: the engine finds no trend toward 0 bytes free.
      const [web] = await companion(
        'api/v1/bellwether/exhaustion',
        `time_to_exhaustion(node_filesystem_avail_bytes{instance="web-1:9100", mountpoint="/"}, 0, "direction=down ${TTE_OPTIONS}")`
      );
      expect(web.verdict).toBe('no_trend');
      expect(rows.find((r) => r.cells[0].startsWith('web-1:9100 /'))!.cells[1]).toBe('no trend');
      // Soonest first, coloured by the shipped tiers' windows.
      for (const r of rows) {
        expect(r.tier).toEqual(
          r.cells[1].startsWith('full in')
            ? expect.stringMatching(/critical|warning|info/)
            : r.cells[1] === 'no trend' || r.cells[1] === RESETS_FIRST
              ? 'none'
              : 'ok'
        );
      }

      // The default Container memory pair reads the demo's Kubernetes series (before, it read "no
      // series match kube_pod_container_resource_limits…"): store's leaking cart, as the companion says.
      expect(await page.locator('#view-home [data-testid="bw-home-ro-note"]').allInnerTexts()).toEqual([]);
      const cartRow = rows.find((r) => r.cells[0] === 'store cart-5f6d8-x2k4q cart' + 'Container memory')!;
      const cart = (await companion('api/v1/bellwether/exhaustion', tteQuery(CONTAINER_MEMORY))).find(
        (r) => r.metric.container === 'cart'
      );
      expect(cartRow.cells[1]).toBe(
        exhaustionText(
          parseValue(cart.seconds),
          parseValue(cart.lower),
          parseValue(cart.upper),
          cart.verdict,
          cart.gate,
          cart.sinceReset
        )
      );
      expectTrendCell(cartRow.cells[2], cart, CONTAINER_MEMORY);
      expect(rows.filter((r) => r.cells[0].endsWith('Container memory'))).toHaveLength(5);
      // The incident the preview pinned the page to.
      const anomalies = page.locator('#view-home [data-testid="bw-home-an-row"]');
      expect(await anomalies.count()).toBeGreaterThan(0);
      const first = await anomalies.first().locator('td').allInnerTexts();
      expect(first[0]).toMatch(/^(CPU|Latency p99)$/);
      expect(first[2]).toMatch(/^(over )?\d+(\.\d)? (min|h)$/);
      expect(first[3]).toMatch(/^[a-z ]+$/);
      // The demo serves every default golden signal (node memory too), so none reads "no series match".
      expect(await page.locator('#view-home [data-testid="bw-home-an-nomatch"]').allInnerTexts()).toEqual([]);

      const checks = await page
        .locator('#view-home [data-testid="bw-home-setup"] li')
        .evaluateAll((ls) =>
          ls.map((l) => [(l as HTMLElement).dataset.check, (l as HTMLElement).dataset.state, l.textContent])
        );
      expect(checks.map(([id, state]) => `${id}:${state}`)).toEqual([
        'datasource:ok',
        'companion:ok',
        'recording:warn',
        'alerts:unknown',
        // The preview lists no Prometheus data source, so no rules API to ask.
        'dsrules:unknown',
        // No Grafana runs behind the preview: its stand-in answers no /api/health.
        'grafana:unknown',
      ]);
      expect(checks[1][2]).toMatch(/Bellwether \d+\.\d+\.\d+, reading from demo/);
      // The demo configures no recording rules, and the check says that, not "or the companion just started".
      expect(checks[2][2]).toMatch(/no recording rules configured.*Fix: Add rules\.series/);
      expect(checks[4][2]).toMatch(/Not checked: Grafana has no Prometheus data source/);
      expect(checks[5][2]).toMatch(/no Grafana server answered \/api\/health/);

      await shoot(page, '#view-home [data-testid="bw-home-running-out"]', `home-running-out-${theme}`);
      await shoot(page, '#view-home [data-testid="bw-home-anomalous"]', `home-anomalous-${theme}`);
      await shoot(page, '#view-home [data-testid="bw-home-setup"]', `home-setup-${theme}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('says when a selector matches nothing, and keeps the sort in the URL state', async () => {
    // The demo upstream in-process, with CORS for the harness's origin.
    const demoCompanion = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, cors: { allowOrigin: '*' } }),
      { logger: silentLogger }
    );
    const { page, errors } = await openHarness(h.browser, h.server);
    await page.evaluate(
      async ({ base, ds, companion }) => {
        const bw = (window as any).bw;
        bw.installGrafanaServices({ dataSources: [ds], companionBase: companion });
        const mod = await bw.loadPlugin(`${base}/dist/module.js`);
        bw.renderPage(mod.plugin, {
          path: '/overview?sort=name&mem=0&sel=Nothing=no_such_metric_anywhere',
          theme: 'light',
        });
      },
      { base: h.server.url, ds: HOME_DATASOURCE, companion: demoCompanion.url }
    );
    await homeSettled(page, '#page');
    expect(await page.locator('[data-testid="bw-home-an-nomatch"]').allInnerTexts()).toEqual([
      'Nothing: no series match no_such_metric_anywhere.',
    ]);
    expect(await page.locator('[data-testid="bw-home-an-summary"]').innerText()).toMatch(
      /^0 of 0 series anomalous now/
    );
    const names = (await rowTexts(page, '#page')).map((r) => r.cells[0]);
    expect(names).toEqual(['db-1:9100 /var/lib/postgresqlFilesystems', 'web-1:9100 /Filesystems']); // by name, as the URL says
    await page.getByRole('radio', { name: 'Soonest first' }).check();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="bw-home-ro-row"] td')?.textContent?.startsWith('db-1')
    );
    expect(errors).toEqual([]);
    await page.close();
    await demoCompanion.close();
  });
});

describe('bad states are messages', () => {
  it('no data source', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await page.evaluate(async (base) => {
      const bw = (window as any).bw;
      bw.installGrafanaServices({ dataSources: [], companionBase: '' });
      const mod = await bw.loadPlugin(`${base}/dist/module.js`);
      bw.renderPage(mod.plugin, { path: '/overview', theme: 'dark' });
    }, h.server.url);
    await page.waitForSelector('[data-testid="bw-home-no-ds"]');
    await page.waitForSelector('[data-check="datasource"][data-state="fail"]');
    expect(await page.locator('[data-check="datasource"]').innerText()).toMatch(
      /No Bellwether ML data source exists\. Fix: Add one under Connections/
    );
    expect(await page.locator('[data-testid="bw-home-running-out"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('companion down', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await page.evaluate(
      async ({ base, ds }) => {
        const bw = (window as any).bw;
        // Port 9 (discard) on loopback: nothing listens, the connection is refused.
        bw.installGrafanaServices({ dataSources: [ds], companionBase: 'http://127.0.0.1:9' });
        const mod = await bw.loadPlugin(`${base}/dist/module.js`);
        bw.renderPage(mod.plugin, { path: '/overview', theme: 'light' });
      },
      { base: h.server.url, ds: HOME_DATASOURCE }
    );
    await page.waitForSelector('[data-testid="bw-home-companion-down"]');
    expect(await page.locator('[data-check="companion"]').getAttribute('data-state')).toBe('fail');
    expect(await page.locator('[data-check="companion"]').innerText()).toMatch(
      /Unreachable: the companion is unreachable \(HTTP 502.*Fix: Start it/
    );
    await page.waitForSelector('[data-testid="bw-home-ro-error"]');
    // Every pair and selector fails the same way: one alert per section says it once, with the count.
    expect(await page.locator('[data-testid="bw-home-ro-error"]').allInnerTexts()).toEqual([
      expect.stringMatching(/^the companion is unreachable.*\(2 queries: Filesystems, Container memory\)$/),
    ]);
    await page.waitForSelector('[data-testid="bw-home-an-error"]');
    expect(await page.locator('[data-testid="bw-home-an-error"]').allInnerTexts()).toEqual([
      expect.stringMatching(/^the companion is unreachable.*\(5 queries: CPU, Memory, Latency p99, Traffic, Errors\)$/),
    ]);
    // The browser logs refused connections itself; nothing else may fail.
    expect(errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});

describe('on a fleet of 5,000 filesystems', () => {
  const FLEET_HANG_MS = 30 * 60_000;
  const FILESYSTEMS = 5000;
  const CPUS = 200;
  const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  let companion: Companion;
  beforeAll(async () => {
    // The companion's default limits (maxSeries 1,000): the page must shard the selector.
    // No query timeout in the way on a busy shared machine (the test is about answers, not speed;
    // `npm run bench -- home` times the page with the default limits).
    companion = await startCompanion(
      fromRaw({
        listen: { port: 0 },
        upstream: { type: 'demo' },
        cors: { allowOrigin: '*' },
        limits: { queryTimeout: '1h' },
      }),
      { logger: silentLogger, upstream: fleetUpstream(FILESYSTEMS, CPUS, anchor), now: () => anchor }
    );
  });
  afterAll(async () => companion?.close());

  const expected = { critical: 0, warning: 0, info: 0 };
  for (let i = 0; i < FILESYSTEMS; i++) {
    const hours = fleetHoursToFull(i);
    if (hours < 4) {
      expected.critical++;
    } else if (hours < 48) {
      expected.warning++;
    } else if (hours < 720) {
      expected.info++;
    }
  }

  for (const theme of THEMES) {
    it(
      `counts every filesystem in its alert tier and lists the soonest first (${theme})`,
      async () => {
        const { page, errors } = await openHarness(h.browser, h.server);
        // The cold Anomalous-now scan replays each CPU series' lead-in in this test's own process; on a
        // busy machine that alone can pass HANG_MS. Its waits give up only at FLEET_HANG_MS, a hang guard.
        page.setDefaultTimeout(FLEET_HANG_MS);
        await page.evaluate(
          async ({ base, ds, companion, path, theme }) => {
            const bw = (window as any).bw;
            bw.installGrafanaServices({ dataSources: [ds], companionBase: companion });
            const mod = await bw.loadPlugin(`${base}/dist/module.js`);
            bw.renderPage(mod.plugin, { path, theme });
          },
          {
            base: h.server.url,
            ds: HOME_DATASOURCE,
            companion: companion.url,
            path: `/overview?mem=0&time=${anchor / 1000}&sel=CPU=instance:node_cpu_utilisation:rate5m`,
            theme,
          }
        );
        await homeSettled(page, '#page');
        const summary = await page.locator('[data-testid="bw-home-ro-summary"]').innerText();
        const m =
          /^5,000 series: (\d+) full within 4 h \(critical\), (\d+) within 2 d \(warning\), (\d+) within 30 d \(info\)/.exec(
            summary
          )!;
        expect([Number(m[1]), Number(m[2])]).toEqual([expected.critical, expected.warning]);
        // Every series designed to fill within 30 days is there; the engine also gives one flat,
        // slightly rising series (index 3523) a finite time (26 d): reported, not the page's to judge.
        expect(Number(m[3])).toBeGreaterThanOrEqual(expected.info);
        expect(Number(m[3])).toBeLessThanOrEqual(expected.info + 5);
        const rows = await rowTexts(page, '#page');
        expect(rows).toHaveLength(25);
        expect(rows.every((r) => r.tier === 'critical' && /^full in \d\.\d h/.test(r.cells[1]))).toBe(true);
        // The fast path: the time comes from the shard's sort pass (trend=false), the trend test from a
        // query of that one series; both are what the companion's full answer for the series says.
        const [first] = rows;
        const instance = /^(node-\d+:9100) (\/data\d)/.exec(first.cells[0])!;
        const res = await fetch(`${companion.url}/api/v1/bellwether/exhaustion`, {
          method: 'POST',
          body: new URLSearchParams({
            query: `time_to_exhaustion(node_filesystem_avail_bytes{instance="${instance[1]}", mountpoint="${instance[2]}"}, 0, "direction=down ${TTE_OPTIONS}")`,
            time: String(anchor / 1000),
          }),
        });
        const [full] = (await res.json()).data.result;
        expect(first.cells[1]).toBe(
          exhaustionText(parseValue(full.seconds), parseValue(full.lower), parseValue(full.upper), full.verdict)
        );
        expectTrendCell(first.cells[2], full, FS_PAIR);
        expect(await page.locator('[data-testid="bw-home-ro-error"]').count()).toBe(0);
        expect(await page.locator('[data-testid="bw-home-an-error"]').allInnerTexts()).toEqual([]);
        // CPU: every 100th series jumped 30 minutes before the anchor.
        const an = await page.locator('[data-testid="bw-home-an-row"] td:nth-child(2)').allInnerTexts();
        expect(an).toEqual(
          expect.arrayContaining(['instance=node-0000:9100 job=node', 'instance=node-0100:9100 job=node'])
        );
        expect(an.length).toBeLessThanOrEqual(CPUS / 20); // the flat series: at most a few false alarms
        const ms = await page.evaluate(() => (window as any).__bwHomeFirstTableMs);
        process.stdout.write(
          `home page, ${FILESYSTEMS} filesystems (${theme}): first table after ${Math.round(ms)} ms\n`
        );
        // A test artefact, not a docs picture: the docs show the demo (npm run screenshots).
        await screenshot(page, `home-fleet-running-out-${theme}`, '[data-testid="bw-home-running-out"]');
        expect(errors).toEqual([]);
        await page.close();
      },
      FLEET_HANG_MS + 5 * 60_000
    );
  }
});
