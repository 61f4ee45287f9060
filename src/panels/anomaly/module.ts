import './publicPath';
import { standardPanel, withCommonOptions } from '../../components/charts/panelOptions';
import { AnomalyPanel } from './components/AnomalyPanel';
import { AnomalyOptions, DEFAULT_OPTIONS as D, PANEL_DETECTOR_MODELS } from './types';

export const plugin = standardPanel<AnomalyOptions>(AnomalyPanel).setPanelOptions((builder) =>
  withCommonOptions(builder, { verb: 'analysed', defaultValue: D.maxSeries, max: 200, category: 'Data' })
    .addSelect({
      path: 'model',
      name: 'Model',
      description:
        'Detector run on each series in a Web Worker. The ensemble votes over Holt-Winters and the Prophet-style model. The LSTM loads TensorFlow.js on first use and trains for a few seconds per series.',
      category: ['Detection'],
      defaultValue: D.model,
      settings: { options: PANEL_DETECTOR_MODELS },
    })
    .addSliderInput({
      path: 'sensitivity',
      name: 'Sensitivity',
      description: 'Higher flags more points and narrows the band.',
      category: ['Detection'],
      defaultValue: D.sensitivity,
      settings: { min: 0, max: 1, step: 0.05 },
    })
    .addTextInput({
      path: 'trainWindow',
      name: 'Training window',
      description:
        "History each model learns from: a number of points (1000) or a duration (2d), 50 to 100000 points. Empty: the companion's default, 3 days and at least 1000 points, so the panel and the alert rules agree.",
      category: ['Detection'],
      defaultValue: D.trainWindow,
      settings: { placeholder: '3d, at least 1000 points' },
    })
    .addRadio({
      path: 'seasonality',
      name: 'Seasonality',
      category: ['Detection'],
      defaultValue: D.seasonality,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'none', label: 'None' },
          { value: 'manual', label: 'Manual' },
        ],
      },
    })
    .addTextInput({
      path: 'seasonPeriod',
      name: 'Season length',
      description: 'A duration (1d) or a number of points (144).',
      category: ['Detection'],
      defaultValue: D.seasonPeriod,
      showIf: (o) => o.seasonality === 'manual',
    })
    .addRadio({
      path: 'direction',
      name: 'Direction',
      description: 'Which side of the expected value may be anomalous: latency only matters upward.',
      category: ['Detection'],
      defaultValue: D.direction,
      settings: {
        options: [
          { value: 'both', label: 'Both' },
          { value: 'above', label: 'Above' },
          { value: 'below', label: 'Below' },
        ],
      },
    })
    .addNumberInput({
      path: 'minAbs',
      name: 'Minimum deviation',
      description: 'Deviations from the expected value smaller than this (in the series unit) are never anomalous.',
      category: ['Detection'],
      settings: { min: 0 },
    })
    .addNumberInput({
      path: 'minRel',
      name: 'Minimum relative deviation',
      description: 'Deviations smaller than this fraction of the expected value (0.1 = 10%) are never anomalous.',
      category: ['Detection'],
      settings: { min: 0 },
    })
    .addNumberInput({
      path: 'validMin',
      name: 'Valid minimum',
      description: 'Values below this are always anomalous.',
      category: ['Detection'],
    })
    .addNumberInput({
      path: 'validMax',
      name: 'Valid maximum',
      description: 'Values above this are always anomalous.',
      category: ['Detection'],
    })
    .addBooleanSwitch({ path: 'showBand', name: 'Expected band', category: ['Show'], defaultValue: D.showBand })
    .addBooleanSwitch({
      path: 'showExpected',
      name: 'Expected value line',
      category: ['Show'],
      defaultValue: D.showExpected,
    })
    .addBooleanSwitch({ path: 'showPoints', name: 'Anomalous points', category: ['Show'], defaultValue: D.showPoints })
    .addBooleanSwitch({
      path: 'showRegions',
      name: 'Anomalous regions',
      category: ['Show'],
      defaultValue: D.showRegions,
    })
    .addBooleanSwitch({ path: 'showScore', name: 'Score strip', category: ['Show'], defaultValue: D.showScore })
    .addBooleanSwitch({
      path: 'useDerived',
      name: 'Use model output in the data',
      description:
        'When the query already returns expected/upper/lower/score fields (Bellwether data source or companion), draw those.',
      category: ['Data'],
      defaultValue: D.useDerived,
    })
    .addSliderInput({
      path: 'scoreThreshold',
      name: 'Score threshold',
      description:
        "For score fields in the data without an anomaly flag: a score at or above this is anomalous. Default 0.76, the shipped alert rules' threshold.",
      category: ['Data'],
      defaultValue: D.scoreThreshold,
      settings: { min: 0, max: 1, step: 0.01 },
      showIf: (o) => o.useDerived,
    })
);
