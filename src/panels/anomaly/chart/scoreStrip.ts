/**
 * The score strip under the main chart: per time the highest score over all series (one cheap line
 * however many series there are), with the anomalous regions shaded as on the main chart.
 */
import { GrafanaTheme2 } from '@grafana/data';
import type uPlot from 'uplot';
import { fade, themedAxis, Y_AXIS_SIZE } from '../../../components/charts/chartTheme';
import { PlotLayer } from '../../../components/charts/LayeredUPlot';
import { NO_POINTS } from './columns';

/**
 * Per row, the highest number over `columns`; null where none has one.
 *
 * @example highestScore([[0.2, null], [0.5, undefined]], 2) // [0.5, null]
 */
export function highestScore(columns: Array<ArrayLike<number | null | undefined>>, n: number): Array<number | null> {
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (const c of columns) {
      const x = c[i];
      if (typeof x === 'number' && x > m) {
        m = x;
      }
    }
    out[i] = m === -Infinity ? null : m;
  }
  return out;
}

/** The strip as one layer over `data` (x, then one score column per scored series). */
export function scoreStrip(args: {
  data: uPlot.AlignedData;
  /** More than one series drawn: the line is the highest of their scores. */
  manySeries: boolean;
  theme: GrafanaTheme2;
  tzDate: uPlot.Options['tzDate'];
  xScale: uPlot.Scale;
  syncKey: string;
  regions: (u: uPlot) => void;
}): PlotLayer[] {
  const { data, theme } = args;
  const stroke = theme.colors.text.secondary;
  const maxScore = highestScore(data.slice(1) as Array<ArrayLike<number | null | undefined>>, data[0].length);
  return [
    {
      options: {
        tzDate: args.tzDate,
        legend: { show: false },
        cursor: { sync: { key: args.syncKey }, y: false, points: NO_POINTS, drag: { x: false, y: false } },
        scales: { x: args.xScale, y: { range: [0, 1] as uPlot.Range.MinMax } },
        // Same right padding as the main chart so both plot areas span the same x pixels.
        padding: [10, 16, 4, 0],
        axes: [
          { show: false },
          themedAxis(theme, {
            size: Y_AXIS_SIZE,
            splits: () => [0, 1],
            values: (_u: uPlot, sp: number[]) => sp.map((v) => (v === 1 ? 'score 1' : '0')),
          }),
        ],
        series: [
          {},
          {
            label: args.manySeries ? 'highest score' : 'score',
            stroke,
            width: 1,
            fill: fade(stroke, 0.25),
            points: NO_POINTS,
          },
        ],
        hooks: { drawClear: [args.regions] },
      },
      data: [data[0], maxScore] as uPlot.AlignedData,
    },
  ];
}
