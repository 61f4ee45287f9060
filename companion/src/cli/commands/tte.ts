/**
 * `bellwether tte [FILE|-] --capacity X --direction up|down [--model auto] [--horizon 30d] [--now T]
 *  [--interval 0.95] [--values-only --step D]`: reads the same CSV as `bellwether forecast` and prints
 * JSON: the predicted crossing (`seconds` from now and `crossingTime`), its bounds (`lower`, `upper`),
 * `confidence`, the `model`, the Mann-Kendall `trend` test, the Sen's slope per second, and the segment
 * used after the last reset. JSON has no Infinity: "never within the horizon" is `null`.
 * Exit codes: 0 ok, 1 the engine refused the data, 2 usage error.
 */
import { FORECAST_MODELS, ForecastModel, MlError, initForecasting, timeToExhaustion } from '../../../../src/ml';
import { durationProblem, parseDuration } from '../../../../src/common/duration';
import { unknownModelMessage } from '../../../../src/common/models';
import { formatTime, parseCsv, readInput } from './forecast';

export const summary = 'Time until a CSV series reaches a capacity (JSON with bounds, confidence and trend test).';

const USAGE = `Usage: bellwether tte [FILE|-] --capacity X --direction up|down [options]

  FILE                 CSV "timestamp,value" (default: standard input)
  --capacity X         the limit (a ceiling for up, a floor such as 0 bytes free for down)
  --direction up|down  rising toward a ceiling, or falling toward a floor
  --model NAME         ${FORECAST_MODELS.join(' | ')} (default auto)
  --horizon D          how far to look ahead, a duration such as 12h or 30d (default 30d)
  --now T              evaluation time, like the input timestamps (default: the last one)
  --interval L         coverage of the interval the bounds come from (default 0.95)
  --values-only        input is one value per line (needs --step)
  --step D             spacing of --values-only input, a duration such as 30s or 5m
`;

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const opts: Record<string, string> = {};
  let file: string | undefined;
  let valuesOnly = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--values-only') {
      valuesOnly = true;
    } else if (a.startsWith('--')) {
      if (args[i + 1] === undefined) {
        return usage(`${a} needs a value`);
      }
      opts[a.slice(2)] = args[++i];
    } else if (file === undefined) {
      file = a;
    } else {
      return usage(`unexpected argument ${a}`);
    }
  }
  const known = ['capacity', 'direction', 'model', 'horizon', 'now', 'interval', 'step'];
  const unknown = Object.keys(opts).find((k) => !known.includes(k));
  if (unknown) {
    return usage(`unknown option --${unknown}`);
  }
  const capacity = Number(opts.capacity);
  if (opts.capacity === undefined || !Number.isFinite(capacity)) {
    return usage('--capacity X (a number) is required');
  }
  const direction = opts.direction;
  if (direction !== 'up' && direction !== 'down') {
    return usage('--direction must be up or down');
  }
  const model = (opts.model ?? 'auto') as ForecastModel;
  if (!FORECAST_MODELS.includes(model)) {
    return usage(unknownModelMessage('forecast', model));
  }
  const horizon = opts.horizon === undefined ? undefined : parseDuration(opts.horizon);
  if (horizon !== undefined && !(horizon > 0)) {
    return usage(`--horizon: ${durationProblem(opts.horizon!) ?? 'must be longer than 0'}, such as 12h or 30d`);
  }
  const step = opts.step === undefined ? undefined : parseDuration(opts.step);
  if (opts.step !== undefined && step === undefined) {
    return usage(`--step: ${durationProblem(opts.step)}`);
  }
  if (valuesOnly && !(step !== undefined && step > 0)) {
    return usage('--values-only needs --step');
  }
  const level =
    opts.interval === undefined
      ? 0.95
      : Number(opts.interval) > 1
        ? Number(opts.interval) / 100
        : Number(opts.interval);
  let input;
  try {
    input = parseCsv(readInput(file), valuesOnly, step ?? 1000);
  } catch (e) {
    return usage((e as Error).message);
  }
  let now: number | undefined;
  if (opts.now !== undefined) {
    const parsed = parseCsv(`${opts.now},0`, false, 1000);
    now = parsed.series.t.length === 1 ? parsed.series.t[0] : NaN;
  }
  try {
    if (model === 'auto' || model === 'mstl') {
      await initForecasting();
    }
    const r = timeToExhaustion(input.series, { capacity, direction, model, horizon, now, level });
    const nowMs = now ?? input.series.t.reduce((a, b) => Math.max(a, b), -Infinity);
    const out = {
      seconds: finiteOrNull(r.seconds),
      crossingTime: Number.isFinite(r.seconds) ? formatTime(nowMs + r.seconds * 1000, input.format) : null,
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
      segmentStart: formatTime(r.segmentStart, input.format),
      resetFound: r.resets,
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof MlError) {
      process.stderr.write(`bellwether tte: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function usage(message: string): number {
  process.stderr.write(`bellwether tte: ${message}\n\n${USAGE}`);
  return 2;
}
