import { ExtractedSeries, finiteCount } from './panelSeries';

/** Why a panel cannot draw anything, as a message for PanelMessage. */
export interface DataProblem {
  kind: 'no-data' | 'no-time' | 'non-numeric' | 'all-missing';
  title: string;
  detail: string;
}

function list(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => `"${n}"`);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}

/** The reason nothing can be drawn from the frames, or undefined when at least one series has values. */
export function dataProblem(x: ExtractedSeries): DataProblem | undefined {
  if (x.series.some((s) => finiteCount(s.v) > 0)) {
    return undefined;
  }
  if (x.series.some((s) => s.v.length > 0)) {
    return {
      kind: 'all-missing',
      title: 'Every value is missing',
      detail: `The series ${list(x.series.map((s) => s.name))} contain only null, NaN or infinite values in this time range.`,
    };
  }
  if (x.nonNumeric.length > 0 && x.rows > 0) {
    return {
      kind: 'non-numeric',
      title: 'No numeric field to analyse',
      detail: `The fields ${list(x.nonNumeric)} are not numbers. This panel needs a time field and at least one number field; convert the values (e.g. the "Convert field type" transformation) or pick a numeric query.`,
    };
  }
  if (x.framesWithoutTime > 0) {
    return {
      kind: 'no-time',
      title: 'No time field',
      detail: 'The query returned data without a time field. Use a time series query (for Prometheus: a range query).',
    };
  }
  return { kind: 'no-data', title: 'No data', detail: 'The query returned no points in the selected time range.' };
}
