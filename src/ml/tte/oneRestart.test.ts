/**
 * One reset seen, read as the first of a pattern when it restarts a tooth to its baseline
 * (oneRestart.ts), and only then.
 */
import { mulberry32 } from '../core/prng';
import { timeToExhaustion } from './index';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const STEP = 10 * MIN;

/**
 * Every 10 minutes for `days`, `signal(x)` (x in ms) plus normal noise of `sigma`, in a 7-day window
 * that reaches before the series' first value (missing there: the series begins inside the window),
 * unless `from` (days) cuts the series there and the window begins with it.
 */
function series(days: number, sigma: number, signal: (x: number) => number, from?: number) {
  const rand = mulberry32(7);
  const n = Math.round((days * DAY) / STEP) + 1;
  const lead = from === undefined ? Math.round((7 * DAY - days * DAY) / STEP) : -Math.round((from * DAY) / STEP);
  const t = Float64Array.from({ length: n + lead }, (_, i) => (i - lead) * STEP);
  const v = Float64Array.from({ length: n }, (_, i) => {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return signal(i * STEP) + sigma * g;
  });
  const w = lead >= 0 ? Float64Array.from([...new Array<number>(lead).fill(NaN), ...v]) : v.subarray(-lead);
  return { t, v: w };
}

/** Memory leaking 40 MB/h from 2 GB, restarted by a deploy every `every` ms; limit 6 GB (crossed after 100 h). */
const deploys = (every: number) => (x: number) =>
  2000 + (40 * (x % every)) / H + 100 * Math.sin((2 * Math.PI * x) / DAY);

it('one restart to the baseline: not full before the next reset one tooth later, confidence at most 0.5', () => {
  // Restarted once at day 2; at day 3 the segment alone reaches 6 GB in about 3 days.
  const r = timeToExhaustion(series(3, 20, deploys(2 * DAY)), {
    capacity: 6000,
    direction: 'up',
    horizon: 90 * DAY,
  });
  expect(r.verdict).toBe('no_trend');
  expect(r.seconds).toBe(Infinity);
  expect(r.resetsSeen).toBe(1);
  expect(r.nextResetAt! / DAY).toBeCloseTo(4, 1);
  expect(r.confidence).toBeLessThanOrEqual(0.5);
  expect(r.warnings.join(' ')).toMatch(/one reset seen .* the segment alone would reach the limit in /);
});

it('a window that begins mid-tooth (the series began before it): the crossing stands', () => {
  // The same leak seen from day 0.5: the tooth before the reset is cut by the window's start, and its
  // first value is no baseline (the restart lands below it, as a clean-up to a lower level would).
  const r = timeToExhaustion(series(3, 20, deploys(2 * DAY), 0.5), {
    capacity: 6000,
    direction: 'up',
    horizon: 90 * DAY,
  });
  expect(r.verdict).toBe('within');
  expect(r.resetsSeen).toBeUndefined();
});

it('the next reset overdue (the deploy did not come): the crossing is declared', () => {
  // No reset since day 2; at day 4.5 the tooth has outlived the one before it.
  const leak = (x: number) =>
    2000 + (40 * (x < 2 * DAY ? x : x - 2 * DAY)) / H + 100 * Math.sin((2 * Math.PI * x) / DAY);
  const r = timeToExhaustion(series(4.5, 20, leak), { capacity: 6000, direction: 'up', horizon: 90 * DAY });
  expect(r.verdict).toBe('within');
  // 2000 + 40 x 60 h = 4400 at day 4.5: 40 h left.
  expect(r.seconds / 3600).toBeGreaterThan(30);
  expect(r.seconds / 3600).toBeLessThan(50);
  expect(r.nextResetAt).toBeUndefined();
});

it('a clean-up that freed less than was written since the tooth began: the crossing stands', () => {
  // Free space falls 10 %/day from 50; a clean-up at day 3 frees 25 of the 30 written: 0 at day 7.5.
  const disk = (x: number) => 50 + (x >= 3 * DAY ? 25 : 0) - (10 * x) / DAY;
  const r = timeToExhaustion(series(4, 0.3, disk), { capacity: 0, direction: 'down', horizon: 90 * DAY });
  expect(r.verdict).toBe('within');
  expect(r.seconds / 86400).toBeCloseTo(3.5, 0);
  expect(r.resetsSeen).toBeUndefined();
});

it('a process restarted at its limit (an OOM kill, not a deploy): the crossing stands', () => {
  // 40 MB/h from 2 GB reaches 6 GB after 100 h, is killed there and restarts at 2 GB.
  const oom = (x: number) => 2000 + (40 * (x % (100 * H))) / H;
  const r = timeToExhaustion(series(5, 20, oom), { capacity: 6000, direction: 'up', horizon: 90 * DAY });
  expect(r.verdict).toBe('within');
  expect(r.seconds / 3600).toBeCloseTo(80, -1);
});

it('data handed from mid-tooth with the window reaching before them (a short dashboard range, an exported file): the crossing stands', () => {
  // A leak of 15 MB/h running 5 days before the data begin (at 3.8 GB, not its 2 GB baseline), restarted
  // to 2 GB at day 2. Before them the window holds nothing, as when the series is young; the tooth's
  // start is where the data were cut, and the restart lands 1.8 GB below it: no restart to where that
  // tooth began, so no next reset is guessed from the cut (it read "no_trend" until day 4, where data
  // cut 4 days earlier read "within 12 d").
  const leak = (x: number) =>
    2000 + (15 * (x < 2 * DAY ? x + 5 * DAY : x - 2 * DAY)) / H + 100 * Math.sin((2 * Math.PI * x) / DAY);
  const r = timeToExhaustion(series(3, 20, leak), { capacity: 6000, direction: 'up', horizon: 90 * DAY });
  expect(r.verdict).toBe('within');
  expect(r.resetsSeen).toBeUndefined();
  expect(r.nextResetAt).toBeUndefined();
});

describe('a next reset due at the evaluation time itself (the same boundary as recurring resets)', () => {
  // One restart at day 2 after a 2-day tooth, and none since: the next is due at day 2 + 2 days.
  const once = (x: number) => 2000 + (40 * (x < 2 * DAY ? x : x - 2 * DAY)) / H;
  const at = (days: number) =>
    timeToExhaustion(series(days, 20, once), { capacity: 6000, direction: 'up', horizon: 90 * DAY });

  it('due exactly now: not overdue yet, not full before it (its sample may not show it)', () => {
    const r = at(4);
    expect(r.nextResetAt).toBe(4 * DAY);
    expect([r.verdict, r.seconds, r.resetsSeen]).toEqual(['no_trend', Infinity, 1]);
    // The crossing the reset ahead denied, the warning's "alone would reach the limit in": 3920 MB
    // rising 40 MB/h toward 6000 MB, about 52 h.
    expect(r.segmentAloneSeconds! / 3600).toBeGreaterThan(40);
    expect(r.segmentAloneSeconds! / 3600).toBeLessThan(65);
  });

  it('due one step before now: overdue, the crossing is declared', () => {
    const r = at(4 + STEP / DAY);
    expect(r.verdict).toBe('within');
    expect(r.nextResetAt).toBeUndefined();
    expect(r.segmentAloneSeconds).toBeUndefined();
  });
});
