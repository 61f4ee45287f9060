import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture } from '../testCli';
import { run } from './tte';

describe('bellwether tte usage errors', () => {
  it('without --direction: says it is required and names the choices (exit 2)', async () => {
    const r = await capture(run, ['-', '--capacity', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--direction is required: up \(.*\) or down \(.*\)/);
  });

  it('with a wrong --direction: must be up or down, and quotes what was given', async () => {
    const r = await capture(run, ['-', '--capacity', '0', '--direction', 'sideways']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--direction must be up or down, got "sideways"/);
  });
});

describe('bellwether tte on a limit the series can never reach', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bw-tte-'));
    file = join(dir, 'cpu.txt');
    // A CPU utilisation (a ratio) rising from 0.3 to 0.9 over three days at 10 minutes.
    writeFileSync(file, Array.from({ length: 432 }, (_, i) => (0.3 + (0.6 * i) / 432).toFixed(4)).join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--metric node_filesystem_avail_bytes and --capacity -5: free space is never negative (exit 1)', async () => {
    const free = join(dir, 'free.txt');
    // Free bytes falling from 400 GB by 10 GB a day over three days at 10 minutes.
    writeFileSync(free, Array.from({ length: 432 }, (_, i) => String(400e9 - (10e9 * i) / 144)).join('\n'));
    const args = [free, '--capacity', '-5', '--direction', 'down', '--values-only', '--step', '10m'];
    const r = await capture(run, [...args, '--metric', 'node_filesystem_avail_bytes']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'bellwether tte: limit -5 B is below the smallest possible value 0 B (an amount of bytes is never negative): it can never be reached\n'
    );
  });

  it('--unit ratio and --capacity 1.05: one line saying why, no crossing time (exit 1)', async () => {
    const args = [file, '--capacity', '1.05', '--direction', 'up', '--values-only', '--step', '10m'];
    const r = await capture(run, [...args, '--unit', 'ratio']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'bellwether tte: limit 1.05 is above the largest possible value 1 (a ratio never exceeds 1): it can never be reached\n'
    );
  });
});
