import { createDataFrame, FieldType } from '@grafana/data';
import { extractSeries } from './panelSeries';

const CPU = 'instance:node_cpu_utilisation:rate5m{instance="web-1:9100"}';
const labels = { __name__: 'instance:node_cpu_utilisation:rate5m', instance: 'web-1:9100', job: 'node' };
const time = [0, 60_000, 120_000];

/** A frame as Grafana's Prometheus data source returns one series of a query with a legend. */
function promFrame(legend: string, values: number[], extra: { displayName?: string; labels?: object } = {}) {
  return createDataFrame({
    name: legend,
    fields: [
      { name: 'Time', type: FieldType.time, values: time },
      {
        name: 'Value',
        type: FieldType.number,
        values,
        labels: { ...labels, ...extra.labels },
        config: { displayNameFromDS: legend, displayName: extra.displayName },
      },
    ],
  });
}

describe('extractSeries: series names', () => {
  it('names a series by its legend once, not the legend twice and every label, beside derived frames', () => {
    const frames = [
      promFrame('cpu web-1', [0.2, 0.3, 0.9]),
      promFrame(`anomaly_upper(${CPU})`, [0.5, 0.5, 0.5], { labels: { __name__: 'x' } }),
      promFrame(`anomaly_lower(${CPU})`, [0.1, 0.1, 0.1], { labels: { __name__: 'x' } }),
    ];
    const { series } = extractSeries(frames);
    expect(series.map((s) => s.name)).toEqual(['cpu web-1']);
    // The derived frames are recognised by their names and attached to the series by labels.
    expect(Array.from(series[0].derived.upper!)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(series[0].derived.lower!)).toEqual([0.1, 0.1, 0.1]);
  });

  it('takes the display name set in the panel (field config) over the legend, as Grafana does', () => {
    const { series } = extractSeries([promFrame('cpu web-1', [1, 2, 3], { displayName: 'CPU' })]);
    expect(series.map((s) => s.name)).toEqual(['CPU']);
  });

  it('follows Grafana for frames without a legend: the field name and the one label that differs', () => {
    const plain = (instance: string) =>
      createDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: time },
          { name: 'cpu', type: FieldType.number, values: [1, 2, 3], labels: { instance } },
        ],
      });
    expect(extractSeries([plain('web-1'), plain('web-2')]).series.map((s) => s.name)).toEqual([
      'cpu web-1',
      'cpu web-2',
    ]);
  });
});
