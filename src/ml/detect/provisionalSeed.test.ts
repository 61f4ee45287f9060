/**
 * The regular ensemble's calibrations start from the provisional ensemble's (EnsembleCore.seed,
 * registry.ts EnsembleDetector): a spike soon after the regular ensemble takes over is flagged, where
 * a calibration of its own few dozen values capped every surprise under the threshold.
 */
import { resolveOptions } from './options';
import { EnsembleDetector } from './registry';

const T0 = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly daily cycle (50 +- 10) with a deterministic wiggle; a spike to mid-range at the trough of `spikeAt`. */
function hourly(n: number, spikeAt: number): { t: Float64Array; v: Float64Array } {
  const t = Float64Array.from({ length: n }, (_, i) => T0 + i * HOUR);
  const v = Float64Array.from(t, (x, i) => 50 + 10 * Math.sin((2 * Math.PI * (x - T0)) / DAY) + Math.sin(i * 2.399963));
  v[spikeAt] += 15;
  return { t, v };
}

const firstFinite = (a: ArrayLike<number>) => Array.prototype.findIndex.call(a, (x: number) => Number.isFinite(x));

describe('the regular ensemble starts from the provisional ensemble calibrations', () => {
  // The trough of the cycle (6 h before a day boundary): 40 + 15 stays inside the range seen (about 39-61),
  // so only the members' vote can flag it.
  const spikeAt = 18 + 24 * 16;

  it('flags a spike 60 points after the regular ensemble takes over (hourly data)', () => {
    const s = hourly(700, spikeAt);
    const d = new EnsembleDetector(resolveOptions({}));
    const r = d.update(s.t, s.v);
    expect(firstFinite(r.score)).toBe(130);
    expect(s.v[spikeAt]).toBeLessThan(Math.max(...s.v.subarray(0, spikeAt)));
    expect(r.isAnomaly[spikeAt]).toBe(1);
    // and nothing else is flagged once the regular ensemble judges (from 330: its Prophet-style member)
    const flagged = Array.from(r.isAnomaly.keys()).filter((i) => i >= 330 && r.isAnomaly[i] === 1);
    expect(flagged).toEqual([spikeAt]);
  });

  it('a state saved while the provisional ensemble still seeds resumes to the same outputs as one run', () => {
    const s = hourly(700, spikeAt);
    const opts = resolveOptions({});
    const whole = new EnsembleDetector(opts).update(s.t, s.v);
    const first = new EnsembleDetector(opts);
    // 450: after the regular ensemble judges (330), before its Holt-Winters member has evidence (600).
    const a = first.update(s.t.subarray(0, 450), s.v.subarray(0, 450));
    expect(first.provisional).not.toBeNull();
    const state = JSON.parse(JSON.stringify(first.getState().data));
    const resumed = new EnsembleDetector(opts, state);
    const b = resumed.update(s.t.subarray(450), s.v.subarray(450));
    expect(resumed.provisional).toBeNull();
    expect([...a.score, ...b.score]).toEqual(Array.from(whole.score));
    expect([...a.upper, ...b.upper]).toEqual(Array.from(whole.upper));
  });
});
