import { exhaustionTier, TIER_WINDOWS, tierWindowsOf } from './exhaustionTiers';

describe('exhaustionTier', () => {
  it("compares as the shipped alert rules do (`< window`): a time at a window's end is in the next tier", () => {
    expect(exhaustionTier(TIER_WINDOWS.critical - 1)).toBe('critical');
    expect(exhaustionTier(TIER_WINDOWS.critical)).toBe('warning');
    expect(exhaustionTier(TIER_WINDOWS.warning)).toBe('info');
    expect(exhaustionTier(TIER_WINDOWS.info)).toBe('ok');
    expect(exhaustionTier(Infinity)).toBe('ok');
  });
});

describe('tierWindowsOf', () => {
  it('reads the options, and has nothing to say about the shipped windows', () => {
    expect(tierWindowsOf('4h', '2d')).toEqual({ windows: { critical: 14400, warning: 172800 }, problems: [] });
    expect(tierWindowsOf(' 1d ', '7d')).toEqual({ windows: { critical: 86400, warning: 604800 }, problems: [] });
  });

  it('says when the warning window is not longer than the critical one: nothing would be orange', () => {
    // A panel saved with Critical within 3d before the warning default went from 7d to 2d.
    const r = tierWindowsOf('3d', '2d');
    expect(r.windows).toEqual({ critical: 3 * 86400, warning: 2 * 86400 });
    expect(r.problems).toEqual([
      'Warning within (2d) is not longer than Critical within (3d): no time to exhaustion is orange. Set Warning within longer than 3d.',
    ]);
    expect(exhaustionTier(2.5 * 86400, r.windows)).toBe('critical');
    expect(exhaustionTier(3 * 86400, r.windows)).toBe('info');
    expect(tierWindowsOf('2d', '2d').problems).toHaveLength(1);
  });

  it('keeps the shipped window for a text that is not a duration, and says so', () => {
    expect(tierWindowsOf('3 days', '2d')).toEqual({
      windows: { critical: TIER_WINDOWS.critical, warning: TIER_WINDOWS.warning },
      problems: [
        'Critical within: 3 days is not a duration: write a whole number and a unit (ms, s, m, h, d, w, y), largest first, e.g. 1h30m; the shipped 4h is used.',
      ],
    });
    expect(tierWindowsOf('4h', '').problems).toEqual([
      'Warning within: a duration is required, e.g. 5m; the shipped 2d is used.',
    ]);
  });
});
