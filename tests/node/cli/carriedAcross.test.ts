/**
 * A fill rate carried across a young clean-up (src/ml/tte carryRate.ts) is said the same way by every
 * door: `bellwether tte`'s JSON (`carriedAcross`, `carriedAcrossSeconds`), the companion's exhaustion
 * endpoint (`carriedAcross`, `segmentStart` in epoch seconds) and the forecast panel (its time to
 * exhaustion's `carriedAcross`, and the warning in its notes), with the same time and the same
 * `segmentStart`: the start of the tooth before the reset. Without a carry the field is null or absent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import { exhaustionAt } from '../../../companion/src/api/exhaustionHandler';
import type { DerivedQuery } from '../../../companion/src/query/ast';
import { parseQuery } from '../../../companion/src/query/parser';
import type { PanelSeries } from '../../../src/components/charts/panelSeries';
import { ENGINE_DEFAULTS } from '../../../src/engine/context';
import type { FitDetail } from '../../../src/engine/functions';
import { mulberry32 } from '../../../src/ml/core/prng';
import { planFor } from '../../../src/panels/forecast/engineCalls';
import { panelNotes } from '../../../src/panels/forecast/messages';
import { DEFAULT_OPTIONS } from '../../../src/panels/forecast/types';
import type { SeriesForecast } from '../../../src/panels/forecast/useForecasts';
import { handle } from '../../../src/worker/handlers';
import { companionEnv, memoryUpstream } from '../../support/memoryUpstream';

jest.setTimeout(5 * 60_000);

const STEP = 10 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
// Free space filling 10 %/day from 50 %, clean-ups on days 3 and 6 freeing 25 % each (carryRate.test.ts).
const free = (x: number) => 50 + (x >= 3 * DAY ? 25 : 0) + (x >= 6 * DAY ? 25 : 0) - (10 * x) / DAY;
const N = (6 * DAY) / STEP + 1;

function values(): Float64Array {
  const rand = mulberry32(1);
  return Float64Array.from({ length: N }, (_, i) => {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return free(i * STEP) + 0.3 * g;
  });
}

describe('a rate carried across a young clean-up, at every door', () => {
  const v = values();
  const dir = mkdtempSync(join(tmpdir(), 'bw-carried-'));
  const csv = join(dir, 'disk.csv');
  writeFileSync(csv, 'timestamp,value\n' + Array.from(v, (x, i) => `${(T0 + i * STEP) / 1000},${x}`).join('\n') + '\n');
  const env = () =>
    companionEnv(
      memoryUpstream([{ labels: { __name__: 'disk' }, values: v }], T0, STEP),
      ENGINE_DEFAULTS,
      () => T0 + 7 * DAY
    );

  async function doors(at: number) {
    const cli = await capture(tteCommand, [
      csv,
      ...['--capacity', '0', '--direction', 'down', '--train', '7d', '--now', String(at / 1000)],
    ]);
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.out);
    const query = 'time_to_exhaustion(disk, 0, "direction=down train=7d step=10m refit=10m")';
    const { result } = await exhaustionAt(parseQuery(query) as DerivedQuery, at, env());
    // The panel over the rows up to `at`, with the CLI's options (its fit at the point).
    const k = Math.round((at - T0) / STEP) + 1;
    const s = {
      name: 'disk',
      t: Float64Array.from({ length: k }, (_, i) => T0 + i * STEP),
      v: v.slice(0, k),
    } as PanelSeries;
    const plan = planFor(s, { ...DEFAULT_OPTIONS, direction: 'down', train: '7d' }, 0);
    if ('problem' in plan) {
      throw new Error(plan.problem);
    }
    const call = { ...plan.calls.tte!, options: { ...plan.calls.tte!.options, refit: STEP } };
    const r = await handle('fitDetails', [plan.matrix, [call], plan.point]);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    const detail = (r.result as Array<Array<{ detail?: FitDetail }>>)[0][0].detail!;
    if (detail.family !== 'tte') {
      throw new Error(detail.family);
    }
    return { out, row: result[0], panel: detail.exhaustion };
  }

  it("on the clean-up's own sample: the reset's time and the tooth's start, the same in the CLI, the companion and the panel", async () => {
    const at = T0 + 6 * DAY;
    const { out, row, panel } = await doors(at);
    expect(panel.carriedAcross).toBe(at);
    expect(panel.segmentStart).toBe(T0 + 3 * DAY);
    expect({ carriedAcross: out.carriedAcrossSeconds, segmentStart: out.segmentStartSeconds }).toEqual({
      carriedAcross: at / 1000,
      segmentStart: (T0 + 3 * DAY) / 1000,
    });
    expect(out.carriedAcross).toBe(new Date(at).toISOString());
    expect({ carriedAcross: row.carriedAcross, segmentStart: row.segmentStart }).toEqual({
      carriedAcross: String(at / 1000),
      segmentStart: String((T0 + 3 * DAY) / 1000),
    });
    // The same answer behind the field (full in about 4 d: 40 % at 10 %/day).
    expect(out.verdict).toBe('within');
    expect(row.seconds).toBe(String(out.seconds));
    expect(panel.seconds).toBe(out.seconds);
    // The panel says so in its notes, with the CLI's warning.
    const notes = panelNotes({
      shown: 1,
      candidates: 1,
      maxSeries: 1,
      results: [
        { forecast: { ok: false, code: 'x', message: 'x' }, tte: { ok: true, value: panel } } as SeriesForecast,
      ],
    });
    const carried = out.warnings.filter((w: string) => w.includes('too young to show its own rate'));
    expect(carried).toHaveLength(1);
    expect(notes).toContain(carried[0]);
  });

  it('a day after it, with nothing carried: null in the CLI, absent from the companion and the panel', async () => {
    const at = T0 + 5 * DAY;
    const { out, row, panel } = await doors(at);
    expect(panel.carriedAcross).toBeUndefined();
    expect(out.carriedAcross).toBeNull();
    expect(out.carriedAcrossSeconds).toBeNull();
    expect('carriedAcross' in row).toBe(false);
    expect(row.segmentStart).toBe(String(out.segmentStartSeconds));
    expect(out.segmentStartSeconds).toBe((T0 + 3 * DAY) / 1000);
  });
});
