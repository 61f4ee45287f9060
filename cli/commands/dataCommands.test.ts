/**
 * The rules every data command shares (cli/seriesIo.ts, cli/seriesCsv.ts, cli/exitCodes.ts), checked
 * on each of detect, forecast and tte: where input comes from and output goes, the bad-rows rule,
 * the duplicate report, one-line errors and exit codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture, spawnCli } from '../testCli';
import { run as detect } from './detect';
import { run as forecast } from './forecast';
import { run as tte } from './tte';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bw-data-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const T0 = 1_700_000_000;
/** `n` rows a minute apart, a rising line with a small wiggle; row i is on line i + 2. */
function rows(n: number, value = (i: number) => String(2 * i + ((i * 7) % 5) / 10)): string[] {
  return Array.from({ length: n }, (_, i) => `${T0 + 60 * i},${value(i)}`);
}
const csv = (lines: string[]) => ['timestamp,value', ...lines].join('\n') + '\n';

const COMMANDS = [
  {
    name: 'detect',
    run: detect,
    options: ['--model', 'mad'],
    first: 'timestamp,value,expected,lower,upper,score,anomaly,kind',
  },
  {
    name: 'forecast',
    run: forecast,
    options: ['--horizon', '2', '--model', 'linear'],
    first: 'timestamp,yhat,lower,upper',
  },
  { name: 'tte', run: tte, options: ['--capacity', '1000', '--direction', 'up', '--model', 'linear'], first: '{' },
];

describe.each(COMMANDS)('bellwether $name', ({ name, run, options, first }) => {
  it('reads a positional FILE and --input FILE alike, and writes --output FILE instead of stdout', async () => {
    const input = file('in.csv', csv(rows(40)));
    const positional = await capture(run, [input, ...options]);
    expect(positional.code).toBe(0);
    expect(positional.out.split('\n')[0]).toBe(first);
    const flag = await capture(run, ['--input', input, ...options]);
    expect(flag).toEqual(positional);
    const output = join(dir, 'out.txt');
    const toFile = await capture(run, [`--input=${input}`, '--output', output, ...options]);
    expect(toFile.code).toBe(0);
    expect(toFile.out).toBe('');
    expect(readFileSync(output, 'utf8')).toBe(positional.out);
  });

  it('refuses two inputs with one line pointing at --help (exit 2)', async () => {
    const input = file('in.csv', csv(rows(40)));
    const both = await capture(run, [input, '--input', input, ...options]);
    expect(both.code).toBe(2);
    expect(both.err).toBe(
      `bellwether ${name}: give the input once: FILE or --input FILE, got ${JSON.stringify(input)} and --input\n` +
        `Run \`bellwether ${name} --help\` for the options.\n`
    );
    expect((await capture(run, [input, input, ...options])).code).toBe(2);
    const unknown = await capture(run, [input, '--colour', 'red', ...options]);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')[0]).toBe(`bellwether ${name}: unknown option --colour`);
    expect(unknown.err).not.toMatch(/Usage:/);
  });

  it('refuses a non-numeric value by default: one line naming the file and line (exit 1)', async () => {
    const input = file('bad.csv', csv(rows(40, (i) => (i === 7 ? 'n/a' : String(i)))));
    const r = await capture(run, [input, ...options]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `bellwether ${name}: ${input} line 9: the value "n/a" is not a number (--bad-rows gap keeps such rows as gaps)\n`
    );
    // The same with the mode spelled out.
    expect(await capture(run, [input, '--bad-rows', 'error', ...options])).toEqual(r);
  });

  it('with --bad-rows gap keeps non-numeric values as gaps and reports their count and lines', async () => {
    const input = file('bad.csv', csv(rows(40, (i) => (i === 7 || i === 20 ? 'n/a' : String(i)))));
    const r = await capture(run, [input, '--bad-rows=gap', ...options]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(first);
    expect(r.err).toContain(`bellwether ${name}: ${input}: kept 2 rows with unreadable values as gaps (lines 9, 22)\n`);
  });

  it('refuses an unreadable timestamp by default, and with --bad-rows gap drops and counts its row', async () => {
    const lines = rows(40);
    lines[3] = 'yesterday,3';
    const input = file('ts.csv', csv(lines));
    const refused = await capture(run, [input, ...options]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `bellwether ${name}: ${input} line 5: cannot read the timestamp "yesterday" (--bad-rows gap keeps such rows as gaps)\n`
    );
    const gap = await capture(run, [input, '--bad-rows', 'gap', ...options]);
    expect(gap.code).toBe(0);
    expect(gap.err).toContain(`bellwether ${name}: ${input}: dropped 1 row with an unreadable timestamp (line 5)\n`);
  });

  it('refuses --bad-rows other than error or gap (exit 2)', async () => {
    const r = await capture(run, [file('in.csv', csv(rows(40))), '--bad-rows', 'skip', ...options]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`bellwether ${name}: --bad-rows must be error or gap, got "skip"`);
  });

  it('reports merged duplicate timestamps and sorted rows with counts', async () => {
    const lines = rows(40);
    lines.splice(11, 0, `${T0 + 60 * 10},99`, `${T0 + 60 * 10},98`);
    [lines[30], lines[31]] = [lines[31], lines[30]];
    const input = file('dup.csv', csv(lines));
    const r = await capture(run, [input, ...options]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `bellwether ${name}: ${input}: merged 2 duplicate timestamps into the mean of their values (42 rows → 40 points; lines 13, 14)\n`
    );
    expect(r.err).toContain(`bellwether ${name}: ${input}: sorted 1 row that came after a later timestamp (line 33)\n`);
  });

  it('answers rows out of order with repeated times as it answers them sorted and merged into their mean', async () => {
    const lines = rows(40);
    // Far from the line (2 per step): taking either row, rather than their mean, moves the answer.
    lines.splice(36, 0, `${T0 + 60 * 38},60`);
    lines.splice(5, 0, `${T0 + 60 * 20},10`);
    [lines[25], lines[26]] = [lines[26], lines[25]];
    lines.unshift(lines.splice(3, 1)[0]);
    const merged = rows(40);
    merged[38] = `${T0 + 60 * 38},${(60 + 2 * 38 + ((38 * 7) % 5) / 10) / 2}`;
    merged[20] = `${T0 + 60 * 20},${(10 + 2 * 20 + ((20 * 7) % 5) / 10) / 2}`;
    const shuffled = await capture(run, [file('shuffled.csv', csv(lines)), ...options]);
    const sorted = await capture(run, [file('merged.csv', csv(merged)), ...options]);
    expect(shuffled.code).toBe(0);
    expect(shuffled.err).toContain('merged 2 duplicate timestamps');
    expect(shuffled.out).toBe(sorted.out);
  });

  it('gives one line for empty input, for input without a numeric value, and for a missing file (exit 1)', async () => {
    const empty = file('empty.csv', 'timestamp,value\n\n');
    expect(await capture(run, [empty, ...options])).toEqual({
      code: 1,
      out: '',
      err: `bellwether ${name}: ${empty}: no data rows\n`,
    });
    const blank = file('blank.csv', csv(rows(40, () => 'NaN')));
    const r = await capture(run, [blank, ...options]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n').filter(Boolean).pop()).toBe(`bellwether ${name}: ${blank}: no row has a numeric value`);
    const missing = join(dir, 'nope.csv');
    const m = await capture(run, [missing, ...options]);
    expect(m.code).toBe(1);
    expect(m.err).toMatch(
      new RegExp(`^bellwether ${name}: cannot read ${missing}: no such file or directory \\(ENOENT\\)\\n$`)
    );
  });

  it('exits 3 when the series is valid but too short for the model', async () => {
    const r = await capture(run, [file('short.csv', csv(rows(2))), ...options]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(new RegExp(`^bellwether ${name}: not_enough_data: [^\\n]*\\n$`));
  });

  it('documents the input options, the bad-rows rule and the exit codes in --help (exit 0)', async () => {
    const r = await capture(run, ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: bellwether ${name} \\[FILE\\|-\\]`));
    for (const text of ['--input FILE', '--output FILE', '--bad-rows MODE', 'Exit codes:', '3  not enough data']) {
      expect(r.out).toContain(text);
    }
  });
});

describe('standard input, through the real binary', () => {
  it.each(COMMANDS)(
    '$name reads "-" and no FILE from stdin like a file, and names it "stdin"',
    ({ name, options, run }) => {
      const text = csv(rows(40));
      const dash = spawnCli([name, '-', ...options], text);
      expect(dash.code).toBe(0);
      return capture(run, [file('in.csv', text), ...options]).then((fromFile) => {
        expect(dash.out).toBe(fromFile.out);
        // The same notes as from a file (tte's 40 rows are too short for the rate-spread term, and say so).
        expect(dash.err).toBe(fromFile.err);
        if (name === 'forecast') {
          expect(dash.err).toBe('bellwether forecast: model linear, interval 95%\n');
        }
        const bad = spawnCli([name, ...options], text.replace(`${T0 + 60},`, 'later,'));
        expect(bad.code).toBe(1);
        expect(bad.err).toBe(
          `bellwether ${name}: stdin line 3: cannot read the timestamp "later" (--bad-rows gap keeps such rows as gaps)\n`
        );
      });
    },
    60_000
  );
});

describe('bellwether forecast --horizon', () => {
  // tte's --horizon and the companion's forecast(x, 1d) take a duration; forecast's counts steps.
  // "--horizon 1d" read "--horizon must be a number, got "1d"", which does not say which number.
  it('given a duration, says it counts steps and how to turn the duration into steps (exit 2)', async () => {
    const r = await capture(forecast, [file('h.csv', csv(rows(40))), '--horizon', '1h']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(
      'bellwether forecast: --horizon counts steps after the last input, got the duration "1h": divide it by the series\' step (1h at a 1m step is --horizon 60)'
    );
  });
});
