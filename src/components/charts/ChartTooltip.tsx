import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

interface Props {
  /** Cursor position in px inside the plot container. */
  left: number;
  top: number;
  /** Width of the container, so the box flips to the left near the right edge. */
  containerWidth: number;
  children: React.ReactNode;
}

/** A themed tooltip box that follows the chart cursor. */
export function ChartTooltip({ left, top, containerWidth, children }: Props) {
  const styles = useStyles2(getStyles);
  const flip = left > containerWidth * 0.6;
  const style: React.CSSProperties = flip
    ? { right: containerWidth - left + 16, top: top + 16 }
    : { left: left + 16, top: top + 16 };
  return (
    <div className={styles.box} style={style} data-testid="bw-tooltip">
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    position: 'absolute',
    zIndex: 10,
    pointerEvents: 'none',
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    minWidth: 200,
    maxWidth: 360,
    'table td': { padding: '1px 6px 1px 0' },
    'table td:first-child': { color: theme.colors.text.secondary },
  }),
});
