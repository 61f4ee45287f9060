/**
 * `bellwether tte [FILE|-] --capacity X --direction up|down [--model auto] [--horizon 30d] [--now T]
 *  [--interval 0.95] [--values-only --step D]`: reads a series like `bellwether forecast` and writes
 * JSON: the predicted crossing (`seconds` from now and `crossingTime`), its bounds (`lower`, `upper`),
 * `confidence`, the `model`, the Mann-Kendall `trend` test, the Sen's slope per second, and the segment
 * used after the last reset. JSON has no Infinity: "never within the horizon" is `null`.
 * Exit codes: ../exitCodes.ts.
 */
import { modelsAt } from '../../src/common/models';
import { MlError } from '../../src/ml/types';
import { callOptions, detailAt, engineInput, KEEP_ROWS } from '../engine';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import { durationOption, forecastModelOption, intervalOption, numberOption, stepOption, trainOption } from '../options';
import { DATA_FLAGS, DATA_HELP, dataArgs, readSeries, writeResult } from '../seriesIo';
import { formatTimestamp, parseTimestamp } from '../timestamps';

export const summary = 'Time until a CSV series reaches a capacity (JSON with bounds, confidence and trend test).';

const USAGE = `Usage: bellwether tte [FILE|-] --capacity X --direction up|down [options]

Writes JSON: the verdict (exhausted | within | beyond_horizon: heading there, but later |
no_trend: not heading there), the predicted crossing ("seconds" from now, "crossingTime"), its
bounds, confidence, model, the horizon searched and the Mann-Kendall trend test; null means no
crossing within the horizon. Anything that limits the answer is in "warnings" and on stderr.

Options:
  --capacity X         the limit (a ceiling for up, a floor such as 0 bytes free for down; required)
  --direction up|down  rising toward a ceiling, or falling toward a floor (required)
  --model NAME         ${modelsAt('forecast', 'cli').join(' | ')} (default auto)
  --horizon D          how far to look ahead, e.g. 12h or 30d (default 30d)
  --now T              evaluation time, like the input timestamps (default: the last one)
  --interval L         coverage of the interval the bounds come from (default 0.95)
  --train D            training window before the evaluation point, e.g. 3d (default: the whole
                       series, at most 10,000 points); the result equals the companion's
                       time_to_exhaustion(x, X, "train=D step=<step> refit=<step>") at that point
  --values-only        input is one value per line (needs --step)
  --step D             spacing of --values-only input
  -h, --help           show this help

${DATA_HELP}
${EXIT_CODES_HELP}`;

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  capacity: 'value',
  direction: 'value',
  model: 'value',
  horizon: 'value',
  now: 'value',
  interval: 'value',
  train: 'value',
  'values-only': 'switch',
  step: 'value',
};

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function parseArgs(argv: string[]) {
  const flags = parseFlags(argv, FLAGS);
  const { values } = flags;
  if (values.capacity === undefined) {
    throw usageError('--capacity X (a number) is required');
  }
  const direction = values.direction;
  if (direction !== 'up' && direction !== 'down') {
    throw usageError('--direction must be up or down');
  }
  const horizon = values.horizon === undefined ? undefined : durationOption('--horizon', values.horizon);
  if (horizon !== undefined && !(horizon > 0)) {
    throw usageError('--horizon must be a positive duration such as 12h or 30d');
  }
  const valuesOnly = flags.switches.has('values-only');
  if (valuesOnly !== (values.step !== undefined)) {
    throw usageError(valuesOnly ? '--values-only needs --step' : '--step applies to --values-only input only');
  }
  const now = values.now === undefined ? undefined : parseTimestamp(values.now);
  if (now === undefined && values.now !== undefined) {
    throw usageError(`--now must be a timestamp like the input's, got ${JSON.stringify(values.now)}`);
  }
  return {
    data: dataArgs(flags),
    capacity: numberOption('--capacity', values.capacity),
    direction: direction as 'up' | 'down',
    model: forecastModelOption(values.model),
    horizon,
    now: now?.ms,
    level: values.interval === undefined ? 0.95 : intervalOption(values.interval),
    valuesOnly,
    stepMs: values.step === undefined ? 1000 : stepOption(values.step),
    train: values.train === undefined ? undefined : trainOption(values.train),
  };
}

export function run(argv: string[]): Promise<number> {
  return runCommand('tte', argv, USAGE, async () => {
    const { data, capacity, direction, model, horizon, now, level, valuesOnly, stepMs, train } = parseArgs(argv);
    // Without --now the point is the last row: the rows of the latest timestamps are all it can use.
    const input = await readSeries('tte', data, {
      valuesOnly,
      stepMs,
      ...(now === undefined ? { keepLatest: KEEP_ROWS } : {}),
    });
    const e = engineInput(input, { step: valuesOnly ? stepMs : undefined, now, train });
    const { detail: d, warnings: engineWarnings } = await detailAt(e, {
      func: 'time_to_exhaustion',
      inner: 'cli',
      capacity,
      horizon,
      options: { ...callOptions(e), direction, level, ...(model === 'auto' ? {} : { model }) },
    });
    if (d?.family !== 'tte') {
      throw new MlError('not_enough_data', 'time to exhaustion needs at least 3 finite values in the training window');
    }
    const r = d.exhaustion;
    const nowMs = e.point + e.shift;
    const warnings = [...engineWarnings, ...r.warnings];
    for (const w of warnings) {
      process.stderr.write(`bellwether tte: ${w}\n`);
    }
    const out = {
      verdict: r.verdict,
      seconds: finiteOrNull(r.seconds),
      crossingTime: Number.isFinite(r.seconds) ? formatTimestamp(nowMs + r.seconds * 1000, input.format) : null,
      lower: finiteOrNull(r.lower),
      upper: finiteOrNull(r.upper),
      level,
      confidence: r.confidence,
      alreadyExceeded: r.alreadyExceeded,
      model: r.model,
      capacity,
      direction,
      lastValue: r.lastValue,
      slopePerSecond: r.slopePerSecond,
      trend: { test: 'mann-kendall', ...r.trend },
      segmentStart: formatTimestamp(r.segmentStart, input.format),
      resetFound: r.resets,
      horizonSeconds: r.horizonSeconds,
      forecastStepSeconds: r.forecastStepSeconds,
      sensSlopeSeconds: finiteOrNull(r.sensSlopeSeconds),
      warnings,
    };
    await writeResult(data, JSON.stringify(out, null, 2) + '\n');
  });
}
