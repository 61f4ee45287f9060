import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSeries } from '../../companion/src/upstream/demo/demoSeries';
import { capture, spawnCli } from '../testCli';
import { checkTrainPoints, engineOptions, parseArgs, run } from './detect';

const dir = mkdtempSync(join(tmpdir(), 'bw-detect-'));

function csv(rows: Array<[string, string]>, header = true): string {
  return (header ? 'timestamp,value\n' : '') + rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** n rows every 5 minutes from 2014-04-01 in NAB's format, values 10 +- small wiggle, spike at `spike`. */
function nabRows(n: number, spike = -1): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    const ts = new Date(Date.UTC(2014, 3, 1) + i * 300_000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push([ts, String(i === spike ? 60 : 10 + Math.sin(i / 3) * 0.5 + ((i * 7919) % 13) / 26)]);
  }
  return rows;
}

const runCli = (args: string[]) => capture(run, args);

describe('bellwether detect', () => {
  it('validates options', () => {
    expect(() => parseArgs(['--model', 'nope'])).toThrow('unknown detector model "nope"; use one of ensemble,');
    expect(() => parseArgs(['--sensitivity', '2'])).toThrow(/between 0 and 1/);
    expect(() => parseArgs(['--seed'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--season', '1.5'])).toThrow(/--season must be auto or a whole number >= 0, got "1.5"/);
    expect(() => parseArgs(['--step', '5m'])).toThrow(/--step applies to --values-only input only/);
    expect(() => parseArgs(['--seed', '3'])).toThrow(/--seed is no longer an option: detect runs on the engine/);
    expect(() => parseArgs(['--train', '1d', '--train-window', '500'])).toThrow('give --train or --train-window, not both');
    expect(() => parseArgs(['--train-window', '1.5'])).toThrow(/--train-window must be a whole number of points >= 2/);
    const args = parseArgs(['in.csv', '--model=mad', '--season', '0', '--train-window', '500', '--adapt-after', '30m']);
    expect(args).toEqual({
      data: { input: 'in.csv', output: undefined, badRows: 'error' },
      options: { model: 'mad', season: 0, train: { points: 500 }, adaptAfter: 1_800_000 },
      valuesOnly: false,
      stepMs: 1000,
    });
    // The engine's options at the series' step: durations in ms, season 0 = none.
    expect(engineOptions(args, 300_000)).toEqual({ model: 'mad', season: 'none', train: 150_000_000, adaptAfter: 1_800_000 });
    expect(engineOptions(parseArgs(['--train', '12h', '--season', '288', '--direction', 'above']), 300_000)).toEqual({
      train: 43_200_000,
      season: 86_400_000,
      side: 'above',
    });
  });

  it('writes timestamp,value,expected,lower,upper,score,anomaly,kind in the input format and flags a spike', async () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, csv(nabRows(800, 700)));
    const r = await runCli(['--input', input, '--output', output, '--model', 'mad']);
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,expected,lower,upper,score,anomaly,kind');
    expect(lines).toHaveLength(801);
    const spike = lines[701].split(',');
    expect(spike[0]).toBe('2014-04-03 10:20:00');
    expect(spike[1]).toBe('60');
    expect(spike[6]).toBe('1');
    // Warm-up rows have empty model columns and anomaly 0.
    expect(lines[1].split(',').slice(2)).toEqual(['', '', '', '', '0', '']);
  });

  it('refuses a training window shorter than detectors learn from, in the flag\'s words', () => {
    // Before, the models' own words: "bad_input: trainWindow must be an integer in [50, 100000], got 2".
    expect(() => checkTrainPoints({ ms: 60_000 }, 30_000)).toThrow(
      "--train 1m holds 2 points at the series' step 30s; detectors need at least 50: use --train 25m or longer"
    );
    expect(() => checkTrainPoints({ points: 10 }, 30_000)).toThrow(
      '--train-window 10 is fewer points than detectors need (at least 50)'
    );
    expect(() => checkTrainPoints({ ms: 1_500_000 }, 30_000)).not.toThrow();
    expect(() => checkTrainPoints(undefined, 30_000)).not.toThrow();
  });

  it('accepts direction, floors and a valid range, and checks them', () => {
    expect(
      parseArgs(['--direction', 'above', '--min-abs', '0.5', '--min-rel', '0.1', '--valid-min', '0', '--valid-max', '100'])
        .rules
    ).toEqual({ side: 'above', minAbs: 0.5, minRel: 0.1, validMin: 0, validMax: 100 });
    expect(parseArgs(['--direction', 'both']).rules).toBeUndefined();
    expect(() => parseArgs(['--direction', 'up'])).toThrow('--direction must be above, below or both, got "up"');
    expect(() => parseArgs(['--min-abs', '-1'])).toThrow('--min-abs must be >= 0, got -1');
    expect(() => parseArgs(['--valid-min', '5', '--valid-max', '1'])).toThrow(
      '--valid-min (5) must be less than --valid-max (1)'
    );
    expect(() => parseArgs(['--min-abz', '1'])).toThrow('unknown option --min-abz (did you mean --min-abs?)');
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/^unknown option --bogus$/);
  });

  it('applies the rules and names each anomaly\'s kind', async () => {
    const rows = nabRows(800, 700);
    rows[750][1] = '-5';
    const input = join(dir, 'rules.csv');
    writeFileSync(input, csv(rows));
    const plain = (await runCli([input, '--model', 'mad'])).out.trim().split('\n');
    expect(plain[701].split(',').slice(6)).toEqual(['1', 'spike']);
    // A spike up is dropped by --direction below; -5 is flagged as out of range whatever its score.
    const r = await runCli([input, '--model', 'mad', '--direction', 'below', '--valid-min', '0']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[701].split(',').slice(5)).toEqual(['0', '0', '']);
    expect(lines[751].split(',').slice(5)).toEqual(['1', '1', 'out_of_range']);
    // The rules act after scoring: the model's expected value and band are unchanged.
    expect(lines[400].split(',').slice(0, 5)).toEqual(plain[400].split(',').slice(0, 5));
  });

  it('runs the LSTM through the real bellwether binary (tfjs loaded by dynamic import) and flags the spike', () => {
    const input = join(dir, 'in-lstm.csv');
    const output = join(dir, 'out-lstm.csv');
    writeFileSync(input, csv(nabRows(800, 700)));
    // A child process, not run(): Jest turns import() into require(), which would hide a loader that
    // cannot resolve the dynamic import of the LSTM module.
    const r = spawnCli(['detect', input, '--output', output, '--model', 'lstm', '--train-window', '200']);
    // 66.6 h of rows, more than a lead-in of three 200-point windows: when the full model starts is
    // said, and where the companion's runs start (before the file), and nothing else.
    expect(r.err).toMatch(
      /^bellwether detect: learning: scores before [^\n]* are from a partial model \(a full [^\n]* training reads [^\n]* of history first\)\nbellwether detect: companion parity: [^\n]*\n$/
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(801);
    // 200 warm-up rows (lines 1..200) have empty model columns; then every row is scored.
    expect(lines[200].split(',').slice(2)).toEqual(['', '', '', '', '0', '']);
    expect(lines[201].split(',')[5]).not.toBe('');
    expect(lines[701].split(',')[6]).toBe('1');
  }, 120_000); // training takes seconds on a loaded machine (not a speed check)

  /** The companion-parity line: the companion's runs for these rows start before the file (detectSeries.ts laterRuns). */
  const parity = (rows: string, from: string) =>
    `bellwether detect: companion parity: the companion starts the runs of ${rows} at ${from}, before the file's first row; ` +
    'a companion holding history from before the file scores them differently (a run keeps the season and fits it ' +
    `chose at its start), one holding none the same; a file from ${from} on gives its figures\n`;

  it('says when the series is shorter than the training needs: 6 days of the demo CPU against 9 (scores unchanged)', async () => {
    // web-1's CPU at 1 min for the 6 days up to 2026-12-04 06:00 UTC, its 03:24 saturation inside.
    const web1 = demoSeries().find((s) => s.labels.__name__ === 'instance:node_cpu_utilisation:rate5m')!;
    const end = Date.UTC(2026, 11, 4, 6, 0);
    const rows: Array<[string, string]> = [];
    for (let t = end - 6 * 86_400_000; t < end; t += 60_000) {
      rows.push([new Date(t).toISOString(), String(web1.at(t))]);
    }
    const input = join(dir, 'web1-6d.csv');
    writeFileSync(input, csv(rows));
    const r = await runCli([input]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'bellwether detect: learning: 6.0 d of data, 9 d needed for a full 3-day training; ' +
        'scores before 2026-12-07 06:00 UTC are from a partial model\n' +
        parity('all 8,640 rows', '2026-11-06 00:00 UTC')
    );
    // The saturation is still scored (the warning changes no score).
    const at = r.out.split('\n').find((l) => l.startsWith('2026-12-04T03:40:00'));
    expect(Number(at!.split(',')[5])).toBeGreaterThan(0);
  });

  it('counts the lead-in from the training: with --train 1d only the first 3 days are from a partial model', async () => {
    const r = await runCli(['--input', join(dir, 'web1-6d.csv'), '--train', '1d']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      'bellwether detect: learning: scores before 2026-12-01 06:00 UTC are from a partial model ' +
        '(a full 1-day training reads 3 d of history first)\n' +
        parity('all 8,640 rows', '2026-11-24 00:00 UTC')
    );
  });

  it('writes one row per distinct timestamp, the value column holding the mean of merged duplicates', async () => {
    const rows = nabRows(40);
    rows.splice(6, 0, [rows[5][0], '16'], [rows[5][0], '']);
    const input = join(dir, 'dup.csv');
    writeFileSync(input, csv(rows));
    const r = await runCli([input, '--model', 'mad']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(41);
    const merged = lines[6].split(',');
    expect(merged[0]).toBe(rows[5][0]);
    expect(Number(merged[1])).toBeCloseTo((Number(rows[5][1]) + 16) / 2, 9);
    expect(r.err).toMatch(
      /merged 2 duplicate timestamps into the mean of their values \(42 rows → 40 points; lines 8, 9\)/
    );
    expect(r.err).toMatch(/1 row has no value \(empty, NaN or null\): kept as gaps \(line 9\)/);
  });

  it('reads one value per line with --values-only --step and writes seconds from the first value', async () => {
    const input = join(dir, 'values.txt');
    writeFileSync(
      input,
      nabRows(40)
        .map((r) => r[1])
        .join('\n')
    );
    const r = await runCli([input, '--values-only', '--step', '5m', '--model', 'mad']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[2].split(',')[0]).toBe('300');
  });
});

it('--help says where the companion differs (runs it starts before the file), as docs/cli.md does, not only near the start', async () => {
  const { out, err } = await runCli(['--help']);
  const help = out + err;
  expect(help).toMatch(/Usage: bellwether detect/);
  expect(help).not.toMatch(/the three give the same figures/);
  expect(help.replace(/\s+/g, ' ')).not.toMatch(/near the start of the series/);
  expect(help.replace(/\s+/g, ' ')).toMatch(/a point's run starts 1 to 5 lead-ins \(9 to 45 days\) before it/);
});
