/**
 * `bellwether tte` and `bellwether forecast` print the companion's figures: the demo's disk and memory
 * series, written to CSV and served by a companion over an in-memory upstream, give the same time to
 * exhaustion (seconds and interval, to the printed digit), verdict, trend test (n, p-value, slope,
 * leak) and forecast, band included: the CLI's defaults are the companion's with step= and refit=
 * the series' step (train 3d), and --train/--refit are the companion's train=/refit=, an hourly
 * refit counted down to a --now between fits included. doorParity.test.ts checks the engine doors
 * at the panel's point; this runs the commands themselves, option parsing and defaults included.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as forecastCommand } from '../../../cli/commands/forecast';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import type { DerivedQuery } from '../../../companion/src/query/ast';
import { parseQuery } from '../../../companion/src/query/parser';
import { DemoUpstream } from '../../../companion/src/upstream/demo/demoUpstream';
import { formatValue } from '../../../src/common/promValue';
import { ENGINE_DEFAULTS } from '../../../src/engine/context';
import { exhaustionAnswers } from '../../../src/engine/exhaustionAnswer';
import { companionEnv, memoryUpstream } from '../../support/memoryUpstream';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

const STEP = 30 * 60_000;
const NOW = Date.UTC(2025, 5, 2, 12);
const T0 = NOW - 7 * 86_400_000;
const N = 7 * 48 + 1;
const DISK = 'node_filesystem_avail_bytes{instance="db-1:9100",mountpoint="/var/lib/postgresql"}';
const MEMORY = 'process_resident_memory_bytes{instance="api-1:8080"}';

/** A week of the demo's `inner` every 30 minutes, ending at NOW (values; a NaN where it has no sample). */
async function demoWeek(inner: string): Promise<Float64Array> {
  const demo = new DemoUpstream(() => NOW);
  const r = await demo.call(
    '/api/v1/query_range',
    new URLSearchParams({ query: inner, start: String(T0 / 1000), end: String(NOW / 1000), step: String(STEP / 1000) })
  );
  const [s] = (r.body.data as { result: Array<{ values: Array<[number, string]> }> }).result;
  const v = new Float64Array(N).fill(NaN);
  for (const [t, x] of s.values) {
    v[Math.round((t * 1000 - T0) / STEP)] = Number(x);
  }
  return v;
}

interface Case {
  name: string;
  inner: string;
  capacity: number;
  direction: 'up' | 'down';
  values: Float64Array;
  csv: string;
}

describe("bellwether tte and forecast print the companion's figures (demo disk and memory)", () => {
  const cases: Case[] = [];
  let c: Companion;
  const upstreamOf = () =>
    memoryUpstream(
      cases.map((k) => ({ labels: { __name__: 'demo', instance: k.name }, values: k.values })),
      T0,
      STEP
    );

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-cli-parity-'));
    for (const [name, inner, capacity, direction] of [
      ['disk', DISK, 0, 'down'],
      ['memory', MEMORY, 4e9, 'up'],
    ] as const) {
      const values = await demoWeek(inner);
      const csv = join(dir, `${name}.csv`);
      const rows = Array.from(values, (x, i) => `${(T0 + i * STEP) / 1000},${Number.isNaN(x) ? '' : x}`);
      writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
      cases.push({ name, inner: `demo{instance="${name}"}`, capacity, direction, values, csv });
    }
    // The companion's built-in defaults (train 3d, refit 1h, level 0.95): the CLI's without options.
    c = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
      {
        logger: silentLogger,
        upstream: upstreamOf(),
        now: () => NOW + 86_400_000,
      }
    );
  });
  afterAll(() => c?.close());

  async function post(path: string, query: string, at = NOW): Promise<any> {
    const r = await fetch(`${c.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query, time: String(at / 1000) }).toString(),
    });
    const body = await r.json();
    expect([query, body.status, body.error]).toEqual([query, 'success', undefined]);
    return body.data;
  }

  /** The CLI's flags, and the companion's options for the same answer. */
  const OPTIONS: Array<{ flags: string[]; text: string }> = [
    { flags: [], text: 'step=30m refit=30m' },
    { flags: ['--train', '1d', '--refit', '1h'], text: 'step=30m train=1d refit=1h' },
  ];
  const each = OPTIONS.flatMap((o) => ['disk', 'memory'].map((name) => [name, o.flags.join(' '), o.text]));
  // Half an hour after the last hourly fit, where the time counts down from it.
  const AT = [NOW, NOW - STEP];

  test.each(each.flatMap((x) => AT.map((at) => [...x, new Date(at).toISOString()])))(
    'tte %s with flags "%s" (the companion\'s "%s") at %s: seconds, interval, verdict and trend test',
    async (name, flags, options, iso) => {
      const k = cases.find((x) => x.name === name)!;
      const at = Date.parse(iso);
      const text = `${options} direction=${k.direction}`;
      const query = `time_to_exhaustion(${k.inner}, ${k.capacity}, "${text}")`;
      const cli = await capture(tteCommand, [
        k.csv,
        '--capacity',
        String(k.capacity),
        '--direction',
        k.direction,
        ...(flags ? flags.split(' ') : []),
        ...(at === NOW ? [] : ['--now', String(at / 1000)]),
      ]);
      const out = JSON.parse(cli.out);
      // stderr holds only what limits the answer, which the JSON also carries (on the default 7-day
      // window the memory's deploys are recurring resets, said so).
      expect({ code: cli.code, err: cli.err }).toEqual({
        code: 0,
        err: (out.warnings as string[]).map((w) => `bellwether tte: ${w}\n`).join(''),
      });
      // The companion's exhaustion endpoint (its printed figures) and its engine call on its history
      // store (the verdict and the test's n, which the endpoint does not print).
      const [row] = (await post('/api/v1/bellwether/exhaustion', query, at)).result.filter(
        (r: { metric: Record<string, string> }) => r.metric.instance === name
      );
      const env = companionEnv(upstreamOf(), ENGINE_DEFAULTS, () => NOW + 86_400_000);
      const [full] = (await exhaustionAnswers(parseQuery(query) as DerivedQuery, at, env)).filter(
        (r) => r.labels.instance === name
      );
      const printed = (x: number | null) => formatValue(x ?? Infinity);
      expect({
        seconds: printed(out.seconds),
        lower: printed(out.lower),
        upper: printed(out.upper),
        verdict: out.verdict,
        n: out.trend.n,
        pvalue: formatValue(out.trend.pValue),
        slope: formatValue(out.trend.slopePerSecond),
        leak: out.trend.leak,
        sinceReset: out.trend.sinceReset,
        gate_slope: formatValue(out.gate.slopePerSecond),
        gate_pvalue: formatValue(out.gate.pValue),
      }).toEqual({
        seconds: row.seconds,
        lower: row.lower,
        upper: row.upper,
        verdict: full.exhaustion!.verdict,
        n: full.trend!.trend.n,
        pvalue: row.pvalue,
        slope: row.slope,
        leak: row.leak,
        sinceReset: row.sinceReset,
        gate_slope: row.gate.slope,
        gate_pvalue: row.gate.pvalue,
      });
      // Both are the answer at the series' last point (not an empty answer compared with another).
      expect(out.timeSeconds).toBe(at / 1000);
      expect(full.trend!.trend.n).toBeGreaterThanOrEqual(10);
      // The crossing: ISO 8601 and epoch seconds, the same instant, `seconds` after the point.
      if (out.seconds !== null) {
        expect(out.crossingTimeSeconds).toBeCloseTo(at / 1000 + out.seconds, 3);
        expect(Date.parse(out.crossingTime) / 1000).toBeCloseTo(out.crossingTimeSeconds, 2);
      }
    }
  );

  test.each(each)(
    'forecast %s with flags "%s" (the companion\'s "%s"): the last row is forecast, forecast_lower and forecast_upper',
    async (name, flags, text) => {
      const k = cases.find((x) => x.name === name)!;
      const HORIZON = 12;
      const cli = await capture(forecastCommand, [
        k.csv,
        '--horizon',
        String(HORIZON),
        ...(flags ? flags.split(' ') : []),
      ]);
      expect(cli.code).toBe(0);
      const rows = cli.out.trim().split('\n').slice(1);
      expect(rows).toHaveLength(HORIZON);
      const [t, yhat, lower, upper] = rows[HORIZON - 1].split(',');
      expect(Number(t)).toBe(NOW / 1000 + (HORIZON * STEP) / 1000);
      const companion: Record<string, string> = {};
      for (const func of ['forecast', 'forecast_lower', 'forecast_upper']) {
        const data = await post('/api/v1/query', `${func}(${k.inner}, 6h, "${text}")`);
        const [s] = data.result.filter((r: { metric: Record<string, string> }) => r.metric.instance === name);
        companion[func] = s.value[1];
      }
      expect({
        forecast: formatValue(Number(yhat)),
        forecast_lower: formatValue(Number(lower)),
        forecast_upper: formatValue(Number(upper)),
      }).toEqual(companion);
    }
  );
});
