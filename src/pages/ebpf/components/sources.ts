/**
 * How the page names and colours a figure's source. Colours are Grafana's named visualization
 * colours, so they follow the light and dark themes.
 */
import { GrafanaTheme2 } from '@grafana/data';
import { FigureSource } from '../../../ebpf';

/** Named theme colour per source kind. */
const COLOR: Record<FigureSource['kind'], string> = {
  reference: 'blue',
  measured: 'orange',
  live: 'green',
};

/** The theme colour of a source kind. */
export function sourceColor(theme: GrafanaTheme2, kind: FigureSource['kind']): string {
  return theme.visualization.getColorByName(COLOR[kind]);
}

/**
 * A short name for a source, for badges and chart labels.
 * @example shortSourceName({ kind: 'reference', id: 'seed-report', citation: '…' }) // "seed-report"
 */
export function shortSourceName(s: FigureSource): string {
  switch (s.kind) {
    case 'reference':
      return s.id;
    case 'measured':
      return `${baseName(s.file)} @${s.rateRps}/s`;
    case 'live':
      return 'live';
  }
}

/** The full description shown in a source's tooltip. */
export function sourceDetail(s: FigureSource): string {
  switch (s.kind) {
    case 'reference':
      return `Published figure, not measured by Bellwether. ${s.citation}${s.loadRps !== undefined ? ` Load: ${s.loadRps} req/s.` : ''}`;
    case 'measured':
      return `Harness result ${s.file} against baseline ${s.baselineFile}: median of ${s.runs} runs at ${s.rateRps} req/s on ${s.host}, ${s.createdAt}.`;
    case 'live':
      return `Prometheus instant query at ${new Date(s.evaluatedAt).toISOString()}: ${s.query}`;
  }
}

/** Last path segment of a file name or URL. */
export function baseName(fileOrUrl: string): string {
  const clean = fileOrUrl.split(/[?#]/)[0];
  return clean.slice(clean.lastIndexOf('/') + 1) || fileOrUrl;
}
