/**
 * BellwetherPodOutOfLine (provisioning/vmalert/bellwether.rules.yml) on the demo data: its condition
 * evaluated every minute through the companion's query API over the demo's October 2026, with `for`
 * applied as an evaluator would. Pod web-7d9c5-4's drift days are read from the demo series
 * themselves (its 5-minute mean more than 0.1 above the median of the other five pods' means, for at
 * least 30 minutes): the rule fires on each of them, only for that pod, and never outside a drift
 * (allowing the 10 minutes after it the pod's level needs to come back).
 */
import { join } from 'node:path';
import { type Companion, startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';
import { silentLogger } from '../../../companion/src/log/logger';
import { demoSeries } from '../../../companion/src/upstream/demo/demoSeries';
import { PROVISIONING, readYaml } from '../provisioning/files';
import { durationSeconds } from './loopFixtures';
import { firingTimes } from '../../support/firingTimes';

const MIN = 60_000;
const DAY = 86_400_000;
const FROM = Date.UTC(2026, 9, 1);
const TO = FROM + 30 * DAY;
const SETTLE = 10 * MIN;
const POD = 'web-7d9c5-4';

const rule = readYaml(join(PROVISIONING, 'vmalert', 'bellwether.rules.yml'))
  .groups.flatMap((g: any) => g.rules)
  .find((r: any) => r.alert === 'BellwetherPodOutOfLine');
const forMs = durationSeconds(rule.for) * 1000;

/** [start, end) of each run of minutes where `test` holds, at least `minMs` long. */
function runs(test: (t: number) => boolean, minMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start: number | undefined;
  for (let t = FROM; t <= TO; t += MIN) {
    if (test(t) && start === undefined) {
      start = t;
    } else if (!test(t) && start !== undefined) {
      if (t - start >= minMs) {
        out.push([start, t]);
      }
      start = undefined;
    }
  }
  return out;
}

const pods = demoSeries().filter((s) => s.labels.__name__ === 'pod_cpu_usage_cores');
const mean5 = (s: (typeof pods)[number], t: number) => {
  let sum = 0;
  for (let k = 0; k < 20; k++) {
    sum += s.at(t - k * 15_000);
  }
  return sum / 20;
};
/** How far pod 4's 5-minute mean is above the median of the others' at t. */
function lead(t: number): number {
  const others = pods
    .filter((p) => p.labels.pod !== POD)
    .map((p) => mean5(p, t))
    .sort((a, b) => a - b);
  return (
    mean5(
      pods.find((p) => p.labels.pod === POD)!,
      t
    ) - others[2]
  );
}

let companion: Companion;
let firing: Map<string, number[]>;

beforeAll(async () => {
  companion = await startCompanion(
    fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, limits: { queryTimeout: '1h' } }),
    {
      logger: silentLogger,
      now: () => TO + DAY,
    }
  );
  const held = new Map<string, number[]>();
  for (let start = FROM; start < TO; start += 7 * DAY) {
    const end = Math.min(TO, start + 7 * DAY - MIN);
    const r = await fetch(`${companion.url}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        query: rule.expr,
        start: String(start / 1000),
        end: String(end / 1000),
        step: '60',
      }).toString(),
    });
    const body = (await r.json()) as any;
    expect([body.status, body.error]).toEqual(['success', undefined]);
    for (const s of body.data.result) {
      held.set(s.metric.pod, [
        ...(held.get(s.metric.pod) ?? []),
        ...s.values.map((v: [number, string]) => Math.round(v[0] * 1000)),
      ]);
    }
  }
  firing = new Map([...held].map(([pod, times]) => [pod, firingTimes(times, forMs, MIN)]));
});

afterAll(async () => {
  await companion?.close();
});

const drifts = runs((t) => lead(t) > 0.1, 30 * MIN);
// Any lead at all, for the quiet check: the score may rise before the lead reaches 0.1.
const astray = runs((t) => lead(t) > 0.03, 0);

it('the demo month holds drift days of web-7d9c5-4', () => {
  expect(drifts.length).toBeGreaterThanOrEqual(5);
});

it('fires for web-7d9c5-4 on every drift day', () => {
  const times = firing.get(POD) ?? [];
  const missed = drifts.filter(([a, b]) => !times.some((t) => t >= a && t < b + SETTLE));
  expect(missed.map(([a, b]) => `${new Date(a).toISOString()} (${(b - a) / MIN} min)`)).toEqual([]);
});

it('fires for no other pod, and never while web-7d9c5-4 is in line', () => {
  for (const [pod, times] of firing) {
    const outside = times.filter((t) => pod !== POD || !astray.some(([a, b]) => t >= a && t < b + SETTLE));
    expect([pod, outside.map((t) => new Date(t).toISOString())]).toEqual([pod, []]);
  }
});
