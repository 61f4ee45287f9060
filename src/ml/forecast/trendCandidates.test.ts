import { withTteSettings } from '../tte/settings';
import { prepareForecastInput } from './index';
import { trendCandidatesFor } from './trendCandidates';

const HOUR = 3_600_000;

const hourly = (n: number) => ({
  t: Float64Array.from({ length: n }, (_, i) => i * HOUR),
  v: Float64Array.from({ length: n }, (_, i) => 100 - i + 5 * Math.sin((2 * Math.PI * i) / 24)),
});

describe('trendCandidatesFor', () => {
  it("leaves Holt's local trend out without a seasonal period, keeps it with one", () => {
    const noSeason = prepareForecastInput(hourly(40), { horizon: 10, season: 0 });
    const daily = prepareForecastInput(hourly(72), { horizon: 10, season: 24 });
    expect(Object.keys(trendCandidatesFor(noSeason))).not.toContain('holt');
    expect(Object.keys(trendCandidatesFor(noSeason))).toContain('linear');
    expect(Object.keys(trendCandidatesFor(daily))).toContain('holt');
  });

  it('keeps Holt without a season when the setting says so', async () => {
    const noSeason = prepareForecastInput(hourly(40), { horizon: 10, season: 0 });
    const names = await withTteSettings({ holtNeedsSeason: 0 }, async () => Object.keys(trendCandidatesFor(noSeason)));
    expect(names).toContain('holt');
  });
});
