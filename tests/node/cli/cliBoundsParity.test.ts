/**
 * `bellwether forecast --metric NAME` / `--unit U` give the companion's figures for a series whose
 * name says it is a ratio: the companion caps the forecast and its band at 1 because its selector names a kube-prometheus utilisation rule
 * (src/ml/forecast/bounds.ts), and a file carries no name, so without the flag the CLI's band runs
 * past 1 and differs. cliCompanionParity.test.ts checks the other options.
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
import { formatValue } from '../../../src/common/promValue';
import { memoryUpstream } from '../../support/memoryUpstream';

// Bounds a hang only: the models are slow on a busy machine, never wrong for it.
jest.setTimeout(10 * 60_000);

const STEP = 30 * 60_000;
const NOW = Date.UTC(2025, 5, 2, 12);
const N = 4 * 48 + 1;
const T0 = NOW - (N - 1) * STEP;
const CPU = 'instance:node_cpu_utilisation:rate5m';
const HORIZON = 12;

/** A CPU utilisation rising from 0.55 to 0.97 over four days, with a daily cycle and noise (seeded). */
function rampToOne(): Float64Array {
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.04;
  return Float64Array.from({ length: N }, (_, i) =>
    Math.min(1, 0.55 + (0.42 * i) / (N - 1) + 0.015 * Math.sin((2 * Math.PI * i) / 48) + noise())
  );
}

describe('--metric and --unit give the companion the CLI its physical bounds', () => {
  let c: Companion;
  let csv: string;

  beforeAll(async () => {
    const values = rampToOne();
    csv = join(mkdtempSync(join(tmpdir(), 'bw-cli-bounds-')), 'cpu.csv');
    const rows = Array.from(values, (x, i) => `${(T0 + i * STEP) / 1000},${x}`);
    writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
    c = await startCompanion(
      fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
      {
        logger: silentLogger,
        upstream: memoryUpstream([{ labels: { __name__: CPU, instance: 'a' }, values }], T0, STEP),
        now: () => NOW + 86_400_000,
      }
    );
  });
  afterAll(() => c?.close());

  async function post(path: string, query: string): Promise<any> {
    const r = await fetch(`${c.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query, time: String(NOW / 1000) }).toString(),
    });
    const body = await r.json();
    expect([query, body.status, body.error]).toEqual([query, 'success', undefined]);
    return body.data;
  }

  /** The companion's forecast, forecast_lower and forecast_upper of the series named `name`, 6 h ahead. */
  async function companionForecast(name: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const func of ['forecast', 'forecast_lower', 'forecast_upper']) {
      const data = await post('/api/v1/query', `${func}(${name}{instance="a"}, 6h, "step=30m refit=30m")`);
      out[func] = data.result[0].value[1];
    }
    return out;
  }

  /** The CLI's last forecast row (6 h ahead), in the companion's spelling. */
  async function cliForecast(flags: string[]): Promise<Record<string, string>> {
    const cli = await capture(forecastCommand, [csv, '--horizon', String(HORIZON), ...flags]);
    expect([cli.code, cli.err.includes('unknown option')]).toEqual([0, false]);
    const [, yhat, lower, upper] = cli.out.trim().split('\n')[HORIZON].split(',');
    return {
      forecast: formatValue(Number(yhat)),
      forecast_lower: formatValue(Number(lower)),
      forecast_upper: formatValue(Number(upper)),
    };
  }

  test('forecast: a utilisation rule capped at 1 with --metric, past 1 without it', async () => {
    const companion = await companionForecast(CPU);
    expect(Number(companion.forecast_upper)).toBeLessThanOrEqual(1);
    expect(await cliForecast(['--metric', CPU])).toEqual(companion);
    // The cap is what the flag changes: the same file without a name has its band past 1.
    const bare = await cliForecast([]);
    expect(Number(bare.forecast_upper)).toBeGreaterThan(1);
  });

  test('forecast: --unit percentunit caps as a name ending in _ratio does', async () => {
    expect(await cliForecast(['--unit', 'percentunit'])).toEqual(await companionForecast('node_busy_ratio'));
  });

  test('tte takes both flags: the companion and the CLI refuse a limit the ratio can never reach, in the same line', async () => {
    // Before, the companion answered a crossing of 1.05 by a utilisation (a ratio), and tte refused --metric.
    const query = `time_to_exhaustion(${CPU}{instance="a"}, 1.05, "step=30m refit=30m direction=up")`;
    const r = await fetch(`${c.url}/api/v1/bellwether/exhaustion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query, time: String(NOW / 1000) }).toString(),
    });
    const line = 'limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached';
    // The 400 carries the counted warning a partly refused answer has (the home names refused series from it).
    expect([r.status, await r.json()]).toEqual([
      400,
      {
        status: 'error',
        errorType: 'bad_data',
        error: line,
        warnings: [`time_to_exhaustion: 1 of 1 series refused: {instance="a"}: ${line}`],
      },
    ]);
    const tte = (flags: string[]) => capture(tteCommand, [csv, '--capacity', '1.05', '--direction', 'up', ...flags]);
    const cli = await tte(['--metric', CPU]);
    expect([cli.code, cli.out, cli.err]).toEqual([1, '', `bellwether tte: ${line}\n`]);
    // A file says nothing of what its values are: without the flag the CLI answers.
    expect((await tte([])).code).toBe(0);
  });

  test('a metric name that is not one, a unit that sets no ceiling, and a unit the name contradicts are usage errors (exit 2)', async () => {
    const run = (flags: string[]) => capture(forecastCommand, [csv, '--horizon', '2', ...flags]);
    const bad = await run(['--metric', 'cpu{instance="a"}']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--metric must be a Prometheus metric name')]);
    // A typo would otherwise change nothing, silently: no ceiling.
    const typo = await run(['--unit', 'percentunti']);
    expect([typo.code, typo.err]).toEqual([
      2,
      expect.stringContaining('--unit must be one of percentunit, ratio, percent'),
    ]);
    // The engine would take the ratio and, on values up to 100, apply no ceiling at all.
    const clash = await run(['--metric', 'disk_used_percent', '--unit', 'percentunit']);
    expect([clash.code, clash.err.split('\n')[0]]).toEqual([
      2,
      'bellwether forecast: --unit percentunit says a ratio (at most 1) but --metric disk_used_percent names a percentage (at most 100); give one of them',
    ]);
    expect((await run(['--unit', 'PercentUnit'])).code).toBe(0);
  });
});
