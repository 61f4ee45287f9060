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

test('at 5 s the default 14 days need more rows than are kept: the answer says it read less, and how much', async () => {
  const step = 5_000;
  const n = (15 * DAY) / step + 1;
  const dir = mkdtempSync(join(tmpdir(), 'bw-tte-keep5-'));
  const csv = join(dir, 'disk.csv');
  const rows = Array.from({ length: n }, (_, i) => `${(T0 + i * step) / 1000},${(90 - (40 * i) / n).toFixed(4)}`);
  writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
  const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down']);
  expect(cli.code).toBe(0);
  const out = JSON.parse(cli.out);
  // 161,280 rows at 5 s are 9.3 days of the 14.
  const short = out.warnings.find((w: string) => w.includes('less than the 14 d training window'));
  expect(short).toMatch(/9\.3 ?d/);
  expect(cli.err).toContain(short);
});

test('--train all on more rows than are kept says it read the latest rows, not the whole series', async () => {
  const n = (29 * DAY) / STEP + 1;
  const dir = mkdtempSync(join(tmpdir(), 'bw-tte-keepall-'));
  const csv = join(dir, 'disk.csv');
  const rows = Array.from({ length: n }, (_, i) => `${(T0 + i * STEP) / 1000},${(90 - (40 * i) / n).toFixed(4)}`);
  writeFileSync(csv, 'timestamp,value\n' + rows.join('\n') + '\n');
  const cli = await capture(tteCommand, [csv, '--capacity', '0', '--direction', 'down', '--train', 'all']);
  expect(cli.code).toBe(0);
  const out = JSON.parse(cli.out);
  // 161,280 rows at 15 s are 28 of the 29 days.
  expect(out.warnings.find((w: string) => w.includes('not the whole series'))).toMatch(/28 ?d/);
});
