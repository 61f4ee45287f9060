/**
 * The model catalogue: every detector and forecaster Bellwether offers, once. The name unions
 * (`DetectorModel`, `ForecastModel`), the engine's model lists, the editors' choices (query editor,
 * panel options), the CLI's help, the unknown-model errors and the table in docs/models.md all come
 * from here; `npm run docs:models` rewrites that table and a test checks it is current.
 */

/**
 * The ways into the models: the panels (anomaly, forecast), the data source's browser engine (its
 * worker), the companion (our PromQL functions, recording rules, and the data source's companion
 * engine) and the CLI (`bellwether detect|forecast|tte --model`).
 */
export type ModelDoor = 'panel' | 'browser' | 'companion' | 'cli';

/** Every door, in the order messages and docs name them. */
export const MODEL_DOORS: readonly ModelDoor[] = ['panel', 'browser', 'companion', 'cli'];

const EVERY_DOOR = MODEL_DOORS;

/** An option a model reads (the names of the companion's option string and the editors). */
export type ModelOption = 'sensitivity' | 'train' | 'season' | 'seed' | 'horizon' | 'level';

/** What a model loads on first use, outside the default bundle: tfjs (its own worker chunk) or augurs' WebAssembly. */
export type ModelLoads = 'tfjs' | 'augurs';

/**
 * How a detector's warm-up (points before its first judgement) is known:
 * - `own`: the model's own rule (`PointModel.warmup`, or `warmupAt(step)` when it depends on the step);
 * - `members`: the ensemble's earliest member, then calibration points;
 * - `buffer`: the first `maxPoints` points (at most `trainWindow`) are buffered and trained on,
 *   known without loading the model.
 */
export type DetectorWarmup = { from: 'own' } | { from: 'members' } | { from: 'buffer'; maxPoints: number };

/** How a single detector's score becomes a yes/no: a normal-tail score or an isolation depth (sensitivity.ts). */
export type DetectorThreshold = 'parametric' | 'isolation' | 'vote';

/** One detector of the catalogue. */
export interface DetectorEntry {
  /** Short label for pickers. */
  label: string;
  /** One sentence for tooltips and docs. */
  description: string;
  /** The doors it works through; every other door refuses it by name (modelRefusal). */
  doors: readonly ModelDoor[];
  /** What it loads on first use, if anything. */
  loads?: ModelLoads;
  /** How its warm-up is known. */
  warmup: DetectorWarmup;
  /** Which threshold family turns its score into anomalies. */
  threshold: DetectorThreshold;
  /** Options it reads. */
  options: readonly ModelOption[];
}

/** One forecaster of the catalogue. */
export interface ForecasterEntry {
  label: string;
  description: string;
  doors: readonly ModelDoor[];
  loads?: ModelLoads;
  /** What it needs before it forecasts, in words (every forecaster needs 3 finite values). */
  warmup: string;
  options: readonly ModelOption[];
}

const DETECT_OPTIONS = ['sensitivity', 'train', 'season'] as const;
const FORECAST_OPTIONS = ['horizon', 'season', 'level'] as const;

/** Detectors, default first. Members of the default ensemble: ENSEMBLE_MEMBERS in src/ml/detect. */
export const DETECTORS = {
  ensemble: {
    label: 'Ensemble (Holt-Winters + Prophet-style vote)',
    description: 'Calibrated vote of the Holt-Winters and Prophet-style detectors; the default.',
    doors: EVERY_DOOR,
    warmup: { from: 'members' },
    threshold: 'vote',
    options: DETECT_OPTIONS,
  },
  mad: {
    label: 'Rolling median / MAD',
    description: 'Distance from the rolling median in robust standard deviations (no seasonality).',
    doors: EVERY_DOOR,
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: ['sensitivity', 'train'],
  },
  holtwinters: {
    label: 'Holt-Winters (seasonal)',
    description: 'One-step-ahead error of additive Holt-Winters with a detected or given season.',
    doors: EVERY_DOOR,
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: DETECT_OPTIONS,
  },
  prophet: {
    label: 'Prophet-style (trend + seasonality)',
    description: 'Error of a refitted piecewise-linear trend with daily and weekly Fourier terms.',
    doors: EVERY_DOOR,
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: DETECT_OPTIONS,
  },
  iforest: {
    label: 'Isolation Forest',
    description: 'Isolation depth of each point in features of its 16-point neighbourhood (no seasonality).',
    doors: EVERY_DOOR,
    warmup: { from: 'own' },
    threshold: 'isolation',
    options: ['sensitivity', 'train', 'seed'],
  },
  gaussian: {
    label: 'Windowed Gaussian (baseline)',
    description: 'Normal tail probability against the mean and deviation of the training window.',
    doors: EVERY_DOOR,
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: ['sensitivity', 'train'],
  },
  lstm: {
    label: 'LSTM (slow, loads on demand)',
    description: 'Error of a small LSTM forecaster trained once on the first points.',
    // The browser engine's worker is one chunk without tfjs; the anomaly panel runs it in its own worker.
    doors: ['panel', 'companion', 'cli'],
    loads: 'tfjs',
    warmup: { from: 'buffer', maxPoints: 500 },
    threshold: 'parametric',
    options: ['sensitivity', 'train', 'seed'],
  },
} as const satisfies Record<string, DetectorEntry>;

/** Forecasters, 'auto' first. */
export const FORECASTERS = {
  auto: {
    label: 'Auto (combination or best by backtest)',
    description:
      'On a seasonal series (augurs loaded; the browser fetches it on first use), the median of the three of nine simple forecasts that backtested best on it; otherwise the model with the lowest rolling-origin backtest error. The result names it.',
    doors: EVERY_DOOR,
    warmup: 'that of the models it compares',
    options: FORECAST_OPTIONS,
  },
  linear: {
    label: 'Linear (like predict_linear)',
    description: 'Ordinary least squares line with its prediction interval.',
    doors: EVERY_DOOR,
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  theilsen: {
    label: 'Theil-Sen (robust linear)',
    description: 'Median of pairwise slopes, robust to outliers.',
    doors: EVERY_DOOR,
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  holtwinters: {
    label: 'Holt-Winters',
    description: 'Damped additive Holt-Winters, ETS(A,Ad,A), with fitted smoothing.',
    doors: EVERY_DOOR,
    warmup: 'two seasons for its season, else none',
    options: FORECAST_OPTIONS,
  },
  mstl: {
    label: 'MSTL (augurs)',
    description: "augurs' MSTL decomposition with an AutoETS trend; Holt-Winters without a season.",
    // The engine worker fetches augurs' WebAssembly on first use (src/worker/augursBundled.ts).
    doors: EVERY_DOOR,
    loads: 'augurs',
    warmup: 'two seasons, else Holt-Winters',
    options: FORECAST_OPTIONS,
  },
  prophet: {
    label: 'Prophet-style',
    description: 'Piecewise-linear trend with daily and weekly Fourier terms (ridge regression).',
    doors: EVERY_DOOR,
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  seasonal_naive: {
    label: 'Seasonal naive',
    description: 'Repeats the last season (the last value without one).',
    doors: EVERY_DOOR,
    warmup: 'one season for its season, else none',
    options: FORECAST_OPTIONS,
  },
  naive2: {
    label: 'Naive2 (M4 baseline)',
    description: "Last value of the seasonally adjusted series, M4's benchmark.",
    doors: EVERY_DOOR,
    warmup: 'two seasons for its season, else none',
    options: FORECAST_OPTIONS,
  },
} as const satisfies Record<string, ForecasterEntry>;

/** Detector names. */
export type DetectorModel = keyof typeof DETECTORS;
/** Forecaster names ('auto' included). */
export type ForecastModel = keyof typeof FORECASTERS;

/** Every detector name, default first. */
export const DETECTOR_MODELS = Object.keys(DETECTORS) as DetectorModel[];
/** Every forecaster name, 'auto' first. */
export const FORECAST_MODELS = Object.keys(FORECASTERS) as ForecastModel[];

/** Whether `name` is a detector of the catalogue. */
export function isDetectorModel(name: string): name is DetectorModel {
  return Object.prototype.hasOwnProperty.call(DETECTORS, name);
}

/** Whether `name` is a forecaster of the catalogue. */
export function isForecastModel(name: string): name is ForecastModel {
  return Object.prototype.hasOwnProperty.call(FORECASTERS, name);
}

/** What each door is called in messages and docs. */
const DOOR_TEXT: Record<ModelDoor, string> = {
  panel: 'the panels',
  browser: "the data source's browser engine",
  companion: 'the companion',
  cli: 'the CLI',
};

/** The catalogue's names of a kind that work through `door` (all of them without a door), in catalogue order. */
export function modelsAt<K extends 'detector' | 'forecast'>(
  kind: K,
  door?: ModelDoor
): Array<K extends 'detector' ? DetectorModel : ForecastModel> {
  const table: Record<string, { doors: readonly ModelDoor[] }> = kind === 'detector' ? DETECTORS : FORECASTERS;
  return Object.keys(table).filter((m) => door === undefined || table[m].doors.includes(door)) as Array<
    K extends 'detector' ? DetectorModel : ForecastModel
  >;
}

/** `a, b and c`. */
function inWords(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The error sentence for a model name that is not in the catalogue; with a door, it lists exactly
 * what that door accepts.
 *
 * @example unknownModelMessage('detector', 'nope') // 'unknown detector model "nope"; use one of ensemble, mad, ...'
 */
export function unknownModelMessage(kind: 'detector' | 'forecast', name: string, door?: ModelDoor): string {
  const inner =
    kind === 'forecast' && AUTO_EXHAUSTION_ONLY.includes(name)
      ? ` (${name} is one of the models auto chooses among for time to exhaustion, which an answer's model ` +
        'may name, not a model= of its own: use auto)'
      : '';
  return `unknown ${kind} model "${name}"; use one of ${modelsAt(kind, door).join(', ')}${inner}`;
}

/**
 * Models `auto` chooses among for time to exhaustion (src/ml/forecast/trendCandidates.ts, seasonalLine.ts)
 * that are not in the catalogue: a time to exhaustion's `model` may name them, and docs/forecasting.md
 * describes them, but no door accepts them as `model=`, so the refusal says why.
 */
export const AUTO_EXHAUSTION_ONLY: readonly string[] = ['holt', 'quadratic', 'exponential', 'seasonal_line'];

/**
 * Plain words for every model a forecast or time to exhaustion may name (`ForecastResult.model`,
 * `TimeToExhaustion.model`): the catalogue's forecasters, the combination `auto` uses on seasonal
 * series (src/ml/forecast COMBINATION) and {@link AUTO_EXHAUSTION_ONLY}. The panels show these, never
 * the ids, which an SRE does not know ("seasonal_line" reads as "seasonal + line"). One map, one place.
 */
export const FORECAST_RESULT_LABELS: Readonly<Record<string, string>> = {
  linear: 'straight line',
  theilsen: 'robust straight line',
  holtwinters: 'Holt-Winters',
  mstl: 'seasonal decomposition (MSTL)',
  prophet: 'trend + daily and weekly cycles',
  seasonal_naive: 'last season repeated',
  naive2: 'last value, seasonally adjusted',
  combination: 'median of the three best simple models',
  holt: 'smoothed trend',
  quadratic: 'curve (quadratic)',
  exponential: 'exponential growth',
  seasonal_line: 'seasonal + line',
};

/**
 * What a panel says of the model behind a forecast: its plain words, and "chosen automatically" when
 * `auto` chose it. An id without words (none today; a test checks) is shown as it is, never hidden.
 *
 * @example forecastModelText('seasonal_line', 'auto') // 'seasonal + line, chosen automatically'
 */
export function forecastModelText(id: string, asked: string): string {
  const words = Object.prototype.hasOwnProperty.call(FORECAST_RESULT_LABELS, id) ? FORECAST_RESULT_LABELS[id] : id;
  return asked === 'auto' ? `${words}, chosen automatically` : words;
}

/**
 * Why `door` refuses model `name`, for the operator who asked for it; undefined when it accepts it.
 * A name outside the catalogue gets {@link unknownModelMessage} for the door; a catalogue model that
 * works elsewhere only gets where it works and what this door supports.
 *
 * @example modelRefusal('detector', 'lstm', 'browser') // "model lstm is available in the panels, the companion and the CLI only; the data source's browser engine supports: ensemble, ..."
 */
export function modelRefusal(kind: 'detector' | 'forecast', name: string, door: ModelDoor): string | undefined {
  const known = kind === 'detector' ? isDetectorModel(name) : isForecastModel(name);
  if (!known) {
    return unknownModelMessage(kind, name, door);
  }
  const doors: readonly ModelDoor[] =
    kind === 'detector' ? DETECTORS[name as DetectorModel].doors : FORECASTERS[name as ForecastModel].doors;
  if (doors.includes(door)) {
    return undefined;
  }
  return `model ${name} is available in ${inWords(doors.map((d) => DOOR_TEXT[d]))} only; ${DOOR_TEXT[door]} supports: ${modelsAt(kind, door).join(', ')}`;
}

/** A picker choice: the value, its label, the description as tooltip, and the doors it works through. */
export interface ModelChoice<M extends string> {
  value: M;
  label: string;
  description: string;
  doors: readonly ModelDoor[];
}

/** Picker choices for detectors, optionally only those that work through `door`. */
export function detectorChoices(door?: ModelDoor): Array<ModelChoice<DetectorModel>> {
  return modelsAt('detector', door).map((m) => ({
    value: m,
    label: DETECTORS[m].label,
    description: DETECTORS[m].description,
    doors: DETECTORS[m].doors,
  }));
}

/** Picker choices for forecasters, optionally only those that work through `door`. */
export function forecasterChoices(door?: ModelDoor): Array<ModelChoice<ForecastModel>> {
  return modelsAt('forecast', door).map((m) => ({
    value: m,
    label: FORECASTERS[m].label,
    description: FORECASTERS[m].description,
    doors: FORECASTERS[m].doors,
  }));
}

/** What the docs' "Doors" column says. */
const DOOR_SHORT: Record<ModelDoor, string> = {
  panel: 'panels',
  browser: 'browser engine',
  companion: 'companion',
  cli: 'CLI',
};
const LOADS_TEXT: Record<ModelLoads, string> = {
  tfjs: 'TensorFlow.js (its own worker in the browser)',
  augurs: "augurs' WebAssembly",
};

function detectorWarmupText(w: DetectorWarmup): string {
  switch (w.from) {
    case 'own':
      return "the model's own rule";
    case 'members':
      return 'earliest member, then calibration';
    case 'buffer':
      return `min(trainWindow, ${w.maxPoints}) points`;
  }
}

/** A Markdown table with padded columns, as prettier formats it (so `npx prettier` leaves it alone). */
function markdownTable(head: string[], rows: string[][]): string[] {
  const width = head.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(width[c])).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The Markdown tables of docs/models.md, generated from the catalogue. */
export function modelsMarkdown(): string {
  const head = ['Name', 'Label', 'What it does', 'Doors', 'Loads on first use', 'Warm-up', 'Options'];
  const doorsText = (doors: readonly ModelDoor[]) => doors.map((d) => DOOR_SHORT[d]).join(', ');
  const detectors = DETECTOR_MODELS.map((m) => {
    const e: DetectorEntry = DETECTORS[m];
    return [
      `\`${m}\``,
      e.label,
      e.description,
      doorsText(e.doors),
      e.loads ? LOADS_TEXT[e.loads] : '',
      detectorWarmupText(e.warmup),
      e.options.join(', '),
    ];
  });
  const forecasters = FORECAST_MODELS.map((m) => {
    const e: ForecasterEntry = FORECASTERS[m];
    return [
      `\`${m}\``,
      e.label,
      e.description,
      doorsText(e.doors),
      e.loads ? LOADS_TEXT[e.loads] : '',
      e.warmup,
      e.options.join(', '),
    ];
  });
  return [
    '### Detectors',
    '',
    ...markdownTable(head, detectors),
    '',
    '### Forecasters',
    '',
    ...markdownTable(head, forecasters),
    '',
  ].join('\n');
}
