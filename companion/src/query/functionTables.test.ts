import { FUNCTIONS } from '../../../src/engine/functions';
import { SIGNATURES } from './signatures';

describe('function tables', () => {
  it('the parser signature table and the implementation table name the same functions', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual(Object.keys(SIGNATURES).sort());
  });

  it('includes every function the issue promises', () => {
    expect(Object.keys(SIGNATURES).sort()).toEqual(
      [
        'anomaly_lower',
        'anomaly_score',
        'anomaly_upper',
        'forecast',
        'forecast_lower',
        'forecast_upper',
        'time_to_exhaustion',
        'trend_pvalue',
        'trend_slope',
        'outliers',
        'outliers_lower',
        'outliers_upper',
      ].sort()
    );
  });
});
