/**
 * The forecast / time-to-exhaustion panel in the Chromium harness with a disk-fill ramp: the forecast
 * runs past the dashboard's "to", the capacity comes from a value or from another series, and the
 * readout states the time to full (checked against the hand-worked crossing time) and the trend test.
 */
import type { Page } from 'playwright-core';
import { DemoUpstream } from '../../companion/src/upstream/demo/demoUpstream';
import { LANDING_POINTS } from '../../src/ml/tte/carryRate';
import { openHarness, screenshot, useHarness } from './browser';
import {
  attributes,
  diskFill,
  expectChart,
  FrameSpec,
  installPrometheus,
  renderPanel,
  STEP,
  T0,
} from './panelsFixtures';

const h = useHarness();

const N = 2000;
const GB = 1e9;
// Used space starts at 40 GB and grows 1 GB per hour, with noise of 3 GB (standard deviation). The last sample (index 1999) is 1999 * 5 min
// = 166.58 h in, at 206.58 GB; a 300 GB disk is then full after (300 - 206.58) / 1 = 93.42 h = 3.89 d.
const ramp = diskFill(N, 40 * GB, 1 * GB, 3 * GB);
const FULL_IN_HOURS = (300 * GB - (40 * GB + (1 * GB * ((N - 1) * STEP)) / 3_600_000)) / GB;

const cases = [
  {
    theme: 'light' as const,
    mode: 'value',
    frames: [{ name: 'used', columns: { time: ramp.time, used: ramp.used }, unit: 'decbytes' }],
    options: { capacityMode: 'value', capacityValue: 300 * GB },
  },
  {
    theme: 'dark' as const,
    mode: 'series',
    // Two queries with legends: each series is named by its legend alone.
    frames: [
      { name: 'used', columns: { time: ramp.time, used: ramp.used }, unit: 'decbytes', legend: 'used' },
      {
        name: 'size',
        columns: { time: ramp.time, size: ramp.time.map(() => 300 * GB) },
        unit: 'decbytes',
        legend: 'size',
      },
    ],
    options: { capacityMode: 'series', capacitySeries: '/size/' },
  },
];

describe.each(cases)('$theme theme, capacity from $mode', ({ theme, mode, frames, options }) => {
  it('forecasts past "to", reads "full in …" with the crossing time and flags the leak', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    const to = ramp.time[N - 1];
    await renderPanel(page, 'forecast', {
      frames: frames as FrameSpec[],
      theme,
      width: 1000,
      height: 420,
      timeRange: { from: ramp.time[0], to },
      options: { model: 'linear', horizon: '7d', direction: 'up', ...options },
    });
    await expectChart(page, 'bw-forecast-panel');
    const attrs = await attributes(page, 'bw-forecast-panel');
    expect(Number(attrs.capacity)).toBe(300 * GB);
    // 7 days of 5-minute steps after the last sample: 2016 steps.
    expect(Number(attrs['x-to'])).toBe(to + 2016 * STEP);
    expect(Number(attrs['x-to'])).toBeGreaterThan(to);
    const hours = Number(attrs['tte-seconds']) / 3600;
    expect(Math.abs(hours - FULL_IN_HOURS) / FULL_IN_HOURS).toBeLessThan(0.02);
    const tte = page.locator('[data-testid="bw-tte"]');
    const [, mid, lo, hi] = (await tte.innerText())
      .match(/^full in (\d\.\d+) d \((\d\.\d+)–(\d\.\d+) d\)$/)!
      .map(Number);
    expect(Math.abs(mid - FULL_IN_HOURS / 24)).toBeLessThan(0.05);
    expect(lo).toBeLessThanOrEqual(mid);
    expect(hi).toBeGreaterThanOrEqual(mid);
    // 3.9 d is beyond the default warning window (2d, the shipped alert tier's) and within 30 d: info, as on the home page.
    expect(await tte.getAttribute('data-severity')).toBe('info');
    expect(await page.locator('[data-testid="bw-trend"]').innerText()).toMatch(
      /^trend \+2[34](\.\d+)? GB\/day, p < 0\.001 \(one-sided at 0\.5 %(, across daily cycles)?\)$/
    );
    expect(await page.locator('[data-testid="bw-leak"]').count()).toBe(1);
    expect(attrs.series).toBe('1');
    expect(await page.locator('[data-testid="bw-series-name"]').allInnerTexts()).toEqual(['used']);
    await screenshot(page, `forecast-panel-${theme}-${mode}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('colours a crossing inside the critical threshold red, and one beyond the horizon green', async () => {
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = [{ name: 'used', columns: { time: ramp.time, used: ramp.used }, unit: 'decbytes' }];
  // 210 GB: 3.42 h left, inside 4h.
  await renderPanel(page, 'forecast', {
    frames,
    options: { model: 'linear', capacityMode: 'value', capacityValue: 210 * GB, horizon: '7d' },
  });
  await expectChart(page, 'bw-forecast-panel');
  expect(await page.locator('[data-testid="bw-tte"]').getAttribute('data-severity')).toBe('critical');
  expect(await page.locator('[data-testid="bw-tte"]').innerText()).toMatch(/^full in 3\.\d h/);
  // 10 TB: about 407 days at 1 GB/h, beyond the 30 days time to exhaustion searches (the panel's
  // 7-day horizon only draws the forecast).
  await renderPanel(page, 'forecast', {
    frames,
    options: { model: 'linear', capacityMode: 'value', capacityValue: 10_000 * GB, horizon: '7d' },
  });
  await page.waitForFunction(() =>
    /not full/.test(document.querySelector('[data-testid="bw-tte"]')?.textContent ?? '')
  );
  expect(await page.locator('[data-testid="bw-tte"]').innerText()).toBe('not full within 30 d');
  expect(await page.locator('[data-testid="bw-tte"]').getAttribute('data-severity')).toBe('ok');
  expect(errors).toEqual([]);
  await page.close();
});

/** The panel's query, as Grafana passes it in `data.request`. */
const PROM_REQUEST = {
  targets: [{ refId: 'A', expr: 'used_bytes', datasource: { uid: 'prom1', type: 'prometheus' } }],
};

describe('a 1-day range trains on the 14 days the companion reads', () => {
  const MIN = 60_000;
  const DAY = 1440;
  // Sixteen days of a disk at 1 min: more than time to exhaustion's 14-day window, which the engine
  // reads every third sample (3 min, src/engine/trainingStep.ts) as the companion asks Prometheus.
  // Used space grows 1 GB/h from 40 GB with noise of 3 GB, ending near 424 GB: a 570 GB disk is full
  // in about 6 days.
  const SIXTEEN = 16 * DAY;
  const disk = { time: [] as number[], used: [] as number[] };
  for (let i = 0; i < SIXTEEN; i++) {
    const noise = ((Math.sin(i * 12.9898) * 43758.5453) % 1) * 6 - 3;
    disk.time.push(T0 + i * MIN);
    disk.used.push((40 + i / 60 + noise) * GB);
  }
  const last = disk.time[SIXTEEN - 1];
  const options = { model: 'linear', capacityMode: 'value', capacityValue: 570 * GB, horizon: '7d', direction: 'up' };
  type Asked = { from: number; to: number; intervalMs: number; expr: string };

  /** The panel over the last `points` of the disk (its frames as the range's query returns them). */
  async function render(page: Page, points: number) {
    const shown = { time: disk.time.slice(SIXTEEN - points), used: disk.used.slice(SIXTEEN - points) };
    await renderPanel(page, 'forecast', {
      frames: [{ name: 'used', columns: shown, unit: 'decbytes' }],
      width: 1000,
      height: 420,
      timeRange: { from: shown.time[0], to: last },
      options,
      request: PROM_REQUEST,
      // One module for every render, as Grafana loads it: its history cache serves the next range.
      sameModule: true,
    });
    await page.waitForSelector(`#panel [data-testid="bw-forecast-panel"][data-x-from="${shown.time[0]}"]`);
    await expectChart(page, 'bw-forecast-panel');
    return {
      tte: await page.locator('[data-testid="bw-tte"]').innerText(),
      seconds: Number((await attributes(page, 'bw-forecast-panel'))['tte-seconds']),
      notes: await page.locator('[data-testid="bw-forecast-note"]').allInnerTexts(),
      asked: (await page.evaluate(() => (window as any).promAsked.splice(0))) as Asked[],
    };
  }

  it('fetches the 13 days before the range from the same query (every 3 min before the jump test), and reads the same "full in" as 7 and 16 days', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await installPrometheus(page, { name: 'used', time: disk.time, values: disk.used });
    // The engine on the whole history: sixteen days in range, nothing to fetch.
    const whole = await render(page, SIXTEEN);
    expect(whole.asked).toEqual([]);
    const day = await render(page, DAY);
    // The day's panel asked Prometheus for the history before its range, the same query: at the
    // series' 1-min step the 10,000 samples the jump test reads before the fit (leadInReads), and
    // before them every 3 min (the samples the fit reads, on the epoch's 3-min grid), back to the
    // start of the window the fit at its last point reads (14 days before the last whole hour, plus
    // one 3-min step) and the 15 samples time to exhaustion reads before it to see a reset there
    // (LANDING_POINTS), in requests Prometheus accepts.
    const firstShown = last - (DAY - 1) * MIN;
    const fit = Math.floor(last / 3_600_000) * 3_600_000;
    const fine = day.asked.filter((a) => a.intervalMs === MIN);
    const coarse = day.asked.filter((a) => a.intervalMs === 3 * MIN);
    expect(fine.length + coarse.length).toBe(day.asked.length);
    expect(day.asked.every((a) => a.expr === 'used_bytes' && (a.to - a.from) / a.intervalMs + 1 <= 11_000)).toBe(true);
    expect(Math.max(...fine.map((a) => a.to))).toBe(firstShown - MIN);
    expect(Math.min(...fine.map((a) => a.from))).toBe(fit - 10_000 * MIN + MIN);
    expect(coarse.every((a) => a.from % (3 * MIN) === 0)).toBe(true);
    const from = Math.min(...coarse.map((a) => a.from));
    expect(from).toBe(fit - 14 * 86_400_000 + 3 * MIN - LANDING_POINTS * 3 * MIN);
    expect(Math.max(...coarse.map((a) => a.to))).toBeLessThan(fit - 10_000 * MIN + MIN);
    // A week's range needs less of the history before it: the fetched days serve it, no new query.
    const week = await render(page, 7 * DAY);
    expect(week.asked).toEqual([]);
    // One answer everywhere: the same time to the second, the same readout, and no note of a shortfall.
    expect(whole.seconds).toBeGreaterThan(0);
    expect(day.seconds).toBe(whole.seconds);
    expect(week.seconds).toBe(whole.seconds);
    expect(day.tte).toBe(whole.tte);
    expect(day.tte).toMatch(/^full in [56]\.\d d/);
    for (const r of [whole, day, week]) {
      expect(r.notes.filter((n) => /trained on/i.test(n))).toEqual([]);
    }
    await render(page, DAY);
    // The chart draws the dashboard's range only, not the fetched days.
    expect(Number((await attributes(page, 'bw-forecast-panel'))['x-from'])).toBe(firstShown);
    await screenshot(page, 'forecast-one-day-fetched', '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.each(['light', 'dark'] as const)('a range shorter than the training window (%s)', (theme) => {
  it("says once, for both series, that the panel trained on less than time to exhaustion's 14 days, and why", async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    // Its data source fails: the panel computes on its day and says why it has no more.
    await installPrometheus(page, { name: 'used', time: ramp.time, values: ramp.used }, { error: 'bad gateway' });
    // The last day of two disks: the companion reads 14 days for time to exhaustion at 5 min.
    const day = { time: ramp.time.slice(N - 288), used: ramp.used.slice(N - 288) };
    await renderPanel(page, 'forecast', {
      frames: [
        { name: 'used', columns: day, labels: { mountpoint: '/a' }, unit: 'decbytes' },
        { name: 'used', columns: day, labels: { mountpoint: '/b' }, unit: 'decbytes' },
      ],
      theme,
      width: 1000,
      height: 420,
      timeRange: { from: day.time[0], to: day.time[287] },
      options: { model: 'linear', capacityMode: 'value', capacityValue: 300 * GB, horizon: '7d', direction: 'up' },
      request: PROM_REQUEST,
    });
    await expectChart(page, 'bw-forecast-panel');
    // With the interval's own warning (merged after this test was written): 24 h cannot show the
    // day-to-day spread of the rate either, which the 14 days the companion reads can.
    expect(await page.locator('[data-testid="bw-forecast-note"]').allInnerTexts()).toEqual([
      '2 of 2 series trained on 24 h of history, less than the 14 d the companion reads for time to exhaustion ' +
        '(the history before the range could not be fetched: Prometheus: bad gateway): ' +
        'widen the time range to at least 14 d for the same answer.',
      'the interval leaves out how the daily rate varies, which cannot be read from data shorter ' +
        'than two days and a quarter: it may be too narrow',
    ]);
    // A note cut keeps its whole text on hover.
    const titles = await page
      .locator('[data-testid="bw-forecast-note"]')
      .evaluateAll((ns) => ns.map((n) => n.getAttribute('title') === n.textContent));
    expect(titles).toEqual([true, true]);
    // At this size (a shipped capacity panel's) both are read whole: they wrap, and nothing is cut.
    // Before, the training note ended "(the history before the range could no…" on one line.
    const cut = await page
      .locator('[data-testid="bw-forecast-note"]')
      .evaluateAll((ns) => ns.map((n) => n.scrollWidth > n.clientWidth || n.scrollHeight > n.clientHeight));
    expect(cut).toEqual([false, false]);
    // ...and the legend still needs no scrolling: the notes take the lines the rows leave.
    const readouts = page.locator('[data-testid="bw-forecast-readouts"]');
    expect(await readouts.evaluate((e) => e.scrollHeight <= e.clientHeight)).toBe(true);
    await screenshot(page, `forecast-short-range-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('a long legend at a narrow width', () => {
  // Labels as node_exporter gives them: without a legend the name is the field name and every label.
  const labels = {
    device: '/dev/nvme1n1',
    fstype: 'ext4',
    instance: 'db-1.internal.example:9100',
    job: 'node',
    mountpoint: '/var/lib/postgresql',
  };
  const cases = [
    {
      theme: 'light' as const,
      options: { capacityMode: 'value', capacityValue: 300 * GB, horizon: '7d', direction: 'up' },
      readout: /^full in \d\.\d+ d \(\d\.\d+–\d\.\d+ d\)$/,
    },
    {
      // Used space keeps rising: a floor of 0 is never reached.
      theme: 'dark' as const,
      options: { capacityMode: 'value', capacityValue: 0, horizon: '10d', direction: 'down' },
      readout: /^not exhausted within 30 d/,
    },
  ];
  it.each(cases)('keeps the readout whole and visible: $readout ($theme)', async ({ theme, options, readout }) => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [{ name: 'used', columns: { time: ramp.time, used: ramp.used }, labels, unit: 'decbytes' }],
      theme,
      width: 460,
      // 360, not 320: the ramp spans 6.9 days, so a 'no_trend' answer carries the under-a-week note
      // (src/ml/tte/index.ts) beside the training note, and the legend takes at most 40 % before it
      // scrolls; the point here is the long name beside the readout.
      height: 360,
      timeRange: { from: ramp.time[0], to: ramp.time[N - 1] },
      options: { model: 'linear', ...options },
    });
    await expectChart(page, 'bw-forecast-panel');
    const name = await page.locator('[data-testid="bw-series-name"]').innerText();
    expect(name).toBe(
      `used {${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`
    );
    expect(await page.locator('[data-testid="bw-tte"]').innerText()).toMatch(readout);
    const fit = await page.evaluate(() => {
      const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
      const tte = q('bw-tte');
      const box = (e: HTMLElement) => e.getBoundingClientRect();
      const [r, panel, header, chart] = [
        tte,
        q('bw-forecast-panel'),
        q('bw-forecast-readouts'),
        q('bw-forecast-chart'),
      ].map(box);
      return {
        // Nothing of the text is cut off inside the element...
        textFits: tte.scrollWidth <= tte.clientWidth,
        // ...and the element lies inside the panel and the readouts, which need no scrolling.
        inPanel: r.left >= panel.left && r.right <= panel.right,
        inHeader: r.top >= header.top && r.bottom <= header.bottom,
        headerFits: q('bw-forecast-readouts').scrollHeight <= q('bw-forecast-readouts').clientHeight,
        // ...and no part of the name is drawn over it.
        clearOfName: Array.from(q('bw-series-name').getClientRects()).every(
          (n) => n.right <= r.left || n.left >= r.right || n.bottom <= r.top || n.top >= r.bottom
        ),
        // The legend with the readouts sits below the chart, as Grafana's, and ends inside the panel.
        legendBelow: header.top >= chart.bottom - 0.5 && header.bottom <= panel.bottom + 0.5,
        // The long name took more than one line: it wrapped instead of pushing the readout out.
        // (an inline element has one client rect per line it spans.)
        nameLines: q('bw-series-name').getClientRects().length,
      };
    });
    expect(fit).toEqual({
      textFits: true,
      inPanel: true,
      inHeader: true,
      headerFits: true,
      clearOfName: true,
      legendBelow: true,
      nameLines: expect.any(Number),
    });
    expect(fit.nameLines).toBeGreaterThan(1);
    await screenshot(page, `forecast-long-legend-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('readable messages instead of a blank panel', () => {
  const time = (n: number) => ramp.time.slice(0, n);
  const cases: Array<[string, FrameSpec[], string]> = [
    ['no frames', [], 'no-data'],
    ['a series too short to forecast', [{ name: 'x', columns: { time: time(2), x: [1, 2] } }], 'too-short'],
    ['only missing values', [{ name: 'x', columns: { time: time(50), x: time(50).map(() => null) } }], 'all-missing'],
    [
      'a text field only',
      [{ name: 'x', columns: { time: time(50), status: time(50).map(() => 'ok') } }],
      'non-numeric',
    ],
  ];
  it.each(cases)('%s', async (_label, frames, kind) => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', { frames, timeRange: { from: ramp.time[0], to: ramp.time[100] } });
    await page.waitForSelector('[data-testid="bw-panel-message"]');
    expect(await page.getAttribute('[data-testid="bw-panel-message"]', 'data-kind')).toBe(kind);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names a capacity series that does not exist', async () => {
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [{ name: 'used', columns: { time: ramp.time, used: ramp.used } }],
      options: { capacityMode: 'series', capacitySeries: 'filesystem size' },
    });
    await expectChart(page, 'bw-forecast-panel');
    expect(await page.locator('[data-testid="bw-forecast-note"]').innerText()).toBe(
      'No series matches the capacity series "filesystem size".'
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe.each(['light', 'dark'] as const)('a forecast withheld beside no trend toward the limit, %s theme', (theme) => {
  it("is a plain note in its series' line, not an error", async () => {
    // The demo's api-1 memory against 1 GB (tests/node/datasource/panelDrawsTteForecast.test.ts): its
    // restarts recur clear of the limit, so the verdict is no_trend while the segment's line would
    // reach 1 GB within the 7-day horizon; the panel draws no line. Before, "forecast: not drawn: …"
    // stood in the readout's error line.
    const now = Date.UTC(2025, 5, 2, 12);
    const end = Math.floor(now / 3_600_000) * 3_600_000;
    const params = new URLSearchParams({
      query: 'process_resident_memory_bytes{instance="api-1:8080"}',
      start: String((end - 7 * 86_400_000) / 1000),
      end: String(end / 1000),
      step: '900',
    });
    const r = await new DemoUpstream(() => now).call('/api/v1/query_range', params);
    const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
    const time = s.values.map(([t]) => t * 1000);
    const memory = s.values.map(([, v]) => Number(v));
    const { page, errors } = await openHarness(h.browser, h.server);
    await renderPanel(page, 'forecast', {
      frames: [{ name: 'memory', columns: { time, memory }, unit: 'bytes' }],
      theme,
      width: 1000,
      height: 420,
      timeRange: { from: time[0], to: time[time.length - 1] },
      options: { capacityMode: 'value', capacityValue: 1e9, horizon: '7d', direction: 'up' },
    });
    await page.waitForSelector('[data-testid="bw-forecast-panel"][data-state="done"]');
    expect(await page.locator('[data-testid="bw-series-note"]').allInnerTexts()).toEqual([
      'forecast not drawn: its line reaches the limit, where time to exhaustion declares no fill (see the note)',
    ]);
    expect(await page.locator('[data-testid="bw-series-error"]').count()).toBe(0);
    expect(await page.locator('[data-testid="bw-tte"]').innerText()).toMatch(/^not full within 30 d/);
    // The note it points to: why the crossing is not declared.
    expect((await page.locator('[data-testid="bw-forecast-note"]').allInnerTexts()).join('\n')).toMatch(
      /resets recur every .* stayed clear of the limit/
    );
    // Plain secondary text as the trend beside it, not the warning colour of an error or a note above.
    const colour = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((e) => getComputedStyle(e).color);
    expect(await colour('[data-testid="bw-series-note"]')).toBe(await colour('[data-testid="bw-trend"]'));
    expect(await colour('[data-testid="bw-series-note"]')).not.toBe(await colour('[data-testid="bw-forecast-note"]'));
    await screenshot(page, `forecast-panel-withheld-${theme}`, '#panel');
    expect(errors).toEqual([]);
    await page.close();
  });
});

it('notes a Warning within not longer than Critical within, and colours as the alerts compare', async () => {
  // A panel saved with Critical within 3d before the warning default became 2d: a fill 2.5 d away is
  // red and nothing can be orange; the panel now says so.
  const { page, errors } = await openHarness(h.browser, h.server);
  const frames: FrameSpec[] = [{ name: 'used', columns: { time: ramp.time, used: ramp.used }, unit: 'decbytes' }];
  // 266.6 GB: about 60 h left at 1 GB/h.
  const capacityValue = (40 + (N - 1) / 12 + 60) * GB;
  await renderPanel(page, 'forecast', {
    frames,
    options: { model: 'linear', capacityMode: 'value', capacityValue, horizon: '7d', critical: '3d' },
  });
  await expectChart(page, 'bw-forecast-panel');
  expect(await page.locator('[data-testid="bw-tte"]').getAttribute('data-severity')).toBe('critical');
  expect(await page.locator('[data-testid="bw-forecast-note"]').allInnerTexts()).toContain(
    'Warning within (2d) is not longer than Critical within (3d): no time to exhaustion is orange. Set Warning within longer than 3d.'
  );
  expect(errors).toEqual([]);
  await page.close();
});
