import React, { useEffect, useMemo, useState } from 'react';
import { PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import type uPlot from 'uplot';
import { UPlotChart } from '../../../components/charts/UPlotChart';
import { framesToSeries } from '../../../components/charts/framesToSeries';
import { callWorker } from '../../../worker/client';
import { AnomalyOptions } from '../types';

type Props = PanelProps<AnomalyOptions>;

/** Draws the panel's series (model overlays arrive with the panels feature). */
export function AnomalyPanel({ data, width, height, fieldConfig, id }: Props) {
  const theme = useTheme2();
  const series = useMemo(() => framesToSeries(data.series), [data.series]);
  // The models run in the engine worker; its status is exposed for tests and troubleshooting.
  const [engine, setEngine] = useState('starting');
  useEffect(() => {
    callWorker<string>('ping', []).then(
      (answer) => setEngine(answer === 'pong' ? 'ready' : `unexpected answer ${answer}`),
      (err: Error) => setEngine(`error: ${err.message}`)
    );
  }, []);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: true },
      axes: [
        { stroke: theme.colors.text.secondary, grid: { stroke: theme.colors.border.weak } },
        { stroke: theme.colors.text.secondary, grid: { stroke: theme.colors.border.weak } },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.name,
          stroke: theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]),
          width: 1.5,
        })),
      ],
    }),
    [series, theme]
  );
  const aligned = useMemo<uPlot.AlignedData>(() => {
    if (series.length === 0) {
      return [[]];
    }
    return [Array.from(series[0].t, (ms) => ms / 1000), ...series.map((s) => Array.from(s.v, (x) => (Number.isNaN(x) ? null : x)))];
  }, [series]);

  if (series.length === 0) {
    return <PanelDataErrorView fieldConfig={fieldConfig} panelId={id} data={data} needsTimeField needsNumberField />;
  }
  return (
    <div data-testid="bw-anomaly-panel" data-engine={engine}>
      <UPlotChart options={options} data={aligned} width={width} height={height - 30} />
    </div>
  );
}
