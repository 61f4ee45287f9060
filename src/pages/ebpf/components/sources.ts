/**
 * How the page names and colours a figure's source. Five badges tell apart what a figure rests on:
 * reference figures split by what their source discloses (published with a methodology, vendor claim,
 * report claim without a methodology), then measured and live. Colours are Grafana's named
 * visualization colours, so they follow the light and dark themes.
 */
import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
import { FigureSource } from '../../../ebpf';

/** The five badges, from what a figure rests on. */
export type BadgeKind = 'published' | 'vendor-claim' | 'report-claim' | 'measured' | 'live';

/** Badge text, colour and meaning of each kind, in legend order. */
export const BADGES: Record<BadgeKind, { label: string; color: string; meaning: string }> = {
  published: {
    label: 'published',
    color: 'blue',
    meaning: 'Published with a methodology that lets anyone repeat the measurement. Not measured by Bellwether.',
  },
  'vendor-claim': {
    label: 'vendor claim',
    color: 'purple',
    meaning: "A vendor's figure about its own product, from its documentation. Not measured by Bellwether.",
  },
  'report-claim': {
    label: 'report claim',
    color: 'yellow',
    meaning: "A report's figure whose methodology is not published: an unverified claim. Not measured by Bellwether.",
  },
  measured: {
    label: 'measured',
    color: 'orange',
    meaning: 'Computed from Bellwether harness result files you imported (medians over runs).',
  },
  live: {
    label: 'live',
    color: 'green',
    meaning: "From Prometheus instant queries over your cluster's cAdvisor metrics.",
  },
};

export const BADGE_KINDS = Object.keys(BADGES) as BadgeKind[];

/** The badge of a source: a reference figure's basis, else the source kind. */
export function badgeKind(s: FigureSource): BadgeKind {
  return s.kind === 'reference' ? s.basis : s.kind;
}

/** The theme colour of a source, or of a badge kind (badge border and tint, bar fill). */
export function sourceColor(theme: GrafanaTheme2, s: FigureSource | BadgeKind): string {
  return theme.visualization.getColorByName(BADGES[typeof s === 'string' ? s : badgeKind(s)].color);
}

/**
 * A badge's colours: the kind's colour as border and a light tint, the text in the theme's text colour
 * so that it reads on both themes (yellow text on white does not).
 */
export function badgeStyle(color: string): { borderColor: string; background: string } {
  return { borderColor: color, background: colorManipulator.alpha(color, 0.15) };
}

/**
 * A short name for a source, for badges and chart labels.
 * @example shortSourceName({ kind: 'reference', id: 'seed-report', citation: '…', basis: 'report-claim' }) // "seed-report"
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

/**
 * The badge text: its kind, then which publication or file.
 * @example badgeText({ kind: 'reference', id: 'seed-report', citation: '…', basis: 'report-claim' }) // "report claim: seed-report"
 */
export function badgeText(s: FigureSource): string {
  return s.kind === 'live' ? 'live' : `${BADGES[badgeKind(s)].label}: ${shortSourceName(s)}`;
}

/** The full description shown in a source's tooltip. */
export function sourceDetail(s: FigureSource): string {
  switch (s.kind) {
    case 'reference':
      return `${BADGES[s.basis].meaning} ${s.citation}${s.loadRps !== undefined ? ` Load: ${s.loadRps} req/s.` : ''}`;
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
