/**
 * A settled step toward the limit (a one-off write) that time to exhaustion's segment starts after
 * (src/ml/tte levelShift.ts) is said under the same name by `bellwether tte`'s JSON (`levelShiftAt`,
 * `levelShiftAtSeconds`) and the companion's exhaustion endpoint (`levelShiftAt` in epoch seconds),
 * with the same time, which is the segment's start. Without one the field is null or absent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';
import { exhaustionAt } from '../../../companion/src/api/exhaustionHandler';
import type { DerivedQuery } from '../../../companion/src/query/ast';
import { parseQuery } from '../../../companion/src/query/parser';
import { ENGINE_DEFAULTS } from '../../../src/engine/context';
import { mulberry32 } from '../../../src/ml/core/prng';
import { companionEnv, memoryUpstream } from '../../support/memoryUpstream';

jest.setTimeout(5 * 60_000);

const STEP = 10 * 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const N = 14 * 144;

/** Free space flat at 50 % for 9 days, a 25 % write within an hour, flat since (tte.test.ts); or flat throughout. */
function values(write: boolean): Float64Array {
  const rand = mulberry32(11);
  return Float64Array.from({ length: N }, (_, i) => {
    const step = !write || i < 9 * 144 ? 0 : i >= 9 * 144 + 6 ? 25 : ((i - 9 * 144) * 25) / 6;
    return 50 - step + 0.3 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  });
}

async function doors(v: Float64Array) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-levelshift-'));
  const csv = join(dir, 'disk.csv');
  writeFileSync(csv, 'timestamp,value\n' + Array.from(v, (x, i) => `${(T0 + i * STEP) / 1000},${x}`).join('\n') + '\n');
  const at = T0 + (N - 1) * STEP;
  const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down']);
  expect(cli.code).toBe(0);
  const env = companionEnv(
    memoryUpstream([{ labels: { __name__: 'disk' }, values: v }], T0, STEP),
    ENGINE_DEFAULTS,
    () => at
  );
  const query = 'time_to_exhaustion(disk, 0, "direction=down step=10m refit=10m")';
  const { result } = await exhaustionAt(parseQuery(query) as DerivedQuery, at, env);
  return { out: JSON.parse(cli.out), row: result[0] };
}

describe('a settled level shift toward the limit, at every door', () => {
  it('the CLI and the companion give its time, the start of the segment', async () => {
    const { out, row } = await doors(values(true));
    expect(out.levelShiftAtSeconds).toBeGreaterThanOrEqual((T0 + 9 * DAY) / 1000);
    expect(out.levelShiftAtSeconds).toBeLessThanOrEqual((T0 + 9 * DAY + 6 * STEP) / 1000);
    expect(out.levelShiftAt).toBe(new Date(out.levelShiftAtSeconds * 1000).toISOString());
    expect(out.segmentStartSeconds).toBe(out.levelShiftAtSeconds);
    expect(row.levelShiftAt).toBe(String(out.levelShiftAtSeconds));
    expect(row.segmentStart).toBe(row.levelShiftAt);
  });

  it('without one: null in the CLI, absent from the companion', async () => {
    const { out, row } = await doors(values(false));
    expect(out.levelShiftAt).toBeNull();
    expect(out.levelShiftAtSeconds).toBeNull();
    expect('levelShiftAt' in row).toBe(false);
  });
});
