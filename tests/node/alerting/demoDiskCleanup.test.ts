/**
 * The shipped 30-day disk alert on the demo's db-1 volume across its clean-ups, through a real vmalert
 * (Debian `victoria-metrics`) in replay mode over the companion's query API, as demoIncidents.test.ts
 * runs the anomaly rules: every minute, the rule's own `for`, its ALERTS written to a remote-write
 * receiver. The volume fills for 14 days and is cleaned up every 14 days (the last at 2026-12-03 00:00
 * UTC); each clean-up frees space but does not change how fast it is written, so time to exhaustion
 * carries the fill rate across it (src/ml/tte/carryRate.ts) and stays under 30 days.
 *
 * Before, time_to_exhaustion's 14-day window began at the previous clean-up right after each one: the
 * reset landed where the window's data began, read as a restart to the baseline, and there was no
 * answer for 5 minutes, then +Inf for half an hour at 1 m: the info alert resolved and fired again
 * after every clean-up. Reading a few samples before the window (src/engine/context.ts lookBack)
 * shows the previous clean-up, so the whole tooth between the two is carried from the clean-up on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Companion } from '../../../companion/src/app';
import { startRemoteWrite, type TestRemoteWrite } from '../../support/remoteWrite';
import { DB1_CLEANUPS } from '../../support/demoRuns';
import { startTestCompanion } from '../../support/testCompanion';
import { replayVmalert } from '../../support/vmalert';
import { PROVISIONING, readYaml } from '../provisioning/files';

jest.setTimeout(15 * 60_000);

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ALERT = 'BellwetherDiskFullWithin30Days';
const CLEANUPS = DB1_CLEANUPS;
/** Replayed around each: an hour before it (the alert fires by then) to three hours after. */
const BEFORE = HOUR;
const AFTER = 3 * HOUR;

const shipped = readYaml(join(PROVISIONING, 'vmalert', 'bellwether.rules.yml'));
const diskGroup = shipped.groups.find((g: any) => g.rules.some((r: any) => r.alert === ALERT));
const rule = diskGroup.rules.find((r: any) => r.alert === ALERT);

let dir: string;
let companion: Companion;
let rw: TestRemoteWrite;
/** Evaluation times at which the alert was firing on db-1's volume. */
let firing: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-demo-cleanup-'));
  const ruleFile = join(dir, 'disk.rules.yml');
  writeFileSync(ruleFile, JSON.stringify({ groups: [{ ...diskGroup, rules: [rule] }] }));
  companion = await startTestCompanion(CLEANUPS[CLEANUPS.length - 1] + DAY);
  rw = await startRemoteWrite();
  for (const at of CLEANUPS) {
    await replayVmalert({
      ruleFiles: [ruleFile],
      datasourceUrl: companion.url,
      remoteWriteUrl: rw.url,
      from: at - BEFORE,
      to: at + AFTER,
      maxDatapointsPerQuery: 1440,
      queryStep: '1m',
    });
  }
  expect(rw.errors).toEqual([]);
  firing = rw.series
    .filter(
      (s) =>
        s.labels.__name__ === 'ALERTS' &&
        s.labels.alertname === ALERT &&
        s.labels.alertstate === 'firing' &&
        s.labels.instance === 'db-1:9100' &&
        s.labels.mountpoint === '/var/lib/postgresql'
    )
    .flatMap((s) => s.samples.filter(([, v]) => v === 1).map(([t]) => t))
    .sort((a, b) => a - b);
});

afterAll(async () => {
  await companion?.close();
  await rw?.close();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('replays the shipped 30-day rule with its `for` and interval', () => {
  expect(rule.for).toBe('30m');
  expect(diskGroup.interval).toBe('1m');
});

describe.each(CLEANUPS.map((at) => [new Date(at).toISOString(), at] as const))('the clean-up at %s', (_name, at) => {
  it('keeps the 30-day info alert firing on db-1 from before it to three hours after', () => {
    // Firing by the clean-up (the hour before it holds `for` plus a margin), then at every evaluation.
    const due: number[] = [];
    for (let t = at - BEFORE + 40 * MIN; t <= at + AFTER; t += MIN) {
      due.push(t);
    }
    const seen = new Set(firing);
    const missing = due.filter((t) => !seen.has(t)).map((t) => new Date(t).toISOString());
    expect(missing).toEqual([]);
  });
});
