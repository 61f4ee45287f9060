/**
 * `bellwether forecast [FILE|-] --horizon N [--model auto] [--season auto|N] [--interval 0.95]
 *  [--values-only --step 1m]`: reads a series (see ../seriesIo.ts) and writes CSV
 * `timestamp,yhat,lower,upper` for the N steps after the last input, timestamps in the input's format.
 * With `--values-only` each line is a value, `--step` gives the spacing, and output timestamps are
 * seconds from the first value. Exit codes: ../exitCodes.ts.
 */
import { FORECAST_MODELS, ForecastModel, forecast, initForecasting } from '../../src/ml';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import { forecastModelOption, intervalOption, seasonOption, stepOption, wholeNumberOption } from '../options';
import { DATA_FLAGS, DATA_HELP, DataArgs, dataArgs, readSeries, writeResult } from '../seriesIo';
import { formatTimestamp } from '../timestamps';

export const summary = 'Forecast a CSV series with a prediction interval (CSV timestamp,yhat,lower,upper).';

const USAGE = `Usage: bellwether forecast [FILE|-] --horizon N [options]

Writes CSV "timestamp,yhat,lower,upper" for the N steps after the last input.

Options:
  --horizon N          steps to forecast after the last input (required)
  --model NAME         ${FORECAST_MODELS.join(' | ')} (default auto)
  --season auto|N      seasonal period in steps, 0 = none (default auto)
  --interval L         interval coverage, 0.95 or 95 (default 0.95)
  --values-only        input is one value per line (needs --step)
  --step D             spacing: seconds, or 30s, 5m, 1h, 1d (default: estimated from timestamps)
  -h, --help           show this help

${DATA_HELP}
${EXIT_CODES_HELP}`;

interface ForecastArgs {
  data: DataArgs;
  horizon: number;
  model: ForecastModel;
  season: 'auto' | number;
  level: number;
  valuesOnly: boolean;
  step?: number;
}

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  horizon: 'value',
  model: 'value',
  season: 'value',
  interval: 'value',
  'values-only': 'switch',
  step: 'value',
};

function parseArgs(argv: string[]): ForecastArgs {
  const flags = parseFlags(argv, FLAGS);
  const { values } = flags;
  if (values.horizon === undefined) {
    throw usageError('--horizon N (a whole number of steps >= 1) is required');
  }
  const valuesOnly = flags.switches.has('values-only');
  const step = values.step === undefined ? undefined : stepOption(values.step);
  if (valuesOnly && step === undefined) {
    throw usageError('--values-only needs --step');
  }
  return {
    data: dataArgs(flags),
    horizon: wholeNumberOption('--horizon', values.horizon, 1),
    model: forecastModelOption(values.model),
    season: values.season === undefined ? 'auto' : seasonOption(values.season),
    level: values.interval === undefined ? 0.95 : intervalOption(values.interval),
    valuesOnly,
    step,
  };
}

export function run(argv: string[]): Promise<number> {
  return runCommand('forecast', argv, USAGE, async () => {
    const args = parseArgs(argv);
    const input = await readSeries('forecast', args.data, { valuesOnly: args.valuesOnly, stepMs: args.step ?? 1000 });
    if (args.model === 'auto' || args.model === 'mstl') {
      await initForecasting();
    }
    const f = forecast(input, {
      model: args.model,
      horizon: args.horizon,
      season: args.season,
      level: args.level,
      step: args.step,
    });
    const lines = ['timestamp,yhat,lower,upper'];
    for (let k = 0; k < f.t.length; k++) {
      lines.push(`${formatTimestamp(f.t[k], input.format)},${f.yhat[k]},${f.lower[k]},${f.upper[k]}`);
    }
    await writeResult(args.data, lines.join('\n') + '\n');
    process.stderr.write(`bellwether forecast: model ${f.model}, interval ${Math.round(f.level * 1000) / 10}%\n`);
  });
}
