import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { BADGE_KINDS, BADGES, badgeStyle, sourceColor } from './sources';

/** The five source badges with their colours; each one's meaning on hover. */
export function BadgeLegend() {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  return (
    <div className={s.legend} data-testid="bw-ebpf-badge-legend">
      <Text weight="medium">Sources</Text>
      {BADGE_KINDS.map((k) => {
        const color = sourceColor(theme, k);
        return (
          <Tooltip key={k} content={BADGES[k].meaning} placement="top">
            <span className={s.badge} style={badgeStyle(color)} data-badge={k} tabIndex={0}>
              {BADGES[k].label}
            </span>
          </Tooltip>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css`
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${theme.spacing(1)};
  `,
  badge: css`
    padding: 0 ${theme.spacing(0.5)};
    border: 1px solid;
    border-radius: ${theme.shape.radius.default};
    font-size: ${theme.typography.bodySmall.fontSize};
    line-height: 16px;
    white-space: nowrap;
  `,
});
