/**
 * `bellwether tte --train 30d` on 15-second data reads the 30 days (every 300 s, trainingStep), as
 * the companion's train=30d does: the rows it keeps follow the window asked for, not the 14-day
 * default's count (161,280 rows, 28 days at 15 s), which dropped two days and said on stderr that the
 * kept rows "hold every point the model can train on".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as tteCommand } from '../../../cli/commands/tte';
import { capture } from '../../../cli/testCli';

// Bounds a hang only.
jest.setTimeout(10 * 60_000);

const STEP = 15_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const N = (31 * DAY) / STEP + 1;

test('--train 30d at 15 s keeps and reads all 30 days, and says no rows of them went unused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-tte-keep-'));
  const csv = join(dir, 'disk.csv');
  // Free space falling steadily from 90 %, no reset: the segment is the whole training window.
  const rows = Array.from({ length: N }, (_, i) => `${(T0 + i * STEP) / 1000},${(90 - (40 * i) / N).toFixed(4)}`);
  writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
  const now = T0 + (N - 1) * STEP;
  const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down', '--train', '30d']);
  expect(cli.code).toBe(0);
  const out = JSON.parse(cli.out);
  // The 30-day window read every 300 s starts one coarse step after now - 30 d.
  expect(out.segmentStartSeconds).toBe((now - 30 * DAY + 300_000) / 1000);
  expect(cli.err).not.toMatch(/not used/);
});
