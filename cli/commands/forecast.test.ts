import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './forecast';
import { run as runTte } from './tte';

let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-forecast-cli-'));
  out = '';
  err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});

afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function csv(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const line = Array.from({ length: 60 }, (_, i) => `${1_700_000_000 + 60 * i},${2 * i}`).join('\n');

describe('bellwether forecast', () => {
  it('says on stderr how many of the steps it writes had their band held within the window range', async () => {
    // A flat level with rare spikes, forecast 4 times the window ahead with the naive random walk.
    const spiky = Array.from(
      { length: 240 },
      (_, i) => `${1_700_000_000 + 60 * i},${i % 97 < 2 ? 3 : 0.3 + 0.01 * (i % 7)}`
    );
    const args = [
      csv('s.csv', 'timestamp,value\n' + spiky.join('\n')),
      '--horizon',
      '960',
      '--model',
      'seasonal_naive',
      '--season',
      '0',
    ];
    expect(await run(args)).toBe(0);
    const rows = out.trim().split('\n').slice(1);
    expect(rows).toHaveLength(960);
    // One line for both bounds (the lower one is not held: the band is 2.7 wide above a level of 0.3).
    const said = /Band limited to forecast ± 0.75 × the data's range: upper (\d+) of 960 steps\n/.exec(err);
    expect(err.match(/Band limited/g)).toHaveLength(1);
    expect(said).not.toBeNull();
    // The count is of the rows written whose upper bound sits at the hold (0.75 of the range 2.7 above).
    const atHold = rows.filter((r) => {
      const [, yhat, , upper] = r.split(',').map(Number);
      return Math.abs(upper - yhat - 0.75 * 2.7) < 1e-9;
    }).length;
    expect(Number(said![1])).toBe(atHold);
    expect(atHold).toBeGreaterThan(0);
  });

  it('writes timestamp,yhat,lower,upper for N steps after the last input, in the input time format', async () => {
    expect(await run([csv('a.csv', 'timestamp,value\n' + line), '--horizon', '2', '--model', 'linear'])).toBe(0);
    const rows = out.trim().split('\n');
    expect(rows[0]).toBe('timestamp,yhat,lower,upper');
    expect(rows).toHaveLength(3);
    const [ts, yhat] = rows[1].split(',').map(Number);
    expect(ts).toBe(1_700_000_000 + 60 * 60);
    expect(yhat).toBeCloseTo(120, 9);
  });

  it('reads values only with --step and ISO timestamps', async () => {
    expect(
      await run([
        csv('v.csv', '1\n2\n3\n4\n5\n6\n'),
        '--values-only',
        '--step',
        '1m',
        '--horizon',
        '1',
        '--model',
        'linear',
      ])
    ).toBe(0);
    expect(out.trim().split('\n')[1].split(',').slice(0, 2).map(Number)).toEqual([360, 7]);
    out = '';
    const iso = Array.from({ length: 6 }, (_, i) => `2024-01-01T00:0${i}:00Z,${i}`).join('\n');
    expect(await run([csv('iso.csv', iso), '--horizon', '1', '--model', 'linear'])).toBe(0);
    expect(out.trim().split('\n')[1].split(',').slice(0, 2)).toEqual(['2024-01-01T00:06:00.000Z', '6']);
  });

  it('exits 2 on usage errors, naming the option', async () => {
    expect(await run([csv('a.csv', line)])).toBe(2);
    expect(err).toMatch(/--horizon N \(a whole number of steps >= 1\) is required/);
    expect(await run([csv('a.csv', line), '--horizon', '2', '--model', 'magic'])).toBe(2);
    expect(err).toMatch(/unknown forecast model "magic"/);
    expect(await run([csv('a.csv', line), '--horizon', '2', '--interval', '150'])).toBe(2);
    expect(err).toMatch(/--interval must be between/);
    expect(await run([csv('a.csv', line), '--horizon', '2', '--season', 'weekly'])).toBe(2);
    expect(err).toMatch(/--season must be auto or a whole number >= 0, got "weekly"/);
    expect(await run([csv('v.csv', '1\n2\n'), '--values-only', '--horizon', '2'])).toBe(2);
    // One duration grammar everywhere: a bare number is not a duration, and the message says what to write.
    expect(await run([csv('v.csv', '1\n2\n3\n'), '--values-only', '--step', '90', '--horizon', '1'])).toBe(2);
    expect(err).toContain('--step: 90 is not a duration; write 90s');
    expect(err).toMatch(/--values-only needs --step/);
  });

  it("forecasts a series longer than the engine's limit from its last 10,000 points, in the daily shape", async () => {
    // The last 12,000 minutes of a million-minute rise from 0.1 to 0.5, with a daily cycle of +-0.1 and a
    // little deterministic noise (the shape `npm run bench -- cliLongInput` forecasts from 1,000,000 rows).
    const n = 12_000;
    const value = (i: number) =>
      0.5 + (0.4 * (i - n)) / 1e6 + 0.1 * Math.sin((2 * Math.PI * i) / 1440) + 0.01 * Math.sin(i * 1.7);
    const rows = Array.from({ length: n }, (_, i) => `${1_700_000_000 + 60 * i},${value(i).toFixed(5)}`);
    // --train all: the whole series (the default is the companion's 3 days).
    expect(await run([csv('long.csv', rows.join('\n')), '--horizon', '1440', '--train', 'all'])).toBe(0);
    expect(err).toContain('the training window of 12,000 points at step 60s was cut to its last 10,000 (6.9 d)');
    expect(err).toContain('2,000 points not used');
    const full = out;
    out = '';
    expect(await run([csv('last.csv', rows.slice(n - 10_000).join('\n')), '--horizon', '1440', '--train', 'all'])).toBe(
      0
    );
    expect(out).toBe(full);
    // The next day peaks near 0.6 and bottoms near 0.4, like the last day of data.
    const yhat = full
      .trim()
      .split('\n')
      .slice(1)
      .map((r) => Number(r.split(',')[1]));
    expect(Math.max(...yhat)).toBeGreaterThan(0.57);
    expect(Math.max(...yhat)).toBeLessThan(0.63);
    expect(Math.min(...yhat)).toBeGreaterThan(0.37);
    expect(Math.min(...yhat)).toBeLessThan(0.43);
  });
});

describe('bellwether forecast and tte on inputs longer than they keep', () => {
  // 50,000 rows out of time order at the start (a row of the first minute comes last): the readers
  // keep the rows of the latest 40,000 timestamps, and the answers equal those on the last rows alone.
  const n = 50_000;
  const value = (i: number) => 1000 + 0.01 * i + 5 * Math.sin((2 * Math.PI * i) / 1440) + ((i * 7919) % 13) / 13;
  const rows = Array.from({ length: n }, (_, i) => `${1_700_000_000 + 60 * i},${value(i).toFixed(4)}`);
  const long = [...rows.slice(1), rows[0]].join('\n');
  const last = rows.slice(n - 40_000).join('\n');

  it('forecast: the same forecast as the last rows alone, and the rows not used counted', async () => {
    expect(await run([csv('long.csv', long), '--horizon', '60', '--model', 'linear', '--train', 'all'])).toBe(0);
    expect(err).toContain('kept the 40,000 rows with the latest timestamps');
    expect(err).toContain('10,000 earlier rows were not used');
    expect(err).toContain('the training window of 40,000 points at step 60s was cut to its last 10,000');
    const full = out;
    out = '';
    expect(await run([csv('last.csv', last), '--horizon', '60', '--model', 'linear', '--train', 'all'])).toBe(0);
    expect(out).toBe(full);
  });

  it('tte: reads every row of --train all at a coarser step (no cut), whatever their order', async () => {
    // Time to exhaustion reads a window longer than 10,000 points every k-th sample (trainingStep):
    // 50,000 rows at 1 minute are read at 5 minutes from the first row, not cut to the last 40,000.
    const args = ['--capacity', '2000', '--direction', 'up', '--model', 'linear', '--train', 'all'];
    expect(await runTte([csv('long.csv', long), ...args])).toBe(0);
    const full = JSON.parse(out);
    expect(full.warnings.join('\n')).not.toContain('was cut');
    expect(full.forecastStepSeconds).toBe(300);
    expect(full.segmentStartSeconds).toBeLessThan(1_700_000_000 + 300);
    out = '';
    expect(await runTte([csv('sorted.csv', rows.join('\n')), ...args])).toBe(0);
    expect(JSON.parse(out)).toEqual(full);
  });
});

describe('bellwether tte', () => {
  it('prints the crossing, its bounds, the model and the trend test as JSON', async () => {
    // 2 per minute; last value 118 at t0 + 59 min; 200 is reached 41 minutes later.
    expect(await runTte([csv('a.csv', line), '--capacity', '200', '--direction', 'up', '--model', 'linear'])).toBe(0);
    const r = JSON.parse(out);
    expect(r.seconds).toBeCloseTo(41 * 60, 6);
    // The crossing in ISO 8601 and in epoch seconds, whatever the input's timestamps.
    expect(r.crossingTimeSeconds).toBeCloseTo(1_700_000_000 + 100 * 60, 3);
    expect(r.crossingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(r.crossingTime) / 1000).toBeCloseTo(r.crossingTimeSeconds, 2);
    expect(r.model).toBe('linear');
    expect(r.trend.trend).toBe('increasing');
    expect(r.trend.test).toBe('mann-kendall');
  });

  it('prints null for a crossing that never comes, and validates its options', async () => {
    expect(await runTte([csv('a.csv', line), '--capacity', '0', '--direction', 'down', '--model', 'linear'])).toBe(0);
    expect(JSON.parse(out).seconds).toBeNull();
    expect(await runTte([csv('a.csv', line), '--capacity', '200'])).toBe(2);
    expect(err).toMatch(/--direction/);
    expect(await runTte([csv('a.csv', line), '--direction', 'up'])).toBe(2);
    expect(err).toMatch(/--capacity/);
    expect(await runTte([csv('a.csv', line), '--capacity', '200', '--direction', 'up', '--now', 'soon'])).toBe(2);
    expect(err).toMatch(/--now must be a timestamp/);
    expect(await runTte([csv('a.csv', line), '--capacity', '200', '--direction', 'up', '--step', '1m'])).toBe(2);
    expect(err).toMatch(/--step applies to --values-only input only/);
  });

  it('takes a negative capacity and --now like the input timestamps', async () => {
    const falling = Array.from({ length: 60 }, (_, i) => `${1_700_000_000 + 60 * i},${-2 * i}`).join('\n');
    expect(
      await runTte([
        csv('f.csv', falling),
        '--capacity',
        '-200',
        '--direction',
        'down',
        '--model',
        'linear',
        '--now',
        String(1_700_000_000 + 60 * 59),
      ])
    ).toBe(0);
    expect(JSON.parse(out).seconds).toBeCloseTo(41 * 60, 6);
  });
});
