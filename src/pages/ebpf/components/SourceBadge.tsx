import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { FigureSource } from '../../../ebpf';
import { badgeKind, badgeStyle, badgeText, sourceColor, sourceDetail } from './sources';

/**
 * A small coloured label naming what a figure rests on (published, vendor claim, report claim,
 * measured, live) and which publication or file; the tooltip gives the full citation, file or query.
 */
export function SourceBadge({ source }: { source: FigureSource }) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const color = sourceColor(theme, source);
  return (
    <Tooltip content={sourceDetail(source)} placement="top">
      <span className={s.badge} style={badgeStyle(color)} data-source-kind={source.kind} data-badge={badgeKind(source)} tabIndex={0}>
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
});
