/**
 * `bellwether forecast [FILE|-] --horizon N [--model auto] [--season auto|N] [--interval 0.95]
 *  [--train 3d|all] [--refit 1h] [--metric NAME] [--unit U] [--values-only --step 1m]`: reads a series (see ../seriesIo.ts) and
 * writes CSV `timestamp,yhat,lower,upper` for the N steps after the last input, timestamps in the
 * input's format: the path of the fit behind the companion's forecast(x, <N steps>, "step=<step>
 * refit=<step>") at the last input (train 3d, the companion's default, or --train; refit --refit), so
 * its last row is the companion's forecast, forecast_lower and forecast_upper there.
 * With `--values-only` each line is a value, `--step` gives the spacing, and output timestamps are
 * seconds from the first value. Exit codes: ../exitCodes.ts.
 */
import { type ForecastModel, modelsAt } from '../../src/common/models';
import { MlError } from '../../src/ml/types';
import { bandHeldPathWarnings } from '../../src/engine/bandHold';
import { pathValueAt } from '../../src/engine/forecastGrid';
import { parseDuration } from '../../src/common/duration';
import { callOptions, detailAt, engineInput, KEEP_ROWS } from '../engine';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import {
  forecastModelOption,
  intervalOption,
  refitOption,
  seasonOption,
  SERIES_IDENTITY_FLAGS,
  SERIES_IDENTITY_HELP,
  seriesIdentityOptions,
  stepOption,
  trainOrAllOption,
  wholeNumberOption,
} from '../options';
import { DATA_FLAGS, DATA_HELP, DataArgs, dataArgs, readSeries, writeResult } from '../seriesIo';
import { formatTimestamp } from '../timestamps';

export const summary = 'Forecast a CSV series with a prediction interval (CSV timestamp,yhat,lower,upper).';

const USAGE = `Usage: bellwether forecast [FILE|-] --horizon N [options]

Writes CSV "timestamp,yhat,lower,upper" for the N steps after the last input.

Options:
  --horizon N          steps to forecast after the last input (required); when the N steps plus the
                       refit interval pass 11,000, the forecast runs on a coarser grid (every k-th
                       value, said on stderr) and its rows are that grid's, the last at step N
  --model NAME         ${modelsAt('forecast', 'cli').join(' | ')} (default auto)
  --season auto|N      seasonal period in steps, 0 = none (default auto)
  --interval L         interval coverage, 0.95 or 95 (default 0.95)
  --train D|all        training window before the last point, e.g. 3d (default 3d, the companion's);
                       all: the whole series (at most 10,000 points)
  --refit D            refit interval (default: the series' step, a fit at the last point itself);
                       --refit 1h is the companion's default: the fit at the last whole hour
  The last row equals the companion's forecast(x, <N steps>, "step=<step> refit=<step>") at the
  last input (train= 3d or --train, refit= --refit); the rows before it are the same fit's path.
${SERIES_IDENTITY_HELP}
  --values-only        input is one value per line (needs --step)
  --step D             spacing, e.g. 30s, 5m, 1h, 1d (default: estimated from timestamps)
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
  train?: number | 'all';
  refit?: number;
  /** --metric and --unit: what the series' physical bounds are inferred from besides its values. */
  identity: { metric?: string; unit?: string };
}

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  horizon: 'value',
  model: 'value',
  season: 'value',
  interval: 'value',
  train: 'value',
  refit: 'value',
  ...SERIES_IDENTITY_FLAGS,
  'values-only': 'switch',
  step: 'value',
};

/**
 * `--horizon`: a whole number of steps. A duration (as tte's --horizon and the companion's
 * forecast(x, 1d) take) is refused with how to count it in steps, not "must be a number".
 */
function horizonSteps(text: string): number {
  const ms = parseDuration(text);
  if (ms !== undefined && ms > 0 && !/^\d+$/.test(text)) {
    throw usageError(
      `--horizon counts steps after the last input, got the duration ${JSON.stringify(text)}: divide it by the series' step (1h at a 1m step is --horizon 60)`
    );
  }
  return wholeNumberOption('--horizon', text, 1);
}

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
    horizon: horizonSteps(values.horizon),
    model: forecastModelOption(values.model),
    season: values.season === undefined ? 'auto' : seasonOption(values.season),
    level: values.interval === undefined ? 0.95 : intervalOption(values.interval),
    valuesOnly,
    step,
    train: values.train === undefined ? undefined : trainOrAllOption(values.train),
    refit: values.refit === undefined ? undefined : refitOption(values.refit),
    identity: seriesIdentityOptions(values),
  };
}

export function run(argv: string[]): Promise<number> {
  return runCommand('forecast', argv, USAGE, async () => {
    const args = parseArgs(argv);
    const input = await readSeries('forecast', args.data, {
      valuesOnly: args.valuesOnly,
      stepMs: args.step ?? 1000,
      keepLatest: KEEP_ROWS,
    });
    const e = engineInput(input, { step: args.step, train: args.train, refit: args.refit });
    const season = args.season === 'auto' ? 'auto' : args.season === 0 ? 'none' : args.season * e.step;
    const { detail: d, warnings } = await detailAt(e, {
      func: 'forecast',
      inner: 'cli',
      horizon: args.horizon * e.step,
      options: { ...callOptions(e), ...args.identity, model: args.model, season, level: args.level },
    });
    if (d?.family !== 'forecast') {
      throw new MlError(
        'not_enough_data',
        warnings.find((w) => w.includes('too few points to fit')) ??
          'forecasting needs at least 3 finite values in the training window'
      );
    }
    const f = d.forecast;
    // The path runs from the fit (at the last multiple of the refit interval) past the point: the
    // --horizon steps after the point are kept, as the companion reads them.
    const shown = (t: number) => t > e.point && t <= e.point + args.horizon * e.step;
    for (const w of [...e.notes, ...warnings, ...(f.warnings ?? []), ...bandHeldPathWarnings(f, shown)]) {
      process.stderr.write(`bellwether forecast: ${w}\n`);
    }
    const lines = ['timestamp,yhat,lower,upper'];
    const end = e.point + args.horizon * e.step;
    for (let k = 0; k < f.t.length; k++) {
      if (shown(f.t[k])) {
        lines.push(`${formatTimestamp(f.t[k] + e.shift, input.format)},${f.yhat[k]},${f.lower[k]},${f.upper[k]}`);
      }
    }
    // A long horizon is forecast on a coarser grid (src/engine/forecastGrid.ts; its warning above):
    // when the horizon's end falls between its steps, the last row is read there as the companion
    // reads it, so it still equals the companion's value.
    const coarse = f.t.length > 1 && f.t[1] - f.t[0] > e.step;
    if (coarse && !f.t.some((t) => t === end)) {
      const [yhat, lower, upper] = [f.yhat, f.lower, f.upper].map((a) => pathValueAt(f.t, a, end));
      lines.push(`${formatTimestamp(end + e.shift, input.format)},${yhat},${lower},${upper}`);
    }
    await writeResult(args.data, lines.join('\n') + '\n');
    process.stderr.write(`bellwether forecast: model ${f.model}, interval ${Math.round(f.level * 1000) / 10}%\n`);
  });
}
