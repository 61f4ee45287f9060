/**
 * When time to exhaustion's interval cannot take the day-to-day spread of the fill rate
 * (src/ml/tte/rateSpread.ts: data or a segment under two days and a quarter, a step over a day), every door
 * says so with the same warning: `bellwether tte`'s JSON `warnings`, the companion's envelope
 * `warnings` and the forecast panel's notes. Before, the interval silently lacked that term.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import type { DerivedQuery } from '../../../companion/src/query/ast';
import { evaluateInstant } from '../../../companion/src/query/evaluate';
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
const SHORT =
  'the interval leaves out how the daily rate varies, which cannot be read from data shorter than two days and a quarter: it may be too narrow';

/** Free space falling 10 %/day from 90 % over `days`, with noise, every `step` (10 minutes). */
function free(days: number, step = STEP): Float64Array {
  const rand = mulberry32(2);
  return Float64Array.from({ length: (days * DAY) / step + 1 }, (_, i) => {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return 90 - (10 * i * step) / DAY + 0.3 * g;
  });
}

async function doors(v: Float64Array, STEP = 10 * 60_000) {
  const at = T0 + (v.length - 1) * STEP;
  const dir = mkdtempSync(join(tmpdir(), 'bw-ratespread-'));
  const csv = join(dir, 'disk.csv');
  writeFileSync(csv, 'timestamp,value\n' + Array.from(v, (x, i) => `${(T0 + i * STEP) / 1000},${x}`).join('\n') + '\n');
  const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down']);
  expect(cli.code).toBe(0);
  const env = companionEnv(
    memoryUpstream([{ labels: { __name__: 'disk' }, values: v }], T0, STEP),
    ENGINE_DEFAULTS,
    () => at
  );
  const step = `${STEP / 1000}s`;
  const query = `time_to_exhaustion(disk, 0, "direction=down step=${step} refit=${step}")`;
  await evaluateInstant(parseQuery(query) as DerivedQuery, at, env);
  const s = { name: 'disk', t: Float64Array.from(v, (_, i) => T0 + i * STEP), v } as PanelSeries;
  const plan = planFor(s, { ...DEFAULT_OPTIONS, direction: 'down' }, 0);
  if ('problem' in plan) {
    throw new Error(plan.problem);
  }
  const r = await handle('fitDetails', [plan.matrix, [plan.calls.tte!], plan.point]);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  const detail = (r.result as Array<Array<{ detail?: FitDetail }>>)[0][0].detail!;
  if (detail.family !== 'tte') {
    throw new Error(detail.family);
  }
  const notes = panelNotes({
    shown: 1,
    candidates: 1,
    maxSeries: 1,
    results: [
      {
        forecast: { ok: false, code: 'x', message: 'x' },
        tte: { ok: true, value: detail.exhaustion },
      } as SeriesForecast,
    ],
  });
  return { cli: JSON.parse(cli.out).warnings as string[], companion: env.warnings!.list(), panel: notes };
}

describe("the interval without the rate's day-to-day spread, at every door", () => {
  it('two days of data: the CLI, the companion and the panel say the interval may be too narrow', async () => {
    const said = await doors(free(2));
    expect(said.cli).toContain(SHORT);
    expect(said.companion).toContain(SHORT);
    expect(said.panel).toContain(SHORT);
  });

  it('three days at 15 s: read whole at a coarser step, so none of them says the data are too short', async () => {
    // 17,281 points at 15 s: time to exhaustion reads them every 150 s (src/engine/trainingStep.ts).
    // Before, the points limit cut them to 41.7 h and every door said the interval might be too narrow.
    const said = await doors(free(3, 15_000), 15_000);
    for (const list of [said.cli, said.companion, said.panel]) {
      expect(list.join('\n')).not.toMatch(/daily rate varies/);
    }
  });

  it('a week of data: none of them does', async () => {
    const said = await doors(free(7));
    for (const list of [said.cli, said.companion, said.panel]) {
      expect(list.join('\n')).not.toMatch(/daily rate varies/);
    }
  });
});
