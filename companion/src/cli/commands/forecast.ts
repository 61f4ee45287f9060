/**
 * `bellwether forecast [FILE|-] --horizon N [--model auto] [--season auto|N] [--interval 0.95]
 *  [--values-only --step 1m]`: reads CSV `timestamp,value` (a header line is optional; timestamps in
 * epoch seconds, epoch milliseconds or ISO 8601) and writes CSV `timestamp,yhat,lower,upper` for the N
 * steps after the last input, timestamps in the input's format. With `--values-only` each line is a
 * value, `--step` gives the spacing, and output timestamps are seconds from the first value.
 * Exit codes: 0 ok, 1 the engine refused the data (reason on stderr), 2 usage error.
 *
 * Also exports the CSV input helpers used by `bellwether tte`.
 */
import { readFileSync } from 'node:fs';
import { FORECAST_MODELS, ForecastModel, MlError, Series, forecast, initForecasting } from '../../../../src/ml';
import { requireDuration } from '../../../../src/common/duration';
import { unknownModelMessage } from '../../../../src/common/models';
import { parseOrExit } from '../args';

export const summary = 'Forecast a CSV series with a prediction interval (CSV timestamp,yhat,lower,upper).';

const USAGE = `Usage: bellwether forecast [FILE|-] --horizon N [options]

  FILE                 CSV "timestamp,value" (default: standard input)
  --horizon N          steps to forecast after the last input (required)
  --model NAME         ${FORECAST_MODELS.join(' | ')} (default auto)
  --season auto|N      seasonal period in steps, 0 = none (default auto)
  --interval L         interval coverage, 0.95 or 95 (default 0.95)
  --values-only        input is one value per line (needs --step)
  --step D             spacing, a duration such as 30s, 5m, 1h (default: estimated from timestamps)
`;

/** How the input spelled its timestamps, so output can use the same. */
export type TimeFormat = 'seconds' | 'ms' | 'iso' | 'offset';

export interface CsvSeries {
  series: Series;
  format: TimeFormat;
}

/** Reads FILE or, for '-' / undefined, standard input. */
export function readInput(file: string | undefined): string {
  return readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
}

/** Parses `timestamp,value` CSV (or values only with a step in ms). Throws Error with a line number. */
export function parseCsv(text: string, valuesOnly: boolean, stepMs: number): CsvSeries {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const t: number[] = [];
  const v: number[] = [];
  let format: TimeFormat = valuesOnly ? 'offset' : 'seconds';
  rows.forEach((line, i) => {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const valueText = valuesOnly ? cells[0] : cells[1];
    const value = valueText === '' || /^(nan|null)$/i.test(valueText ?? '') ? NaN : Number(valueText);
    if (valueText === undefined || (Number.isNaN(value) && !/^(|nan|null)$/i.test(valueText))) {
      if (i === 0) {
        return; // a header line
      }
      throw new Error(`line ${i + 1}: cannot read a value from "${line}"`);
    }
    if (valuesOnly) {
      t.push(t.length * stepMs);
    } else {
      const raw = cells[0];
      let ms: number;
      if (/^-?\d+(\.\d+)?$/.test(raw)) {
        const x = Number(raw);
        // Epoch seconds are below 1e11 until the year 5138; milliseconds are above.
        format = Math.abs(x) >= 1e11 ? 'ms' : 'seconds';
        ms = format === 'ms' ? x : x * 1000;
      } else {
        ms = Date.parse(raw);
        format = 'iso';
        if (Number.isNaN(ms)) {
          if (i === 0) {
            return;
          }
          throw new Error(`line ${i + 1}: cannot read a timestamp from "${raw}"`);
        }
      }
      t.push(ms);
    }
    v.push(value);
  });
  return { series: { t: Float64Array.from(t), v: Float64Array.from(v) }, format };
}

/** Formats a ms timestamp like the input did. */
export function formatTime(ms: number, format: TimeFormat): string {
  switch (format) {
    case 'ms':
      return String(Math.round(ms));
    case 'iso':
      return new Date(ms).toISOString();
    default:
      return String(ms / 1000);
  }
}

interface ForecastArgs {
  file?: string;
  horizon: number;
  model: ForecastModel;
  season: 'auto' | number;
  level: number;
  valuesOnly: boolean;
  step?: number;
}

function parseArgs(args: string[]): ForecastArgs | string {
  const out: ForecastArgs = { horizon: NaN, model: 'auto', season: 'auto', level: 0.95, valuesOnly: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => {
      const x = args[++i];
      if (x === undefined) {
        throw new Error(`${a} needs a value`);
      }
      return x;
    };
    try {
      if (a === '--horizon') {
        out.horizon = Number(next());
      } else if (a === '--model') {
        out.model = next() as ForecastModel;
        if (!FORECAST_MODELS.includes(out.model)) {
          return unknownModelMessage('forecast', out.model);
        }
      } else if (a === '--season') {
        const s = next();
        out.season = s === 'auto' ? 'auto' : Number(s);
      } else if (a === '--interval') {
        const l = Number(next());
        out.level = l > 1 ? l / 100 : l;
      } else if (a === '--values-only') {
        out.valuesOnly = true;
      } else if (a === '--step') {
        out.step = requireDuration(next(), '--step');
        if (!(out.step > 0)) {
          return `--step must be longer than 0, such as 30s, 5m or 1h`;
        }
      } else if (a.startsWith('--')) {
        return `unknown option ${a}`;
      } else if (out.file === undefined) {
        out.file = a;
      } else {
        return `unexpected argument ${a}`;
      }
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!(Number.isInteger(out.horizon) && out.horizon >= 1)) {
    return '--horizon N (a whole number of steps >= 1) is required';
  }
  if (out.valuesOnly && out.step === undefined) {
    return '--values-only needs --step';
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseOrExit('forecast', args, USAGE, parseArgs);
  if (typeof parsed === 'number') {
    return parsed;
  }
  let input: CsvSeries;
  try {
    input = parseCsv(readInput(parsed.file), parsed.valuesOnly, parsed.step ?? 1000);
  } catch (e) {
    process.stderr.write(`bellwether forecast: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    if (parsed.model === 'auto' || parsed.model === 'mstl') {
      await initForecasting();
    }
    const f = forecast(input.series, {
      model: parsed.model,
      horizon: parsed.horizon,
      season: parsed.season,
      level: parsed.level,
      step: parsed.step,
    });
    const lines = ['timestamp,yhat,lower,upper'];
    for (let k = 0; k < f.t.length; k++) {
      lines.push(`${formatTime(f.t[k], input.format)},${f.yhat[k]},${f.lower[k]},${f.upper[k]}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    process.stderr.write(`model: ${f.model}, interval: ${Math.round(f.level * 1000) / 10}%\n`);
    return 0;
  } catch (e) {
    if (e instanceof MlError) {
      process.stderr.write(`bellwether forecast: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
