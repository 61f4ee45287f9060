import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, parseCsv, parseTimestamp, run } from './detect';

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

async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}

describe('bellwether detect', () => {
  it('parses NAB, ISO and unix-second timestamps as UTC ms', () => {
    expect(parseTimestamp('2014-04-10 07:15:00')).toEqual({ ms: Date.UTC(2014, 3, 10, 7, 15), format: 'nab' });
    expect(parseTimestamp('2014-04-10 07:15:00.000000').ms).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('1397114100')).toEqual({ ms: 1397114100000, format: 'unix' });
    expect(parseTimestamp('2014-04-10T07:15:00Z').ms).toBe(Date.UTC(2014, 3, 10, 7, 15));
  });

  it('reads a CSV with or without a header, empty values as missing, and names a bad line', () => {
    const a = parseCsv('timestamp,value\n10,1\n20,\n30,3\n');
    expect(Array.from(a.t)).toEqual([10000, 20000, 30000]);
    expect(a.v[1]).toBeNaN();
    expect(parseCsv('10,1\n20,2\n').t.length).toBe(2);
    expect(() => parseCsv('10,1\nbad,2\n')).toThrow(/line 2/);
    expect(() => parseCsv('10;1\n')).toThrow(/line 1/);
  });

  it('validates options', () => {
    expect(() => parseArgs(['--model', 'nope'])).toThrow('unknown detector model "nope"; use one of ensemble,');
    expect(() => parseArgs(['--sensitivity', '2'])).toThrow(/between 0 and 1/);
    expect(() => parseArgs(['--seed'])).toThrow(/needs a value/);
    expect(parseArgs(['--model=mad', '--season', '0', '--train-window', '500'])).toEqual({
      options: { model: 'mad', season: 0, trainWindow: 500 },
    });
  });

  it('writes timestamp,value,expected,lower,upper,score,anomaly in the input format and flags a spike', async () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, csv(nabRows(800, 700)));
    const r = await runCli(['--input', input, '--output', output, '--model', 'mad']);
    expect(r.code).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,expected,lower,upper,score,anomaly');
    expect(lines).toHaveLength(801);
    const spike = lines[701].split(',');
    expect(spike[0]).toBe('2014-04-03 10:20:00');
    expect(spike[1]).toBe('60');
    expect(spike[6]).toBe('1');
    // Warm-up rows have empty model columns and anomaly 0.
    expect(lines[1].split(',').slice(2)).toEqual(['', '', '', '', '0']);
  });

  it('runs the LSTM through the real bellwether binary (tfjs loaded by dynamic import) and flags the spike', () => {
    const input = join(dir, 'in-lstm.csv');
    const output = join(dir, 'out-lstm.csv');
    writeFileSync(input, csv(nabRows(800, 700)));
    // A child process, not run(): Jest turns import() into require(), which would hide a loader that
    // cannot resolve the dynamic import of the LSTM module.
    const bin = join(__dirname, '../../../../bin/bellwether.mjs');
    const r = spawnSync(
      process.execPath,
      [bin, 'detect', '--input', input, '--output', output, '--model', 'lstm', '--train-window', '200'],
      { encoding: 'utf8' }
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(801);
    // 200 warm-up rows (lines 1..200) have empty model columns; then every row is scored.
    expect(lines[200].split(',').slice(2)).toEqual(['', '', '', '', '0']);
    expect(lines[201].split(',')[5]).not.toBe('');
    expect(lines[701].split(',')[6]).toBe('1');
  }, 120_000); // training takes seconds on a loaded machine (not a speed check)

  it('exits 3 with "not_enough_data" for a series too short to judge, 2 on bad options, 1 on bad input', async () => {
    const input = join(dir, 'short.csv');
    writeFileSync(input, csv(nabRows(5)));
    const short = await runCli(['--input', input]);
    expect(short.code).toBe(3);
    expect(short.err).toMatch(/not_enough_data/);
    expect((await runCli(['--sensitivity', 'high'])).code).toBe(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,value\n2014-04-01 00:00:00,1\nyesterday,2\n');
    const b = await runCli(['--input', bad]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/line 3/);
  });
});
