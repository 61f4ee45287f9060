import { prepareSeries } from '../src/ml/core/prepare';
import { CommandError } from './exitCodes';
import { CsvOptions, describeInput, formatCount, parseSeriesCsv, parseValue, SeriesCsvReader } from './seriesCsv';

const ERROR: CsvOptions = { source: 'x.csv', badRows: 'error', valuesOnly: false, stepMs: 1000 };
const GAP: CsvOptions = { ...ERROR, badRows: 'gap' };

function refusal(text: string, options = ERROR): string {
  try {
    parseSeriesCsv(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).exitCode).toBe(1);
    return (e as Error).message;
  }
  throw new Error('not refused');
}

describe('parseValue', () => {
  it('reads decimals, marks empty/NaN/null as missing, infinities as infinite, and refuses the rest', () => {
    expect([parseValue('1.5'), parseValue('-2e3'), parseValue('.5'), parseValue('7.')]).toEqual([1.5, -2000, 0.5, 7]);
    expect([parseValue(''), parseValue('NaN'), parseValue('null')]).toEqual([NaN, NaN, NaN]);
    expect([parseValue('+Inf'), parseValue('-Inf'), parseValue('Infinity')]).toEqual([Infinity, -Infinity, Infinity]);
    for (const bad of ['abc', '0x10', '1,5', '12kB', '--1']) {
      expect(parseValue(bad)).toBeUndefined();
    }
  });
});

describe('parseSeriesCsv', () => {
  it('skips blank and # lines and a header whose cells are neither a timestamp nor a value', () => {
    const withHeader = parseSeriesCsv('# exported\ntimestamp,value\n\n10,1\n"20","2"\n', ERROR);
    expect(Array.from(withHeader.t)).toEqual([10_000, 20_000]);
    expect(Array.from(withHeader.v)).toEqual([1, 2]);
    expect(withHeader.rows).toBe(2);
    const without = parseSeriesCsv('10,1\n20,2', ERROR);
    expect(Array.from(without.t)).toEqual([10_000, 20_000]);
    // A first line with a readable value is data, so a bad timestamp there is refused, not skipped.
    expect(refusal('time,5\n10,1\n')).toBe(
      'x.csv line 1: cannot read the timestamp "time" (--bad-rows gap keeps such rows as gaps)'
    );
  });

  it('refuses a bad row with its line number, or keeps it as a gap with --bad-rows gap', () => {
    const text = 'timestamp,value\n10,1\n20,abc\n30,3\nsoon,4\n50,5,6\n';
    expect(refusal(text)).toBe(
      'x.csv line 3: the value "abc" is not a number (--bad-rows gap keeps such rows as gaps)'
    );
    const kept = parseSeriesCsv(text, GAP);
    expect(Array.from(kept.t)).toEqual([10_000, 20_000, 30_000, 50_000]);
    expect(Array.from(kept.v)).toEqual([1, NaN, 3, NaN]);
    expect(kept.gapped).toEqual([3, 6]);
    expect(kept.dropped).toEqual([5]);
    expect(kept.rows).toBe(4);
    expect(refusal('10,1\n50,5,6\n')).toBe(
      'x.csv line 2: expected 2 fields "timestamp,value", got 3 (--bad-rows gap keeps such rows as gaps)'
    );
  });

  it('counts missing and infinite values, duplicates and rows out of order, with their lines', () => {
    const csv = parseSeriesCsv('10,1\n20,\n20,NaN\n40,+Inf\n30,3\n20,2\n', ERROR);
    expect(csv.missing).toEqual([2, 3]);
    expect(csv.infinite).toEqual([4]);
    expect(csv.duplicates).toEqual([3, 6]);
    expect(csv.outOfOrder).toEqual([5, 6]);
    // The same count of merged rows as the engine's own cleaning.
    expect(prepareSeries(csv).duplicates).toBe(csv.duplicates.length);
    expect(describeInput(csv)).toEqual([
      '2 rows have no value (empty, NaN or null): kept as gaps (lines 2, 3)',
      '1 infinite value treated as missing (line 4)',
      'sorted 2 rows that came after a later timestamp (lines 5, 6)',
      'merged 2 duplicate timestamps into the mean of their values (6 rows → 4 points; lines 3, 6)',
    ]);
    expect(describeInput(parseSeriesCsv('10,1\n20,2\n', ERROR))).toEqual([]);
  });

  it('reads one value per line with --values-only, a header allowed, timestamps step apart from 0', () => {
    const csv = parseSeriesCsv('value\n1\n\n2\nx\n4\n', { ...GAP, valuesOnly: true, stepMs: 60_000 });
    expect(Array.from(csv.t)).toEqual([0, 60_000, 120_000, 180_000]);
    expect(Array.from(csv.v)).toEqual([1, 2, NaN, 4]);
    expect(csv.format).toBe('offset');
    expect(csv.gapped).toEqual([5]);
    expect(refusal('1\n2,3\n', { ...ERROR, valuesOnly: true })).toBe(
      'x.csv line 2: expected 1 field (a value), got 2 (--bad-rows gap keeps such rows as gaps)'
    );
  });

  it('takes the output time format from the first row', () => {
    expect(parseSeriesCsv('2014-04-10 07:15:00,1\n', ERROR).format).toBe('nab');
    expect(parseSeriesCsv('2014-04-10T07:15:00Z,1\n', ERROR).format).toBe('iso');
    expect(parseSeriesCsv('1397114100000,1\n', ERROR).format).toBe('ms');
  });

  it('formats counts with thousands separators', () => {
    expect([formatCount(7), formatCount(4730), formatCount(1234567)]).toEqual(['7', '4,730', '1,234,567']);
  });

  it('with keepLatest holds only the rows of the latest timestamps, and counts the rest as not used', () => {
    const reader = new SeriesCsvReader({ ...ERROR, keepLatest: 3 });
    // 10 rows in order, then one late row older than those dropped, one inside the kept window.
    for (let i = 1; i <= 10; i++) {
      reader.line(`${i * 10},${i}`);
    }
    reader.line('20,99');
    reader.line('85,8.5');
    const csv = reader.end();
    expect(Array.from(csv.t)).toEqual([90_000, 100_000, 85_000]);
    expect(Array.from(csv.v)).toEqual([9, 10, 8.5]);
    expect(csv.rows).toBe(12);
    expect(csv.unused).toBe(9);
    expect(csv.finiteRows).toBe(12);
    expect(csv.counts.outOfOrder).toBe(2);
    expect(describeInput(csv)).toContain(
      'kept the 3 rows with the latest timestamps, which hold every point the model can train on: 9 earlier rows were not used'
    );
    // The same last rows as a file holding only them.
    const whole = parseSeriesCsv('90,9\n100,10\n85,8.5\n', ERROR);
    expect([Array.from(whole.t), Array.from(whole.v)]).toEqual([Array.from(csv.t), Array.from(csv.v)]);
  });

  it('counts every listed line but keeps the first 1,000 of them', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `${i},`).join('\n');
    const csv = parseSeriesCsv(`0,1\n${text}`, ERROR);
    expect(csv.counts.missing).toBe(1500);
    expect(csv.missing).toHaveLength(1000);
    expect(describeInput(csv)[0]).toBe(
      '1,500 rows have no value (empty, NaN or null): kept as gaps (lines 2, 3, 4, …)'
    );
  });
});
