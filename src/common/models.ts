/**
 * The model catalogue: every detector and forecaster Bellwether offers, once. The name unions
 * (`DetectorModel`, `ForecastModel`), the engine's model lists, the editors' choices (query editor,
 * panel options), the CLI's help, the unknown-model errors and the table in docs/models.md all come
 * from here; `npm run docs:models` rewrites that table and a test checks it is current.
 */

/** Where a model runs: in the browser (the panels' and data source's worker) and the companion, or the companion only. */
export type ModelRuns = 'both' | 'companion';

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
  /** Where it runs. */
  runs: ModelRuns;
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
  runs: ModelRuns;
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
    runs: 'both',
    warmup: { from: 'members' },
    threshold: 'vote',
    options: DETECT_OPTIONS,
  },
  mad: {
    label: 'Rolling median / MAD',
    description: 'Distance from the rolling median in robust standard deviations (no seasonality).',
    runs: 'both',
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: ['sensitivity', 'train'],
  },
  holtwinters: {
    label: 'Holt-Winters (seasonal)',
    description: 'One-step-ahead error of additive Holt-Winters with a detected or given season.',
    runs: 'both',
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: DETECT_OPTIONS,
  },
  prophet: {
    label: 'Prophet-style (trend + seasonality)',
    description: 'Error of a refitted piecewise-linear trend with daily and weekly Fourier terms.',
    runs: 'both',
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: DETECT_OPTIONS,
  },
  iforest: {
    label: 'Isolation Forest',
    description: 'Isolation depth of each point in features of its 16-point neighbourhood (no seasonality).',
    runs: 'both',
    warmup: { from: 'own' },
    threshold: 'isolation',
    options: ['sensitivity', 'train', 'seed'],
  },
  gaussian: {
    label: 'Windowed Gaussian (baseline)',
    description: 'Normal tail probability against the mean and deviation of the training window.',
    runs: 'both',
    warmup: { from: 'own' },
    threshold: 'parametric',
    options: ['sensitivity', 'train'],
  },
  lstm: {
    label: 'LSTM (slow, loads on demand)',
    description: 'Error of a small LSTM forecaster trained once on the first points.',
    runs: 'both',
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
      'On a seasonal series where augurs is loaded (companion, CLI), the median of five simple forecasts; otherwise the model with the lowest rolling-origin backtest error. The result names it.',
    runs: 'both',
    warmup: 'that of the models it compares',
    options: FORECAST_OPTIONS,
  },
  linear: {
    label: 'Linear (like predict_linear)',
    description: 'Ordinary least squares line with its prediction interval.',
    runs: 'both',
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  theilsen: {
    label: 'Theil-Sen (robust linear)',
    description: 'Median of pairwise slopes, robust to outliers.',
    runs: 'both',
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  holtwinters: {
    label: 'Holt-Winters',
    description: 'Damped additive Holt-Winters, ETS(A,Ad,A), with fitted smoothing.',
    runs: 'both',
    warmup: 'two seasons for its season, else none',
    options: FORECAST_OPTIONS,
  },
  mstl: {
    label: 'MSTL (augurs)',
    description: "augurs' MSTL decomposition with an AutoETS trend; Holt-Winters without a season.",
    runs: 'companion',
    loads: 'augurs',
    warmup: 'two seasons, else Holt-Winters',
    options: FORECAST_OPTIONS,
  },
  prophet: {
    label: 'Prophet-style',
    description: 'Piecewise-linear trend with daily and weekly Fourier terms (ridge regression).',
    runs: 'both',
    warmup: '3 finite values',
    options: ['horizon', 'level'],
  },
  seasonal_naive: {
    label: 'Seasonal naive',
    description: 'Repeats the last season (the last value without one).',
    runs: 'both',
    warmup: 'one season for its season, else none',
    options: FORECAST_OPTIONS,
  },
  naive2: {
    label: 'Naive2 (M4 baseline)',
    description: "Last value of the seasonally adjusted series, M4's benchmark.",
    runs: 'both',
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

/**
 * The error sentence for a model name that is not in the catalogue.
 *
 * @example unknownModelMessage('detector', 'nope') // 'unknown detector model "nope"; use one of ensemble, mad, ...'
 */
export function unknownModelMessage(kind: 'detector' | 'forecast', name: string): string {
  const names = kind === 'detector' ? DETECTOR_MODELS : FORECAST_MODELS;
  return `unknown ${kind} model "${name}"; use one of ${names.join(', ')}`;
}

/** A picker choice: the value, its label, the description as tooltip, and where it runs. */
export interface ModelChoice<M extends string> {
  value: M;
  label: string;
  description: string;
  runs: ModelRuns;
}

/** Picker choices for detectors, optionally only those that run in the browser. */
export function detectorChoices(where: 'browser' | 'any' = 'any'): Array<ModelChoice<DetectorModel>> {
  return DETECTOR_MODELS.filter((m) => where === 'any' || DETECTORS[m].runs === 'both').map((m) => ({
    value: m,
    label: DETECTORS[m].label,
    description: DETECTORS[m].description,
    runs: DETECTORS[m].runs,
  }));
}

/** Picker choices for forecasters, optionally only those that run in the browser. */
export function forecasterChoices(where: 'browser' | 'any' = 'any'): Array<ModelChoice<ForecastModel>> {
  const runs = (m: ForecastModel): ModelRuns => FORECASTERS[m].runs;
  return FORECAST_MODELS.filter((m) => where === 'any' || runs(m) === 'both').map((m) => ({
    value: m,
    label: FORECASTERS[m].label,
    description: FORECASTERS[m].description,
    runs: runs(m),
  }));
}

const RUNS_TEXT: Record<ModelRuns, string> = { both: 'browser and companion', companion: 'companion only' };
const LOADS_TEXT: Record<ModelLoads, string> = {
  tfjs: 'TensorFlow.js, in its own worker',
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
  const head = ['Name', 'Label', 'What it does', 'Runs in', 'Loads on first use', 'Warm-up', 'Options'];
  const detectors = DETECTOR_MODELS.map((m) => {
    const e: DetectorEntry = DETECTORS[m];
    return [
      `\`${m}\``,
      e.label,
      e.description,
      RUNS_TEXT[e.runs],
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
      RUNS_TEXT[e.runs],
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
