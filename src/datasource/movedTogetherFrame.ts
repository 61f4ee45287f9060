/**
 * The "what moved together" output as one table frame, best first: the candidate series, its score,
 * when it started to change (onset) and how long before the target it moved (lead), and its values
 * around the time as a nested time-series frame, which Grafana's table draws as a sparkline.
 */
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import type { MovedTogetherResult } from '../engine/movedTogether';
import { legendName } from './prometheus/frames';

/** Field names of the table, for panels that read it. */
export const MOVED_FIELDS = {
  series: 'Series',
  score: 'Score',
  onset: 'Onset',
  lead: 'Lead',
  maxZ: 'Max |z|',
  correlation: 'Correlation',
  values: 'Values',
} as const;

/** The ranked candidates as a table frame (the target's name in the frame's name and meta). */
export function movedTogetherFrame(refId: string, r: MovedTogetherResult, legendFormat?: string): DataFrame {
  const name = (labels: Record<string, string>) => {
    const { __name__: metric, ...rest } = labels;
    const legend = legendName(rest, legendFormat, metric ?? '');
    return legendFormat || !metric ? legend : `${metric}${Object.keys(rest).length ? legend : ''}`;
  };
  const rows = r.candidates;
  const times = rows.length ? rows[0].sparkline.map((_, i) => r.from + i * r.step) : [];
  return createDataFrame({
    refId,
    name: `What moved with ${name(r.target)}`,
    meta: {
      custom: { bellwether: 'moved', target: r.target, regionStart: r.regionStart },
      ...(r.note ? { notices: [{ severity: 'warning' as const, text: r.note }] } : {}),
    },
    fields: [
      { name: MOVED_FIELDS.series, type: FieldType.string, values: rows.map((c) => name(c.labels)) },
      {
        name: MOVED_FIELDS.score,
        type: FieldType.number,
        values: rows.map((c) => c.score),
        config: { unit: 'percentunit', decimals: 0, min: 0, max: 1 },
      },
      { name: MOVED_FIELDS.onset, type: FieldType.time, values: rows.map((c) => c.onset ?? null) },
      {
        name: MOVED_FIELDS.lead,
        type: FieldType.number,
        // A series already changed when the window starts has no known lead.
        values: rows.map((c) => (c.score > 0 && c.changedBefore === undefined ? c.leadMs : null)),
        config: { unit: 'ms', description: 'How long before the target it moved (negative: after it)' },
      },
      { name: MOVED_FIELDS.maxZ, type: FieldType.number, values: rows.map((c) => c.maxZ), config: { decimals: 1 } },
      {
        name: MOVED_FIELDS.correlation,
        type: FieldType.number,
        values: rows.map((c) => c.correlation),
        config: { decimals: 2 },
      },
      {
        name: MOVED_FIELDS.values,
        type: FieldType.frame,
        values: rows.map((c) =>
          createDataFrame({
            fields: [
              { name: 'Time', type: FieldType.time, values: times },
              {
                name: 'Value',
                type: FieldType.number,
                values: c.sparkline.map((v) => (Number.isFinite(v) ? v : null)),
                labels: c.labels,
              },
            ],
          })
        ),
        config: { custom: { cellOptions: { type: 'sparkline' } } },
      },
    ],
  });
}
