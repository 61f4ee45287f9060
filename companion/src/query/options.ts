/**
 * The trailing option string of our functions: space-separated `key=value` pairs, e.g.
 * `"model=ensemble sensitivity=0.5 train=14d step=1m"`. Keys are checked against the function's
 * signature, values against their range; errors point at the offending pair, name the nearest key
 * for a misspelt one, and the range for a value outside it.
 */
import type { QueryOptions } from './ast';
import { didYouMean } from '../../../src/common/closestName';
import { parseDuration } from '../../../src/common/duration';
import { isDetectorModel, isForecastModel, unknownModelMessage } from '../../../src/common/models';
import { QueryParseError } from '../../../src/engine/promql/parseError';
import { type FunctionName, type OptionKey, SIGNATURES } from './signatures';

/**
 * Parses `text` (the string's content, which starts at `offset` in `query`) for function `func`.
 *
 * @example parseOptions('anomaly_score', 'train=14d', 0, '"train=14d"') // { train: 1209600000 }
 */
export function parseOptions(func: FunctionName, text: string, offset: number, query: string): QueryOptions {
  const out: QueryOptions = {};
  const allowed: readonly OptionKey[] = SIGNATURES[func].options;
  // Pairs are separated by spaces or commas followed by a space ("by=pod, algorithm=mad"); a
  // comma without a space joins the values of one list (by=namespace,pod).
  const re = /[^\s,]+(?:,[^\s,]+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const pos = { start: offset + m.index, end: offset + m.index + m[0].length };
    const eq = m[0].indexOf('=');
    if (eq <= 0 || eq === m[0].length - 1) {
      throw new QueryParseError(`option "${m[0]}" must look like key=value`, pos, query);
    }
    const key = m[0].slice(0, eq);
    const value = m[0].slice(eq + 1);
    if (!(allowed as string[]).includes(key)) {
      throw new QueryParseError(
        `unknown option "${key}" for ${func}()${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`,
        pos,
        query
      );
    }
    const fail = (what: string): never => {
      throw new QueryParseError(`option ${key} must be ${what}, got "${value}"`, pos, query);
    };
    if (key in out) {
      throw new QueryParseError(`option ${key} given twice`, pos, query);
    }
    switch (key as OptionKey) {
      case 'model': {
        // Checked against the catalogue here, so the error points at the option.
        const kind = func.startsWith('anomaly_') ? 'detector' : 'forecast';
        const known = kind === 'detector' ? isDetectorModel(value) : isForecastModel(value);
        if (!known) {
          throw new QueryParseError(unknownModelMessage(kind, value), pos, query);
        }
        out.model = value;
        break;
      }
      case 'sensitivity': {
        const n = Number(value);
        out.sensitivity = value.trim() !== '' && n >= 0 && n <= 1 ? n : fail('a number from 0 to 1, e.g. 0.5');
        break;
      }
      case 'level': {
        const n = Number(value);
        out.level = n > 0 && n < 1 ? n : fail('a number between 0 and 1 (exclusive), e.g. 0.95');
        break;
      }
      case 'train':
      case 'step':
      case 'refit':
      case 'resolution': {
        const ms = parseDuration(value);
        out[key as 'train' | 'step' | 'refit' | 'resolution'] =
          ms !== undefined && ms > 0 ? ms : fail('a positive duration like 14d or 1m');
        break;
      }
      case 'season': {
        if (value === 'auto' || value === 'none') {
          out.season = value;
        } else {
          const ms = parseDuration(value);
          out.season = ms !== undefined && ms > 0 ? ms : fail('a duration like 1d, or auto, or none');
        }
        break;
      }
      case 'adapt_after': {
        const ms = /^0+(ms|s|m|h|d|w|y)?$/.test(value) ? 0 : parseDuration(value);
        out.adaptAfter =
          ms !== undefined && ms >= 0 && ms <= 30 * 86_400_000 ? ms : fail('a duration from 0s to 30d, like 1h');
        break;
      }
      case 'min':
      case 'max': {
        const n = Number(value);
        out[key as 'min' | 'max'] = value.trim() !== '' && Number.isFinite(n) ? n : fail('a finite number, e.g. 0');
        break;
      }
      case 'bounds':
        out.bounds = value === 'auto' || value === 'none' ? value : fail('auto or none');
        break;
      case 'direction':
        if (func.startsWith('anomaly_')) {
          out.side = value === 'above' || value === 'below' || value === 'both' ? value : fail('above, below or both');
        } else {
          out.direction = value === 'up' || value === 'down' ? value : fail('up or down');
        }
        break;
      case 'min_abs':
      case 'min_rel': {
        const n = Number(value);
        const ok = value.trim() !== '' && Number.isFinite(n) && n >= 0;
        out[key === 'min_abs' ? 'minAbs' : 'minRel'] = ok
          ? n
          : fail(key === 'min_abs' ? 'a number >= 0 in the series\' unit, e.g. 0.05' : 'a fraction >= 0, e.g. 0.1');
        break;
      }
      case 'valid_min':
      case 'valid_max': {
        const n = Number(value);
        out[key === 'valid_min' ? 'validMin' : 'validMax'] =
          value.trim() !== '' && Number.isFinite(n) ? n : fail('a finite number, e.g. 0');
        if (out.validMin !== undefined && out.validMax !== undefined && !(out.validMin < out.validMax)) {
          throw new QueryParseError(
            `option valid_min (${out.validMin}) must be less than valid_max (${out.validMax})`,
            pos,
            query
          );
        }
        break;
      }
      case 'min_rate': {
        const n = Number(value);
        out.minRate = value.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : fail('a number >= 0, e.g. 1');
        break;
      }
      case 'by': {
        const labels = value.split(',');
        out.by = labels.every((l) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(l))
          ? labels
          : fail('label names separated by commas, e.g. namespace,pod');
        break;
      }
      case 'algorithm':
        out.algorithm = value === 'mad' || value === 'dbscan' ? value : fail('mad or dbscan');
        break;
      case 'window': {
        const ms = parseDuration(value);
        out.window = ms !== undefined && ms > 0 ? ms : fail('a positive duration like 5m');
        break;
      }
      case 'explain':
        out.explain = value === 'true' ? true : value === 'false' ? false : fail('true or false');
        break;
    }
  }
  return out;
}
