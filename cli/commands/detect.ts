/**
 * `bellwether detect`: causal anomaly detection over a series.
 *
 * Input: a series read by ../seriesIo.ts (FILE, `-` or `--input FILE`; CSV `timestamp,value`, or one
 * value per line with `--values-only --step D`).
 * Output: CSV `timestamp,value,expected,lower,upper,score,anomaly,kind` on stdout or `--output FILE`, one
 * row per distinct input timestamp in time order (duplicates are merged into their mean, as the engine
 * sees them, and reported on stderr), timestamps written back in the input's format.
 * Exit codes: ../exitCodes.ts.
 */
import { type DetectorModel, modelRefusal, modelsAt } from '../../src/common/models';
import { kindName } from '../../src/engine/anomalyKind';
import type { DetectRules } from '../../src/engine/detectRules';
import { judgeSeries } from '../../src/engine/judgeSeries';
import { prepareSeries } from '../../src/ml/core/prepare';
import { DetectorOptions, detectAsync } from '../../src/ml/detect';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import { numberOption, seasonOption, stepOption } from '../options';
import { DATA_FLAGS, DATA_HELP, DataArgs, dataArgs, readSeries, writeResult } from '../seriesIo';
import { formatTimestamp } from '../timestamps';

export const summary = 'Score a CSV series (timestamp,value) for anomalies; writes expected, band, score, anomaly.';

const USAGE = `Usage: bellwether detect [FILE|-] [options]

Writes CSV "timestamp,value,expected,lower,upper,score,anomaly,kind", one row per distinct timestamp
in time order; kind names an anomaly (spike, level_shift, variance_change, missing_seasonality,
out_of_range), empty elsewhere. Every output row uses only that row and earlier ones (causal).

Options:
  --model NAME         ${modelsAt('detector', 'cli').join(' | ')} (default ensemble)
  --sensitivity S      0..1, higher flags more (default 0.5)
  --train-window N     points of history the models keep (default 1000); the LSTM trains once
                       on the first min(N, 500) points (a few seconds: it loads tfjs)
  --season P           'auto' (default), 0 = none, or the period in points
  --seed N             random seed (Isolation Forest, LSTM; default 1)
  --direction D        above | below | both (default): which side of the expected value counts
  --min-abs X          deviations smaller than X (the series' unit) are never anomalous
  --min-rel F          deviations smaller than F x |expected| are never anomalous (0.1 = 10%)
  --valid-min X        values below X are always anomalous (score 1)
  --valid-max X        values above X are always anomalous (score 1)
  --values-only        input is one value per line (needs --step)
  --step D             spacing of --values-only input, e.g. 30s, 5m, 1h, 1d
  -h, --help           show this help

${DATA_HELP}
${EXIT_CODES_HELP}`;

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  model: 'value',
  sensitivity: 'value',
  'train-window': 'value',
  season: 'value',
  seed: 'value',
  direction: 'value',
  'min-abs': 'value',
  'min-rel': 'value',
  'valid-min': 'value',
  'valid-max': 'value',
  'values-only': 'switch',
  step: 'value',
};

interface DetectArgs {
  data: DataArgs;
  options: DetectorOptions;
  /** Direction, floors and valid range, applied after scoring (src/engine/detectRules.ts). */
  rules?: DetectRules;
  valuesOnly: boolean;
  stepMs: number;
}

/** Parses argv; throws a usage error. */
export function parseArgs(argv: string[]): DetectArgs {
  const flags = parseFlags(argv, FLAGS);
  const { values } = flags;
  const options: DetectorOptions = {};
  if (values.model !== undefined) {
    const refusal = modelRefusal('detector', values.model, 'cli');
    if (refusal) {
      throw usageError(refusal);
    }
    options.model = values.model as DetectorModel;
  }
  if (values.sensitivity !== undefined) {
    const s = numberOption('--sensitivity', values.sensitivity);
    if (s < 0 || s > 1) {
      throw usageError(`--sensitivity must be between 0 and 1, got ${s}`);
    }
    options.sensitivity = s;
  }
  if (values['train-window'] !== undefined) {
    options.trainWindow = numberOption('--train-window', values['train-window']);
  }
  if (values.season !== undefined) {
    options.season = seasonOption(values.season);
  }
  if (values.seed !== undefined) {
    options.seed = numberOption('--seed', values.seed);
  }
  const rules = rulesArgs(values);
  const valuesOnly = flags.switches.has('values-only');
  if (valuesOnly !== (values.step !== undefined)) {
    throw usageError(valuesOnly ? '--values-only needs --step' : '--step applies to --values-only input only');
  }
  return {
    data: dataArgs(flags),
    options,
    ...(rules ? { rules } : {}),
    valuesOnly,
    stepMs: values.step === undefined ? 1000 : stepOption(values.step),
  };
}

/** --direction, --min-abs, --min-rel, --valid-min, --valid-max as engine rules; undefined for none. */
function rulesArgs(values: Record<string, string>): DetectRules | undefined {
  const rules: DetectRules = {};
  const d = values.direction;
  if (d !== undefined) {
    if (d !== 'above' && d !== 'below' && d !== 'both') {
      throw usageError(`--direction must be above, below or both, got ${JSON.stringify(d)}`);
    }
    if (d !== 'both') {
      rules.side = d;
    }
  }
  for (const [flag, key] of [
    ['min-abs', 'minAbs'],
    ['min-rel', 'minRel'],
  ] as const) {
    if (values[flag] !== undefined) {
      const x = numberOption(`--${flag}`, values[flag]);
      if (x < 0) {
        throw usageError(`--${flag} must be >= 0, got ${x}`);
      }
      rules[key] = x;
    }
  }
  if (values['valid-min'] !== undefined) {
    rules.validMin = numberOption('--valid-min', values['valid-min']);
  }
  if (values['valid-max'] !== undefined) {
    rules.validMax = numberOption('--valid-max', values['valid-max']);
  }
  if (rules.validMin !== undefined && rules.validMax !== undefined && !(rules.validMin < rules.validMax)) {
    throw usageError(`--valid-min (${rules.validMin}) must be less than --valid-max (${rules.validMax})`);
  }
  return Object.keys(rules).length > 0 ? rules : undefined;
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : '');

export function run(argv: string[]): Promise<number> {
  return runCommand('detect', argv, USAGE, async () => {
    const args = parseArgs(argv);
    const input = await readSeries('detect', args.data, { valuesOnly: args.valuesOnly, stepMs: args.stepMs });
    const res = await detectAsync(input, args.options);
    // The values as the detector saw them: sorted, duplicates merged into their mean.
    const seen = prepareSeries(input);
    if (seen.t.length !== res.t.length) {
      throw new Error(`detect returned ${res.t.length} points for ${seen.t.length} cleaned input points`);
    }
    const judged = judgeSeries(seen.v, res, args.rules);
    const rows: string[] = ['timestamp,value,expected,lower,upper,score,anomaly,kind'];
    for (let i = 0; i < res.t.length; i++) {
      rows.push(
        [
          formatTimestamp(res.t[i], input.format),
          num(seen.v[i]),
          num(res.expected[i]),
          num(res.lower[i]),
          num(res.upper[i]),
          num(judged.score[i]),
          judged.isAnomaly[i],
          kindName(judged.kind[i]) ?? '',
        ].join(',')
      );
    }
    await writeResult(args.data, rows.join('\n') + '\n');
  });
}
