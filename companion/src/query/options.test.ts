/**
 * The option string is strict: an unknown key is an error naming the nearest valid key, a value
 * out of range is an error naming the key and its range, each one line; valid options parse to the
 * engine's options.
 */
import { parseOptions } from './options';
import { QueryParseError } from '../../../src/engine/promql/parseError';
import type { FunctionName } from './signatures';

function errorOf(func: FunctionName, text: string): string {
  try {
    parseOptions(func, text, 0, text);
  } catch (e) {
    expect(e).toBeInstanceOf(QueryParseError);
    return (e as Error).message;
  }
  throw new Error(`"${text}" parsed without an error`);
}

describe('option strings reject what they do not understand', () => {
  it.each([
    ['anomaly_score', 'bogus=1', /^1:1: parse error: unknown option "bogus" for anomaly_score\(\); allowed: model, /],
    ['anomaly_score', 'sensitivty=0.5', /unknown option "sensitivty" for anomaly_score\(\) \(did you mean sensitivity\?\)/],
    ['anomaly_upper', 'min-abs=1', /unknown option "min-abs" for anomaly_upper\(\) \(did you mean min_abs\?\)/],
    ['forecast', 'modle=linear', /unknown option "modle" for forecast\(\) \(did you mean model\?\)/],
    ['anomaly_lower', 'explain=true', /unknown option "explain" for anomaly_lower\(\)/],
    ['trend_slope', 'level=0.9', /unknown option "level" for trend_slope\(\)/],
    ['anomaly_score', 'sensitivity=2', /option sensitivity must be a number from 0 to 1, e\.g\. 0\.5, got "2"/],
    ['anomaly_score', 'sensitivity=-0.1', /option sensitivity must be a number from 0 to 1/],
    ['anomaly_score', 'direction=up', /option direction must be above, below or both, got "up"/],
    ['time_to_exhaustion', 'direction=above', /option direction must be up or down, got "above"/],
    ['anomaly_score', 'min_abs=-1', /option min_abs must be a number >= 0/],
    ['anomaly_score', 'min_rel=x', /option min_rel must be a fraction >= 0/],
    ['anomaly_score', 'valid_min=abc', /option valid_min must be a finite number/],
    ['anomaly_score', 'valid_min=5 valid_max=1', /option valid_min \(5\) must be less than valid_max \(1\)/],
    ['anomaly_score', 'explain=yes', /option explain must be true or false, got "yes"/],
    ['forecast', 'level=1.5', /option level must be a number between 0 and 1/],
    ['anomaly_score', 'adapt_after=60d', /option adapt_after must be a duration from 0s to 30d/],
  ] as Array<[FunctionName, string, RegExp]>)('%s "%s"', (func, text, message) => {
    const m = errorOf(func, text);
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });
});

describe('detector rule options', () => {
  it('parse into the engine options', () => {
    expect(
      parseOptions(
        'anomaly_score',
        'direction=above min_abs=0.05 min_rel=0.1 valid_min=0 valid_max=100 explain=true sensitivity=1',
        0,
        ''
      )
    ).toEqual({ side: 'above', minAbs: 0.05, minRel: 0.1, validMin: 0, validMax: 100, explain: true, sensitivity: 1 });
    expect(parseOptions('time_to_exhaustion', 'direction=down', 0, '')).toEqual({ direction: 'down' });
  });
});
