/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The panels on a frame whose rows are out of time order and repeat timestamps (a SQL or CSV source):
 * they sort them and merge repeated times into their mean through the engine's one rule (history.ts
 * rowsOnGrid), as the CLI does, so every row of the anomaly panel shows `bellwether detect`'s figures
 * for its time, the forecast panel reads the matrix `bellwether forecast` and `tte` read, and the
 * notices count what was sorted and merged as the CLI warns.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../cli/commands/detect';
import { engineInput } from '../../../cli/engine';
import { capture } from '../../../cli/testCli';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { detectionsOnMatrix } from '../../../src/engine/evaluate';
import {
  analysisFromEngine,
  anomalyRequestFor,
  onRows,
  type SeriesAnalysis,
} from '../../../src/panels/anomaly/analysis';
import type { DrawnSeries } from '../../../src/panels/anomaly/anomalyChart';
import { historyHint } from '../../../src/panels/anomaly/historyHint';
import { sharedRowsNotice } from '../../../src/panels/anomaly/sharedRowsNotice';
import { DEFAULT_OPTIONS } from '../../../src/panels/anomaly/types';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { DEFAULT_OPTIONS as FORECAST_OPTIONS } from '../../../src/panels/forecast/types';

jest.setTimeout(5 * 60_000);

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;
const STEP = 5 * 60_000;
const DAY = 24 * 60 * 60_000;
const N = 1000;
const SPIKE = 900;

/** A regular 5-minute series with a daily cycle and a spike, its rows shuffled and some times repeated. */
function shuffled(): { t: number[]; v: number[] } {
  const t = Array.from({ length: N }, (_, i) => T0 + i * STEP);
  const v = t.map((x, i) => 50 + 10 * Math.sin((2 * Math.PI * (x - T0)) / DAY) + 2 * Math.sin(i * 2.399963));
  v[SPIKE] += 60;
  // Adjacent rows swapped every 23 rows, and a late row moved to the front.
  for (let i = 5; i < N - 1; i += 23) {
    [t[i], t[i + 1]] = [t[i + 1], t[i]];
    [v[i], v[i + 1]] = [v[i + 1], v[i]];
  }
  t.unshift(t.splice(40, 1)[0]);
  v.unshift(v.splice(40, 1)[0]);
  // Repeated times with other values: one beside its twin, others far from it (one at the spike).
  for (const [i, dv] of [
    [300, 4],
    [610, -3],
    [SPIKE, -20],
    [950, 5],
  ]) {
    const at = i % 3 === 0 ? i + 1 : 200;
    t.splice(at, 0, T0 + i * STEP);
    v.splice(at, 0, 50 + 10 * Math.sin((2 * Math.PI * i * STEP) / DAY) + dv);
  }
  return { t, v };
}

async function panelAnalysis(t: number[], v: number[]): Promise<SeriesAnalysis> {
  const s: PanelSeries = { name: 'shuffled', t: Float64Array.from(t), v: Float64Array.from(v), derived: {} };
  const req = anomalyRequestFor(s, DEFAULT_OPTIONS);
  if ('status' in req) {
    throw new Error(req.message);
  }
  const [d] = await detectionsOnMatrix(req.matrix, req.call, req.points);
  return analysisFromEngine(s, onRows(s, req, d), DEFAULT_OPTIONS.model);
}

describe('the anomaly panel on rows out of order with repeated times', () => {
  it('gives each row the figures bellwether detect writes for its time, and counts the rows sorted and merged', async () => {
    const { t, v } = shuffled();
    const a = await panelAnalysis(t, v);

    const dir = mkdtempSync(join(tmpdir(), 'bw-unsorted-'));
    const file = join(dir, 'shuffled.csv');
    writeFileSync(file, 'timestamp,value\n' + t.map((x, i) => `${x},${v[i]}`).join('\n') + '\n');
    const cli = await capture(run, [file]);
    expect(cli.code).toBe(0);
    const lines = cli.out.trim().split('\n').slice(1);
    expect(lines).toHaveLength(N);
    const byTime = new Map(lines.map((l) => [Number(l.split(',')[0]), l.split(',')]));
    // The CLI's columns: timestamp,value,expected,lower,upper,score,anomaly,kind (numbers to 9 decimals).
    const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : '');
    const panelRows = t.map((x, i) => [
      num(a.expected![i]),
      num(a.lower![i]),
      num(a.upper![i]),
      num(a.score![i]),
      String(a.isAnomaly[i]),
    ]);
    const cliRows = t.map((x) => byTime.get(x)!.slice(2, 7));
    expect(panelRows).toEqual(cliRows);
    // The spike is found, and its repeated row shows the merged point's verdict.
    const spikeRows = t.flatMap((x, i) => (x === T0 + SPIKE * STEP ? [i] : []));
    expect(spikeRows).toHaveLength(2);
    expect(spikeRows.map((i) => a.isAnomaly[i])).toEqual([1, 1]);

    // Counted as the CLI warns: rows sorted (each row after a later time; the repeated 950th row, put
    // at row 200, puts the 750 rows after it out of order) and times merged.
    expect(cli.err).toContain('sorted 802 rows that came after a later timestamp');
    expect(cli.err).toContain('merged 4 duplicate timestamps into the mean of their values');
    expect(a.rowCounts).toEqual({ outOfOrder: 802, merged: 4, noTime: 0, offGrid: 0 });
    const drawn = [{ outcome: a }] as unknown as DrawnSeries[];
    expect(sharedRowsNotice(drawn)).toBe(
      'Sorted 802 rows that came after a later timestamp. Merged 4 duplicate timestamps into the mean of their ' +
        "values (each row shows the merged point's verdict)."
    );
  });

  it('says from when the model judged, and the history it needs, in time order: a frame in descending time', async () => {
    const t = Array.from({ length: N }, (_, i) => T0 + i * STEP);
    const v = t.map((x, i) => 50 + 10 * Math.sin((2 * Math.PI * (x - T0)) / DAY) + 2 * Math.sin(i * 2.399963));
    const sorted = await panelAnalysis(t, v);
    const reversed = await panelAnalysis([...t].reverse(), [...v].reverse());
    if (sorted.status !== 'ok' || reversed.status !== 'ok') {
      throw new Error('not analysed');
    }
    // The model warms up over the first rows of time; their first judged time is the same either way.
    expect(sorted.judgedFrom).toBeGreaterThan(0);
    expect(reversed.judgedFrom).toBeDefined();
    expect([...t].reverse()[reversed.judgedFrom!]).toBe(t[sorted.judgedFrom!]);
    const hint = (a: SeriesAnalysis, tt: number[]) =>
      historyHint([{ series: { t: Float64Array.from(tt) }, outcome: a }] as unknown as DrawnSeries[]);
    expect(hint(sorted, t)).toContain('The model needs');
    expect(hint(reversed, [...t].reverse())).toBe(hint(sorted, t));
  });
});

describe('the forecast panel on rows out of order with repeated times', () => {
  it("reads the CLI's matrix, step and point, and counts the rows sorted and merged", () => {
    const t = Array.from({ length: 300 }, (_, i) => T0 + i * MIN);
    const v = t.map((_, i) => 100 + 0.5 * i + Math.sin(i));
    // A late row first, two rows swapped, and a repeated time far from the line.
    t.unshift(t.splice(120, 1)[0]);
    v.unshift(v.splice(120, 1)[0]);
    [t[50], t[51]] = [t[51], t[50]];
    [v[50], v[51]] = [v[51], v[50]];
    t.push(T0 + 200 * MIN);
    v.push(0);
    const s = { name: 'disk', t: Float64Array.from(t), v: Float64Array.from(v), derived: {} } as PanelSeries;
    const plan = planFor(s, FORECAST_OPTIONS, 1000);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    const cli = engineInput({ t: Float64Array.from(t), v: Float64Array.from(v) }, {});
    expect(plan.matrix.step).toBe(MIN);
    expect(cli.step).toBe(MIN);
    expect(plan.point).toBe(cli.point);
    expect(plan.matrix.from).toBe(cli.matrix.from);
    const values = plan.matrix.series[0].values;
    expect(Array.from(values)).toEqual(Array.from(cli.matrix.series[0].values));
    expect(values).toHaveLength(300);
    expect(values[200]).toBe((100 + 0.5 * 200 + Math.sin(200)) / 2);
    expect(plan.rowCounts).toEqual({ outOfOrder: 121, merged: 1, noTime: 0, offGrid: 0 });
  });
});
