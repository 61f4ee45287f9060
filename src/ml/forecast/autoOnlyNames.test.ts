import {
  AUTO_EXHAUSTION_ONLY,
  FORECAST_MODELS,
  FORECAST_RESULT_LABELS,
  forecastModelText,
  isForecastModel,
} from '../../common/models';
import { timeToExhaustion } from '../tte';
import { SEASONAL_LINE } from './seasonalLine';
import { TREND_CANDIDATES } from './trendCandidates';
import { COMBINATION, ForecastModel } from './index';

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

describe("the plain words the panels show for a forecast's model", () => {
  it('cover every model a forecast or time to exhaustion may name, and no other', () => {
    const named = [...FORECAST_MODELS.filter((m) => m !== 'auto'), COMBINATION, ...AUTO_EXHAUSTION_ONLY];
    expect(Object.keys(FORECAST_RESULT_LABELS).sort()).toEqual(named.sort());
    for (const m of named) {
      expect(FORECAST_RESULT_LABELS[m]).not.toBe(m);
    }
  });

  it('say when auto chose the model, and show an unknown id as it is', () => {
    expect(forecastModelText(SEASONAL_LINE, 'auto')).toBe('seasonal + line, chosen automatically');
    expect(forecastModelText('linear', 'linear')).toBe('straight line');
    expect(forecastModelText('brand_new', 'auto')).toBe('brand_new, chosen automatically');
  });
});
