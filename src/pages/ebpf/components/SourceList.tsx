import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { AgentComparison, FigureSource, sourceKey } from '../../../ebpf';
import { SourceBadge } from './SourceBadge';
import { sourceDetail } from './sources';

/** Every source behind the figures on screen, with its full citation, file details or query. */
export function SourceList({ rows }: { rows: AgentComparison[] }) {
  const s = useStyles2(getStyles);
  const seen = new Map<string, FigureSource>();
  for (const r of rows) {
    for (const f of r.figures) {
      const key = f.source.kind === 'live' ? `live:${f.source.query}` : sourceKey(f.source);
      if (f.source.kind !== 'live' && !seen.has(key)) {
        seen.set(key, f.source);
      }
    }
  }
  const live = rows.flatMap((r) => r.figures.filter((f) => f.source.kind === 'live'));
  return (
    <ul className={s.list} data-testid="bw-ebpf-sources">
      {[...seen.entries()].map(([key, src]) => (
        <li key={key}>
          <SourceBadge source={src} whole /> {sourceDetail(src)}
        </li>
      ))}
      {live.length > 0 && (
        <li>
          <SourceBadge source={live[0].source} whole /> {live.length} figures from Prometheus instant queries over
          cAdvisor container metrics (hover a figure for its query).
        </li>
      )}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css`
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: ${theme.typography.bodySmall.fontSize};
    li {
      padding: ${theme.spacing(0.25, 0)};
    }
  `,
});
