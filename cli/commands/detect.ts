/**
 * `bellwether detect`: anomaly detection over a series, through the one engine (src/engine): the
 * series is put on the engine's grid at its own step and every grid point is evaluated as the
 * companion's `anomaly_score` and the anomaly panel evaluate it at that step (the same detector runs,
 * lead-ins, incident handling, rules and kinds); the companion's figures differ at rows whose run the
 * companion starts before the file's first row, when it holds that history (stderr names them:
 * laterRunsWarning, docs/cli.md). It is still a batch path: the whole file is read and scored at once.
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
import { detectSeries, type LaterRuns } from '../../src/engine/detectSeries';
import { learningWarning } from '../../src/engine/learning';
import { formatCount } from '../../src/engine/warnings';
import { utcMinute } from '../../src/common/utcMinute';
import type { FunctionOptions } from '../../src/engine/query';
import { prepareSeries } from '../../src/ml/core/prepare';
import { MIN_TRAIN_WINDOW } from '../../src/ml/detect/options';
import { formatDuration } from '../../src/common/duration';
import { tooShortTrainText } from '../../src/engine/trainMinimum';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import { durationOption, numberOption, seasonOption, seriesIdentityOptions, stepOption, trainOption } from '../options';
import { DATA_FLAGS, DATA_HELP, DataArgs, dataArgs, readSeries, writeResult } from '../seriesIo';
import { formatTimestamp } from '../timestamps';

export const summary = 'Score a CSV series (timestamp,value) for anomalies; writes expected, band, score, anomaly.';

const USAGE = `Usage: bellwether detect [FILE|-] [options]

Writes CSV "timestamp,value,expected,lower,upper,score,anomaly,kind", one row per distinct timestamp
in time order; kind names an anomaly (spike, level_shift, variance_change, missing_seasonality,
out_of_range), empty elsewhere. Every output row uses only that row and earlier ones (causal).
The series is scored by the same engine as the companion's anomaly_score and the anomaly panel, at
the series' own step. For the same series, step and options the CLI and the panel give the same
figures. The companion's equal them wherever its detector run starts inside the file: runs restart
on epoch-aligned blocks of 4 lead-ins, each started one lead-in (3 training windows: 9 days with
the default --train 3d) before its block, so a point's run starts 1 to 5 lead-ins (9 to 45 days)
before it. The CLI starts runs that would begin before the first row at the first row; a companion
holding that earlier history scores those rows differently for the rest of the run, not only near
the start (a run keeps the season and fits it chose at its start: on the demo's web-1 CPU, 13 days
at 1 minute, 1,847 of the last 2 days' 2,881 scores differ by more than 0.01, at most 0.17; the
flags agree, 17 of 17). stderr then names those rows and the first row a file needs for the
companion's figures (docs/cli.md).

Options:
  --model NAME         ${modelsAt('detector', 'cli').join(' | ')} (default ensemble)
  --sensitivity S      0..1, higher flags more (default 0.5)
  --train D            history the models keep, a duration such as 12h or 3d (default 3d, at most
                       10,000 points), as the companion's train=
  --train-window N     the same in points of the series' step (N x step)
  --season P           'auto' (default), 0 = none, or the period in points
  --adapt-after D      how long a level shift stays anomalous before it is the new normal
                       (default 1h; 0 = learn anomalies at once), as the companion's adapt_after=
  --direction D        above | below | both (default): which side of the expected value counts
  --min-abs X          deviations smaller than X (the series' unit) are never anomalous
  --min-rel F          deviations smaller than F x |expected| are never anomalous (0.1 = 10%)
  --valid-min X        values below X are always anomalous (score 1)
  --valid-max X        values above X are always anomalous (score 1)
  --metric NAME        the series' metric name, as in the companion's selector: the band and the
                       expected value stay where the quantity can go (at least 0 for a name ending
                       in _seconds, _bytes or _total; within [0, 1] for a ratio such as
                       instance:node_cpu_utilisation:rate5m), as anomaly_lower/upper hold them
  --values-only        input is one value per line (needs --step)
  --step D             spacing of --values-only input, e.g. 30s, 5m, 1h, 1d
  -h, --help           show this help

${DATA_HELP}
${EXIT_CODES_HELP}`;

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  model: 'value',
  sensitivity: 'value',
  train: 'value',
  'train-window': 'value',
  season: 'value',
  seed: 'value',
  'adapt-after': 'value',
  direction: 'value',
  'min-abs': 'value',
  'min-rel': 'value',
  'valid-min': 'value',
  'valid-max': 'value',
  metric: 'value',
  'values-only': 'switch',
  step: 'value',
};

/** Detector options in the series' points, turned into the engine's durations once the step is known. */
export interface DetectorArgs {
  model?: DetectorModel;
  sensitivity?: number;
  /** Training window: a duration (ms) or a number of points. */
  train?: { ms: number } | { points: number };
  /** Season in points (0 = none). */
  season?: 'auto' | number;
  adaptAfter?: number;
  /** --metric: the series' metric name, whose physics holds the band (src/engine/bandBounds.ts). */
  metric?: string;
}

interface DetectArgs {
  data: DataArgs;
  options: DetectorArgs;
  /** Direction, floors and valid range, applied after scoring (src/engine/detectRules.ts). */
  rules?: DetectRules;
  valuesOnly: boolean;
  stepMs: number;
}

/** Parses argv; throws a usage error. */
export function parseArgs(argv: string[]): DetectArgs {
  const flags = parseFlags(argv, FLAGS);
  const { values } = flags;
  const options: DetectorArgs = {};
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
  if (values.train !== undefined && values['train-window'] !== undefined) {
    throw usageError('give --train or --train-window, not both');
  }
  if (values.train !== undefined) {
    options.train = { ms: trainOption(values.train) };
  }
  if (values['train-window'] !== undefined) {
    const n = numberOption('--train-window', values['train-window']);
    if (!Number.isInteger(n) || n < 2) {
      throw usageError(`--train-window must be a whole number of points >= 2, got ${values['train-window']}`);
    }
    options.train = { points: n };
  }
  if (values.season !== undefined) {
    options.season = seasonOption(values.season);
  }
  if (values.seed !== undefined) {
    throw usageError(
      '--seed is no longer an option: detect runs on the engine, whose models use seed 1 as the companion and the panel do'
    );
  }
  if (values['adapt-after'] !== undefined) {
    options.adaptAfter = durationOption('--adapt-after', values['adapt-after']);
  }
  const { metric } = seriesIdentityOptions({ metric: values.metric });
  if (metric !== undefined) {
    options.metric = metric;
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

/**
 * Refuses a training window too short for a detector at the series' step, in the flag's words (the
 * engine's error would name the companion's train=, the models' trainWindow).
 */
export function checkTrainPoints(train: DetectArgs['options']['train'], step: number): void {
  if (train === undefined) {
    return;
  }
  if ('points' in train) {
    if (train.points < MIN_TRAIN_WINDOW) {
      throw usageError(
        `--train-window ${train.points} is fewer points than detectors need (at least ${MIN_TRAIN_WINDOW})`
      );
    }
    return;
  }
  if (Math.round(train.ms / step) < MIN_TRAIN_WINDOW) {
    throw usageError(
      tooShortTrainText(
        `--train ${formatDuration(train.ms)}`,
        train.ms,
        step,
        `the series' step ${formatDuration(step)}`,
        (shortest) => `use --train ${shortest} or longer`
      )
    );
  }
}

/** The engine's call options (durations in ms) for the parsed options at `step`. */
export function engineOptions(args: Pick<DetectArgs, 'options' | 'rules'>, step: number): FunctionOptions {
  const o = args.options;
  const out: FunctionOptions = { ...(args.rules ?? {}) };
  if (o.model !== undefined) {
    out.model = o.model;
  }
  if (o.sensitivity !== undefined) {
    out.sensitivity = o.sensitivity;
  }
  if (o.train !== undefined) {
    out.train = 'ms' in o.train ? o.train.ms : o.train.points * step;
  }
  if (o.season !== undefined) {
    out.season = o.season === 'auto' ? 'auto' : o.season === 0 ? 'none' : o.season * step;
  }
  if (o.adaptAfter !== undefined) {
    out.adaptAfter = o.adaptAfter;
  }
  if (o.metric !== undefined) {
    out.metric = o.metric;
  }
  return out;
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

/**
 * Which rows may differ from the companion's anomaly_score, and the file that gives its figures.
 *
 * @example laterRunsWarning({ rows: 18_721, companionFrom }) // "companion parity: the companion starts the runs of all 18,721 rows at 2026-11-05 00:00 UTC, before the file's first row: ..."
 */
export function laterRunsWarning(l: LaterRuns): string {
  const which =
    l.until === undefined
      ? `all ${formatCount(l.rows)} rows`
      : `the ${formatCount(l.rows)} rows before ${utcMinute(l.until)}`;
  const from = utcMinute(l.companionFrom);
  return (
    `companion parity: the companion starts the runs of ${which} at ${from}, before the file's first row; ` +
    `a companion holding history from before the file scores them differently (a run keeps the season and fits ` +
    `it chose at its start), one holding none the same; a file from ${from} on gives its figures`
  );
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : '');

export function run(argv: string[]): Promise<number> {
  return runCommand('detect', argv, USAGE, async () => {
    const args = parseArgs(argv);
    const input = await readSeries('detect', args.data, { valuesOnly: args.valuesOnly, stepMs: args.stepMs });
    // The values as the engine sees them: sorted, duplicates merged into their mean.
    const seen = prepareSeries(input);
    const step = args.valuesOnly ? args.stepMs : seen.stepMs;
    if (!(step > 0)) {
      throw usageError('the series needs at least two distinct timestamps to know its step');
    }
    checkTrainPoints(args.options.train, step);
    const res = await detectSeries(seen.t, seen.v, step, engineOptions(args, step));
    if (res.shared > 0) {
      process.stderr.write(
        `bellwether detect: ${res.shared.toLocaleString('en')} point${res.shared === 1 ? '' : 's'} dropped: ${res.shared === 1 ? 'its' : 'their'} ` +
          `${step / 1000}s grid point and the neighbour ${res.shared === 1 ? 'it leans' : 'they lean'} to were taken (irregular timestamps); ` +
          `${res.shared === 1 ? 'it reports' : 'they report'} the verdict of the point ${res.shared === 1 ? 'it' : 'they'} would share\n`
      );
    }
    if (res.learning) {
      process.stderr.write(`bellwether detect: ${learningWarning(res.learning)}\n`);
    }
    if (res.laterRuns) {
      process.stderr.write(`bellwether detect: ${laterRunsWarning(res.laterRuns)}\n`);
    }
    const rows: string[] = ['timestamp,value,expected,lower,upper,score,anomaly,kind'];
    for (let i = 0; i < seen.t.length; i++) {
      rows.push(
        [
          formatTimestamp(seen.t[i], input.format),
          num(seen.v[i]),
          num(res.expected[i]),
          num(res.lower[i]),
          num(res.upper[i]),
          num(res.score[i]),
          res.isAnomaly[i],
          kindName(res.kind[i]) ?? '',
        ].join(',')
      );
    }
    await writeResult(args.data, rows.join('\n') + '\n');
  });
}
