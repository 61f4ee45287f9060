/**
 * The scan warmer's failure and load paths (companion/src/warm/scanWarmer.ts): it progresses while
 * client queries never stop, a pass that throws is counted and logged rather than rejecting (a
 * rejected timer pass would crash the companion), and a selector that lists nothing is reported.
 */
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { type Logger, silentLogger } from '../../../companion/src/log/logger';
import { ScanWarmer } from '../../../companion/src/warm/scanWarmer';
import { GOLDEN_SIGNALS } from '../../../src/pages/home/selectors';
import { fleetUpstream } from '../../support/fleet';

const anchor = Date.UTC(2026, 5, 10, 12);
const clock = anchor + 600_000;
const CPU = GOLDEN_SIGNALS[0];

function recordingLogger(): Logger & { warns: Array<[string, Record<string, unknown> | undefined]> } {
  const warns: Array<[string, Record<string, unknown> | undefined]> = [];
  return {
    ...silentLogger,
    warn: (msg, fields) => warns.push([msg, fields]),
    error: (msg, fields) => warns.push([msg, fields]),
    warns,
  };
}

let c: Companion;

beforeAll(async () => {
  c = await startCompanion(
    fromRaw({ listen: { port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    {
      logger: silentLogger,
      upstream: fleetUpstream(0, 3, anchor),
      now: () => clock,
    }
  );
});

afterAll(() => c.close());

test('under client queries that never stop, a pass still ends and scores every series', async () => {
  const w = new ScanWarmer([CPU.expr], 60_000, c.upstream, c.env, () => true, silentLogger);
  await w.passOnce();
  expect(w.stats).toMatchObject({ passes: 1, failures: 0, listed: 3, scored: 3 });
}, 600_000);

test('a pass that throws is counted as failed and logged; it does not reject', async () => {
  const log = recordingLogger();
  const broken = () => {
    throw new Error('no environment');
  };
  const w = new ScanWarmer([CPU.expr], 60_000, c.upstream, broken, () => false, log);
  await expect(w.passOnce()).resolves.toBeUndefined();
  expect(w.stats.failures).toBe(1);
  expect(JSON.stringify(log.warns)).toMatch(/no environment/);
});

test('a selector that lists no series is reported once, not passed over in silence', async () => {
  const log = recordingLogger();
  const w = new ScanWarmer(['no_such_metric'], 60_000, c.upstream, c.env, () => false, log);
  await w.passOnce();
  await w.passOnce();
  const about = log.warns.filter(([, f]) => f?.selector === 'no_such_metric');
  expect(about).toHaveLength(1);
  expect(about[0][0]).toMatch(/no series/);
  expect(w.stats).toMatchObject({ passes: 2, listed: 0 });
});
