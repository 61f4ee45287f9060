/**
 * OpenMetrics text exposition (https://prometheus.io/docs/specs/om/open_metrics_spec/): families
 * with `# TYPE` and `# HELP`, samples `name{labels} value`, and the mandatory `# EOF` line.
 */
import { formatValue } from '../../../src/common/promValue';

/** One sample of a family. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
  /** Suffix for counters (`_total`) or summaries (`_sum`, `_count`). */
  suffix?: string;
}

/** A metric family. */
export interface Family {
  name: string;
  type: 'gauge' | 'counter' | 'summary' | 'unknown';
  help: string;
  samples: Sample[];
}

/** A gauge family of one unlabelled sample. */
export function gaugeFamily(name: string, help: string, value: number): Family {
  return { name, type: 'gauge', help, samples: [{ labels: {}, value }] };
}

/** A counter family of one unlabelled sample (`name_total`). */
export function counterFamily(name: string, help: string, value: number): Family {
  return { name, type: 'counter', help, samples: [{ labels: {}, value, suffix: '_total' }] };
}

/** Renders families as OpenMetrics text, ending with `# EOF`. */
export function renderOpenMetrics(families: Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} ${f.type}`, `# HELP ${f.name} ${escapeHelp(f.help)}`);
    for (const s of f.samples) {
      lines.push(`${f.name}${s.suffix ?? ''}${renderLabels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function renderLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) {
    return '';
  }
  return '{' + keys.map((k) => `${k}="${escapeLabel(labels[k])}"`).join(',') + '}';
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
