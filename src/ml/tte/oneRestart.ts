/**
 * One restart seen, not yet a pattern: a process restarted by a deploy every two days, in a history of
 * three. recurringResets.ts needs two resets to call them recurring, so after the first one the segment
 * alone answered, and its leak reached the limit in 2-6 days, though a deploy would restart it long
 * before (9 of 159 evaluations of the eval's "leak restarted by deploys" under 7 days, confidence
 * 0.06-0.13, all on days 2.5-3.5: the first reset seen, the second not yet).
 *
 * The caller asks for it only when the tooth before the reset is whole: the series itself begins inside
 * the window (the window reaches before its first value), so the tooth begins where the data begin and
 * the answer does not depend on where the window was cut. A window that began mid-tooth read a clean-up
 * to the same level as a restart (the demo's volume, 1.5 days after its clean-up, with a 3-day window),
 * and the doors, whose windows begin differently, disagreed.
 *
 * The restart is read as the start of a pattern only when it looks like one: the tooth before it filled
 * toward the limit (one-sided Mann-Kendall at the gate's level) and stayed clear of it, and the reset
 * brought the series back to where that tooth began, neither above nor below it by more than the
 * noise of a one-step difference (settings.ts `troughZ`): a restart to the same baseline, so the teeth make no progress
 * toward the limit. A clean-up that frees less than was written since the tooth began (the eval's
 * "disk clean-ups": 30 written, 25 freed) lands closer to the limit, and the segment's crossing stands,
 * as with two resets whose troughs approach the limit.
 *
 * The next reset is then expected one tooth after this one (the series' start stands for the reset
 * before it: a process starts at its baseline), and the caller declares no crossing that comes after
 * it, until it is overdue: a deploy that does not come lets the crossing through, as with recurring
 * resets. One reset is too few to know that resets recur, so the caller's confidence stays at most 0.5.
 */
import { median } from '../../common/median';
import { mad, MAD_TO_SIGMA } from '../core/mad';
import { mannKendall } from '../trend/mannKendall';
import { resetIndices } from './resets';
import { finiteIn } from './carryRate';

/**
 * Values whose median gives a tooth's starting level and the level the reset landed at (at most a
 * quarter of the tooth): the difference of two medians of 15 has a standard deviation of about a third
 * of the one-step noise it is held to (of 5, two thirds: a true restart at 10 minutes, noise 20 MB,
 * landed 36 MB above its tooth's start, past one step's 28).
 */
const LEVEL_POINTS = 15;
/** Fewest finite values in the tooth before the reset. */
const MIN_TOOTH_POINTS = 10;

export interface OneRestart {
  /** Timestamp (ms) of the reset's first point. */
  resetAt: number;
  /** Span of the tooth before the reset, from its first finite value to the reset (ms). */
  toothMs: number;
  /** When the next reset is expected: one tooth after this one (ms). */
  nextAt: number;
  /** The tooth's value nearest the limit. */
  trough: number;
  /** Median of the tooth's first values, and of the values right after the reset. */
  toothStart: number;
  landing: number;
}

/**
 * The single reset of (t, v) read as a restart to the tooth's baseline (see the module comment), or
 * undefined: when there is no reset or more than one (recurringResets.ts judges those), when the tooth
 * before it is short or did not fill toward the limit, or when the reset landed further than `z` one-step
 * noise deviations from where the tooth began, either way. `alpha`: the gate's level.
 */
export function oneRestart(
  t: Float64Array,
  v: Float64Array,
  direction: 'up' | 'down',
  alpha: number,
  z: number,
  stepMs?: number
): OneRestart | undefined {
  const resets = resetIndices(v, direction, 2, stepMs);
  if (resets.length !== 1) {
    return undefined;
  }
  const reset = resets[0];
  const tooth = finiteIn(v, 0, reset);
  const levelPoints = Math.min(LEVEL_POINTS, Math.floor(tooth.length / 4));
  const after = finiteIn(v, reset, v.length).slice(0, levelPoints);
  if (tooth.length < MIN_TOOTH_POINTS || after.length === 0) {
    return undefined;
  }
  const up = direction === 'up';
  const mk = mannKendall(tooth.map((i) => v[i]));
  if (!((up ? mk.z > 0 : mk.z < 0) && mk.pValue / 2 < alpha)) {
    return undefined;
  }
  const toothStart = median(tooth.slice(0, levelPoints).map((i) => v[i]));
  const landing = median(after.map((i) => v[i]));
  const finite = finiteIn(v, 0, v.length);
  const diffs = finite.slice(1).map((i, k) => v[i] - v[finite[k]]);
  const stepSd = MAD_TO_SIGMA * mad(diffs);
  // How much closer to the limit the reset landed than the tooth began (negative: further from it).
  // Further by more than the noise is no restart to the tooth's start either: the data began mid-tooth
  // (a dashboard range or an exported file shorter than the window, read as the series' birth), and a
  // next reset guessed from that cut would hide the crossing (CLI: "no_trend" on a 3-day export where a
  // 7-day one read "within 12 d").
  const approach = up ? landing - toothStart : toothStart - landing;
  if (!(Math.abs(approach) <= z * stepSd)) {
    return undefined;
  }
  let trough = v[tooth[0]];
  for (const i of tooth) {
    trough = up ? Math.max(trough, v[i]) : Math.min(trough, v[i]);
  }
  const toothMs = t[reset] - t[tooth[0]];
  return { resetAt: t[reset], toothMs, nextAt: t[reset] + toothMs, trough, toothStart, landing };
}
