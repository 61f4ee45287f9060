import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { FigureSource } from '../../../ebpf';
import { badgeKind, badgeStyle, badgeText, sourceColor, sourceDetail } from './sources';

/**
 * A small coloured label naming what a figure rests on (published, vendor claim, report claim,
 * measured, live) and which publication or file; the tooltip gives the full citation, file or query.
 * Its text is never cut: in tables it wraps past 240 px (a long result file name), or when the table is
 * squeezed, instead of ending in an ellipsis that hid the source's name ("vendor claim:
 * polarsignals-docs" in the cost table); `whole` keeps it on one line (the Sources list).
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
    max-width: 240px;
    overflow-wrap: anywhere;
    vertical-align: middle;
  `,
  // Where the badge names its source on one line, however long (the Sources list).
  whole: css`
    max-width: none;
    white-space: nowrap;
  `,
});
