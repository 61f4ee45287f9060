/**
 * `bellwether detect` runs on the one engine: for the same series, step and options it gives the same
 * score, band and verdicts as the companion's anomaly_score / anomaly_upper / anomaly_lower (through
 * its history store, from an in-process upstream) and as the anomaly panel's worker call.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv, memoryUpstream } from '../../tests/support/memoryUpstream';
import { evaluateRange } from '../../companion/src/query/evaluate';
import { parseQuery } from '../../companion/src/query/parser';
import type { DerivedQuery } from '../../companion/src/query/ast';
import { MATRIX_SETTINGS } from '../../src/engine/context';
import { detectLeadIn } from '../../src/engine/detectRuns';
import { segmentStart } from '../../src/engine/grid';
import { matrixPoints, seriesMatrix } from '../../src/engine/history';
import { mulberry32 } from '../../src/ml/core/prng';
import { handlers } from '../../src/worker/handlers';
import { capture } from '../testCli';
import { run } from './detect';

jest.setTimeout(5 * 60_000);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1);
const N = 3 * 24 * 60;
// A 40-minute saturation on the third day and a one-minute spike on the second.
const INCIDENT = T0 + 2 * DAY + 10 * HOUR;
const SPIKE = T0 + DAY + 15 * HOUR;

function cpu(): Float64Array {
  const rnd = mulberry32(11);
  return Float64Array.from({ length: N }, (_, i) => {
    const t = T0 + i * MIN;
    const base = 25 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * (rnd() - 0.5);
    return t >= INCIDENT && t < INCIDENT + 40 * MIN ? 96 : t === SPIKE ? 90 : base;
  });
}

/** The companion's values of `expr` every minute over the whole series, by time (ms). */
async function companion(v: Float64Array, expr: string): Promise<Map<number, number>> {
  const env = companionEnv(
    memoryUpstream([{ labels: { __name__: 'cpu' }, values: v }], T0, MIN),
    { step: MIN, train: 3 * DAY, refit: HOUR, level: 0.95 },
    () => T0 + N * MIN + DAY
  );
  const m = await evaluateRange(parseQuery(expr) as DerivedQuery, T0, T0 + (N - 1) * MIN, MIN, env);
  return new Map((m.result[0]?.values ?? []).map(([t, x]) => [Math.round(t * 1000), Number(x)]));
}

describe('bellwether detect gives the companion\'s and the panel\'s figures', () => {
  test('score, band and verdicts equal anomaly_score / anomaly_upper / anomaly_lower at the same step and options', async () => {
    const v = cpu();
    const dir = mkdtempSync(join(tmpdir(), 'bw-parity-'));
    const input = join(dir, 'cpu.csv');
    writeFileSync(
      input,
      'timestamp,value\n' + Array.from(v, (x, i) => `${new Date(T0 + i * MIN).toISOString()},${x}`).join('\n') + '\n'
    );
    // A 4 h window: runs restart every 48 h (4 lead-ins of 3 windows), so the series spans two runs.
    const cli = await capture(run, [input, '--train', '4h']);
    expect(cli.code).toBe(0);
    const rows = cli.out.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(N);
    const col = (c: number) => new Map(rows.map((r) => [Date.parse(r[0]), r[c] === '' ? NaN : Number(r[c])]));
    const opts = '"train=4h"';
    const expected = {
      score: await companion(v, `anomaly_score(cpu, ${opts})`),
      upper: await companion(v, `anomaly_upper(cpu, ${opts})`),
      lower: await companion(v, `anomaly_lower(cpu, ${opts})`),
    };
    const got = { score: col(5), upper: col(4), lower: col(3) };
    // The panel: the worker's call over the series as a matrix (what the anomaly panel draws).
    const matrix = seriesMatrix(
      Array.from(v, (_, i) => T0 + i * MIN),
      v,
      MIN
    );
    const [panel] = await handlers.detections(
      matrix,
      { func: 'anomaly_score', inner: 'panel', options: { train: 4 * HOUR, step: MIN } },
      matrixPoints(matrix)
    );
    // The CLI and the panel hold the whole series: every point is the same.
    for (const [t, s] of got.score) {
      const k = Math.round((t - T0) / MIN);
      if (Number.isNaN(s)) {
        expect(panel.outputs.score[k]).toBeNaN();
      } else {
        expect(panel.outputs.score[k]).toBeCloseTo(s, 8);
        expect(panel.outputs.upper[k]).toBeCloseTo(got.upper.get(t)!, 6);
      }
    }
    // The companion reads its history from the upstream: where a run starts before the series does
    // (the first block), it feeds that run missing values, so its first judgements differ. From the
    // first run that starts inside the series on, its figures are the CLI's.
    const leadIn = detectLeadIn({ func: 'anomaly_score', inner: 'cpu', options: { train: 4 * HOUR, step: MIN } }, MATRIX_SETTINGS, MIN);
    let compared = 0;
    for (let t = T0; t < T0 + N * MIN; t += MIN) {
      if (segmentStart(t, leadIn, MIN) < T0) {
        continue;
      }
      expect(expected.score.has(t)).toBe(true);
      expect(got.score.get(t)).toBeCloseTo(expected.score.get(t)!, 8);
      expect(got.upper.get(t)).toBeCloseTo(expected.upper.get(t)!, 6);
      expect(got.lower.get(t)).toBeCloseTo(expected.lower.get(t)!, 6);
      compared++;
    }
    // Most of the series is judged, the incident and the spike are flagged, and nothing else for long.
    expect(compared).toBeGreaterThan(N / 2);
    const anomaly = new Map(rows.map((r) => [Date.parse(r[0]), r[6] === '1']));
    expect(anomaly.get(SPIKE)).toBe(true);
    for (let t = INCIDENT; t < INCIDENT + 40 * MIN; t += MIN) {
      expect(anomaly.get(t)).toBe(true);
    }
    expect([...anomaly.values()].filter(Boolean).length).toBeLessThan(120);
  });
});

describe('bellwether detect on a file that starts after the companion\'s run does', () => {
  // 14 days in the companion's upstream; the file holds the last 11 (from 3 d 7 h in, mid-block).
  const DAYS = 14;
  const FILE_FROM = T0 + 3 * DAY + 7 * HOUR;
  const series = (): Float64Array => {
    const rnd = mulberry32(5);
    return Float64Array.from({ length: DAYS * 1440 }, (_, i) => 25 + 10 * Math.sin((2 * Math.PI * i) / 1440) + 2 * (rnd() - 0.5));
  };
  const scores = (out: string) =>
    new Map(out.trim().split('\n').slice(1).map((l) => l.split(',')).map((r) => [Date.parse(r[0]), r[5] === '' ? NaN : Number(r[5])]));
  const write = (v: Float64Array, from: number, name: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'bw-parity-')), name);
    const rows: string[] = [];
    for (let t = from; t < T0 + DAYS * DAY; t += MIN) {
      rows.push(`${new Date(t).toISOString()},${v[(t - T0) / MIN]}`);
    }
    writeFileSync(path, 'timestamp,value\n' + rows.join('\n') + '\n');
    return path;
  };

  test('names the rows that differ from anomaly_score and the file that gives its figures; that file gives them', async () => {
    const v = series();
    const env = companionEnv(
      memoryUpstream([{ labels: { __name__: 'cpu' }, values: v }], T0, MIN),
      { step: MIN, train: 3 * DAY, refit: HOUR, level: 0.95 },
      () => T0 + (DAYS + 1) * DAY
    );
    const m = await evaluateRange(parseQuery('anomaly_score(cpu, "train=4h")') as DerivedQuery, FILE_FROM, T0 + DAYS * DAY - MIN, MIN, env);
    const companion = new Map((m.result[0]?.values ?? []).map(([t, x]) => [Math.round(t * 1000), Number(x)]));
    const leadIn = detectLeadIn({ func: 'anomaly_score', inner: 'cpu', options: { train: 4 * HOUR, step: MIN } }, MATRIX_SETTINGS, MIN);
    const companionFrom = segmentStart(FILE_FROM, leadIn, MIN);
    expect(companionFrom).toBeGreaterThan(T0); // the companion's first run reads data the file lacks

    const cli = await capture(run, [write(v, FILE_FROM, 'cpu-11d.csv'), '--train', '4h']);
    expect(cli.code).toBe(0);
    const got = scores(cli.out);
    const later = [...got.keys()].filter((t) => segmentStart(t, leadIn, MIN) < FILE_FROM);
    const until = [...got.keys()].find((t) => segmentStart(t, leadIn, MIN) >= FILE_FROM)!;
    expect(later.length).toBeGreaterThan(0);
    expect(cli.err).toContain(
      `bellwether detect: companion parity: the companion starts the runs of the ${later.length.toLocaleString('en')} rows ` +
        `before ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC at ` +
        `${new Date(companionFrom).toISOString().slice(0, 16).replace('T', ' ')} UTC, before the file's first row`
    );
    // Those rows differ (the run's season and fits were chosen on other data); every later row is equal.
    expect(later.filter((t) => Math.abs(got.get(t)! - companion.get(t)!) > 0.01).length).toBeGreaterThan(0);
    let equal = 0;
    for (const [t, s] of got) {
      if (t >= until) {
        expect(s).toBeCloseTo(companion.get(t)!, 8);
        equal++;
      }
    }
    expect(equal).toBeGreaterThan(7 * 1440);

    // The file from the start the warning names gives the companion's figures at every row of the range.
    const full = await capture(run, [write(v, companionFrom, 'cpu-from-run.csv'), '--train', '4h']);
    expect(full.code).toBe(0);
    const fromRun = scores(full.out);
    for (const [t, s] of companion) {
      expect(fromRun.get(t)).toBeCloseTo(s, 8);
    }
  });
});
