/**
 * `bellwether tte [FILE|-] --capacity X --direction up|down [--model auto] [--horizon 30d] [--now T]
 *  [--interval 0.95] [--train 3d|all] [--refit 1h] [--values-only --step D]`: reads a series like
 * `bellwether forecast` and writes JSON: the predicted crossing (`seconds` from now, `crossingTime` in
 * ISO 8601 and `crossingTimeSeconds`), its bounds (`lower`, `upper`), `confidence`, the `model`, the
 * `trend` test, and the segment used after the last reset. The time and the trend test come from the
 * companion's own entry point (src/engine/exhaustionAnswer.ts, behind its exhaustion endpoint), so
 * they are the companion's figures at that point with the same train=, step= and refit=. JSON has
 * no Infinity: "never within the horizon" is `null`. Exit codes: ../exitCodes.ts.
 */
import { modelsAt } from '../../src/common/models';
import { matrixEnv } from '../../src/engine/context';
import { exhaustionAnswers } from '../../src/engine/exhaustionAnswer';
import type { TrendSinceReset } from '../../src/ml/trend/sinceReset';
import { MlError } from '../../src/ml/types';
import { callOptions, engineInput, tteKeepRows, tteKeptShort } from '../engine';
import { FlagKind, parseFlags } from '../args';
import { runCommand } from '../command';
import { EXIT_CODES_HELP, usageError } from '../exitCodes';
import {
  durationOption,
  forecastModelOption,
  intervalOption,
  numberOption,
  refitOption,
  SERIES_IDENTITY_FLAGS,
  SERIES_IDENTITY_HELP,
  seriesIdentityOptions,
  stepOption,
  trainOrAllOption,
} from '../options';
import { DATA_FLAGS, DATA_HELP, dataArgs, readSeries, writeResult } from '../seriesIo';
import { parseTimestamp } from '../timestamps';

export const summary = 'Time until a CSV series reaches a capacity (JSON with bounds, confidence and trend test).';

const USAGE = `Usage: bellwether tte [FILE|-] --capacity X --direction up|down [options]

Writes JSON: the verdict (exhausted | within | beyond_horizon: heading there, but later |
no_trend: not heading there), the predicted crossing ("seconds" from now, "crossingTime" in ISO
8601 UTC, "crossingTimeSeconds" in epoch seconds), its bounds, confidence, model, the horizon
searched and the trend test since the last reset ("gate": the test that decided the verdict, one-sided
toward the limit, across daily cycles on two days or more, with its slope; "trend": the same test
two-sided); null means no crossing within the horizon.
"carriedAcross" is the time of a reset too recent to show its own rate, whose steady tooth before
it was judged with it (then "segmentStart" is that tooth's start); null when none was.
"levelShiftAt" is the time of a settled step toward the limit (a one-off write) the segment starts
after; null when none was.
"nextResetAt" is when the next reset is due, when resets recur ("resetsSeen" of them) or one
restart to the series' baseline was read as the first of a pattern ("resetsSeen": 1, a guess): a
crossing after it is not declared ("no_trend"), and "segmentAloneSeconds" is that crossing, the
segment since the reset alone reaching the limit; all null otherwise, and once the reset is overdue.
Anything that limits the answer is in "warnings" and on stderr. The figures are the companion's
time_to_exhaustion(x, X, "step=<step> refit=<step> direction=...") at that point (train= 14d, the
companion's default for time to exhaustion, or --train; refit= the step, or --refit). A window longer
than 10,000 steps is read at a coarser step, as the companion reads it: 14d every 3 minutes at 1m.

Options:
  --capacity X         the limit (a ceiling for up, a floor such as 0 bytes free for down; required)
  --direction up|down  rising toward a ceiling, or falling toward a floor (required)
  --model NAME         ${modelsAt('forecast', 'cli').join(' | ')} (default auto)
  --horizon D          how far to look ahead, e.g. 12h or 30d (default 30d)
  --now T              evaluation time, like the input timestamps (default: the last one)
  --interval L         coverage of the interval the bounds come from (default 0.95)
  --train D|all        training window before the evaluation point, e.g. 3d (default 14d, the
                       companion's); read at a coarser step when longer than 10,000 steps (every
                       3rd sample at 1m, every 10th at 15s); all: the whole series (without
                       --now, the rows kept: a warning says when they hold less than asked)
  --refit D            refit interval (default: the series' step, a fit at the evaluation point
                       itself); --refit 1h is the companion's default: the fit at the last whole
                       hour, counted down to the point
${SERIES_IDENTITY_HELP}
                       (a limit outside those bounds, such as --capacity 1.05 on a ratio, is
                       refused: it can never be reached)
  --values-only        input is one value per line (needs --step)
  --step D             spacing of --values-only input
  -h, --help           show this help

${DATA_HELP}
${EXIT_CODES_HELP}`;

const FLAGS: Record<string, FlagKind> = {
  ...DATA_FLAGS,
  ...SERIES_IDENTITY_FLAGS,
  capacity: 'value',
  direction: 'value',
  model: 'value',
  horizon: 'value',
  now: 'value',
  interval: 'value',
  train: 'value',
  refit: 'value',
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
  if (direction === undefined) {
    throw usageError(
      '--direction is required: up (the value rises toward the capacity, e.g. used bytes) or down (it falls toward it, e.g. free bytes)'
    );
  }
  if (direction !== 'up' && direction !== 'down') {
    throw usageError(`--direction must be up or down, got ${JSON.stringify(direction)}`);
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
    train: values.train === undefined ? undefined : trainOrAllOption(values.train),
    refit: values.refit === undefined ? undefined : refitOption(values.refit),
    identity: seriesIdentityOptions(values),
  };
}

/** The trend test as the JSON writes it (the companion's slope, pvalue and leak, with the test's details). */
function trendJson(r: TrendSinceReset) {
  const { s, varS, z, pValue, trend, n } = r.trend;
  return {
    test: r.period >= 2 ? 'seasonal-mann-kendall' : 'mann-kendall',
    period: r.period,
    n,
    s,
    varS,
    z,
    pValue,
    trend,
    slopePerSecond: r.slopePerSecond,
    leak: r.leak,
    ...isoAndSeconds('segmentStart', r.segmentStart),
    sinceReset: r.resets,
  };
}

/** A time (ms) as `<name>` in ISO 8601 UTC and `<name>Seconds` in epoch seconds. */
function isoAndSeconds<K extends string>(name: K, ms: number) {
  const finite = Number.isFinite(ms);
  return {
    [name]: finite ? new Date(ms).toISOString() : null,
    [`${name}Seconds`]: finite ? ms / 1000 : null,
  } as Record<K | `${K}Seconds`, string | number | null>;
}

export function run(argv: string[]): Promise<number> {
  return runCommand('tte', argv, USAGE, async () => {
    const { data, capacity, direction, model, horizon, now, level, valuesOnly, stepMs, train, refit, identity } =
      parseArgs(argv);
    // Without --now the point is the last row: the rows of the latest timestamps are all it can use,
    // as many as the training window asked for holds.
    const input = await readSeries('tte', data, {
      valuesOnly,
      stepMs,
      ...(now === undefined ? { keepLatest: tteKeepRows(train) } : {}),
    });
    const e = engineInput(input, { step: valuesOnly ? stepMs : undefined, now, train, refit });
    const env = matrixEnv(e.matrix);
    const [answer] = await exhaustionAnswers(
      {
        func: 'time_to_exhaustion',
        inner: 'cli',
        capacity,
        horizon,
        options: { ...callOptions(e), ...identity, direction, level, ...(model === 'auto' ? {} : { model }) },
      },
      e.point,
      env
    );
    const r = answer?.exhaustion;
    if (!r || !('lower' in r)) {
      throw new MlError(
        'not_enough_data',
        env.warnings?.list().find((w) => w.includes('too few points to fit')) ??
          'time to exhaustion needs at least 3 finite values in the training window'
      );
    }
    const nowMs = e.point + e.shift;
    // In the input's time; the engine's segment starts at the first value, never before the data.
    const inInput = (ms: number) => ms + e.shift;
    const kept = now === undefined ? tteKeptShort(input, train) : undefined;
    // Each once: the engine's warnings hold the fit's own since the exhaustion endpoint passes them on.
    const warnings = [
      ...new Set([...(kept ? [kept] : []), ...e.notes, ...(env.warnings?.list() ?? []), ...r.warnings]),
    ];
    for (const w of warnings) {
      process.stderr.write(`bellwether tte: ${w}\n`);
    }
    const out = {
      verdict: r.verdict,
      seconds: finiteOrNull(r.seconds),
      ...isoAndSeconds('crossingTime', nowMs + r.seconds * 1000),
      lower: finiteOrNull(r.lower),
      upper: finiteOrNull(r.upper),
      level,
      confidence: r.confidence,
      alreadyExceeded: r.alreadyExceeded,
      model: r.model,
      capacity,
      direction,
      ...isoAndSeconds('time', nowMs),
      lastValue: r.lastValue,
      // Sen's slope over the segment: the straight line of sensSlopeSeconds.
      slopePerSecond: r.slopePerSecond,
      // The trend test that decided the verdict (the companion's exhaustion endpoint's `gate`, what the
      // home page and the panel print beside the time): its slope, one-sided p-value toward the limit,
      // level, whether it ran across daily cycles, and whether it is significant. `trend` below is the
      // same test over the same segment, two-sided.
      gate: r.gate,
      // The companion's trend test (its exhaustion endpoint's slope, pvalue, leak): trend_pvalue with
      // the same options, over the segment since the last reset; null below 10 points there.
      trend: answer.trend ? trendJson({ ...answer.trend, segmentStart: inInput(answer.trend.segmentStart) }) : null,
      ...isoAndSeconds('segmentStart', inInput(r.segmentStart)),
      // The reset a young segment carried the tooth's fill rate across (src/ml/tte carryRate.ts); null
      // when none was: `segmentStart` is then the start of the tooth before it, as the panel's.
      ...isoAndSeconds('carriedAcross', r.carriedAcross === undefined ? NaN : inInput(r.carriedAcross)),
      // The settled step toward the limit the segment starts after (src/ml/tte levelShift.ts); null when none.
      ...isoAndSeconds('levelShiftAt', r.levelShiftAt === undefined ? NaN : inInput(r.levelShiftAt)),
      resetFound: r.resets,
      // When the next reset is due, when resets recur like clockwork or one restart to its baseline was
      // read as the first of a pattern (src/ml/tte recurringResets.ts, oneRestart.ts): the companion's
      // exhaustion endpoint's `nextReset` and `resetsSeen` (1: a guess that it recurs); null otherwise,
      // and when it is overdue.
      ...isoAndSeconds('nextResetAt', r.nextResetAt === undefined ? NaN : inInput(r.nextResetAt)),
      resetsSeen: r.nextResetAt === undefined ? null : (r.resetsSeen ?? null),
      // The crossing that reset denied (the warning's "the segment alone would reach the limit in"),
      // seconds from now; null when none was denied.
      segmentAloneSeconds: r.segmentAloneSeconds ?? null,
      horizonSeconds: r.horizonSeconds,
      forecastStepSeconds: r.forecastStepSeconds,
      sensSlopeSeconds: finiteOrNull(r.sensSlopeSeconds),
      warnings,
    };
    await writeResult(data, JSON.stringify(out, null, 2) + '\n');
  });
}
