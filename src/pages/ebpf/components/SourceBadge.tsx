import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { FigureSource } from '../../../ebpf';
import { badgeKind, badgeStyle, badgeText, sourceColor, sourceDetail } from './sources';

/**
 * A small coloured label naming what a figure rests on (published, vendor claim, report claim,
 * measured, live) and which publication or file; the tooltip gives the full citation, file or query.
 * In tables it is cut at 220 px; `whole` shows it uncut (the Sources list, which is there to name them).
 */
export function SourceBadge({ source, whole = false }: { source: FigureSource; whole?: boolean }) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const color = sourceColor(theme, source);
  return (
    <Tooltip content={sourceDetail(source)} placement="top">
      <span
        className={whole ? cx(s.badge, s.whole) : s.badge}
        style={badgeStyle(color)}
        data-source-kind={source.kind}
        data-badge={badgeKind(source)}
        tabIndex={0}
      >
        {badgeText(source)}
      </span>
    </Tooltip>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  badge: css`
    display: inline-block;
    padding: 0 ${theme.spacing(0.5)};
    border: 1px solid;
    border-radius: ${theme.shape.radius.default};
    font-size: ${theme.typography.bodySmall.fontSize};
    line-height: 16px;
    white-space: nowrap;
    max-width: 220px;
    overflow: hidden;
    text-overflow: ellipsis;
    vertical-align: middle;
  `,
  // Where the badge names its source in full (the Sources list): never cut to an ellipsis.
  whole: css`
    max-width: none;
  `,
});
