import { AUTO_EXHAUSTION_ONLY, FORECAST_MODELS, isForecastModel } from '../../common/models';
import { timeToExhaustion } from '../tte';
import { SEASONAL_LINE } from './seasonalLine';
import { TREND_CANDIDATES } from './trendCandidates';
import { ForecastModel } from './index';

describe("auto's time-to-exhaustion candidates that no door accepts as model=", () => {
  it('are exactly the candidates outside the catalogue', () => {
    const outside = [...Object.keys(TREND_CANDIDATES), SEASONAL_LINE].filter((m) => !isForecastModel(m));
    expect([...AUTO_EXHAUSTION_ONLY].sort()).toEqual(outside.sort());
  });

  it.each(['holt', 'quadratic', 'exponential'])(
    'refuses model=%s listing the accepted names and saying to use auto',
    (name) => {
      const t = Float64Array.from({ length: 50 }, (_, i) => i * 60_000);
      const v = Float64Array.from({ length: 50 }, (_, i) => 100 - i);
      expect(() =>
        timeToExhaustion({ t, v }, { capacity: 0, direction: 'down', model: name as ForecastModel })
      ).toThrow(
        `unknown forecast model "${name}"; use one of ${FORECAST_MODELS.join(', ')} (${name} is one of the models auto`
      );
    }
  );
});
