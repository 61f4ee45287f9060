import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

interface Props {
  /** Machine-readable reason, exposed as `data-kind` (e.g. 'no-data', 'too-short', 'non-numeric'). */
  kind: string;
  title: string;
  children?: React.ReactNode;
}

/** A readable message in place of a chart: what is wrong with the data and what to do. */
export function PanelMessage({ kind, title, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.box} data-testid="bw-panel-message" data-kind={kind} role="status">
      <div className={styles.title}>{title}</div>
      {children && <div className={styles.body}>{children}</div>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
    color: theme.colors.text.secondary,
  }),
  title: css({ color: theme.colors.text.primary, fontSize: theme.typography.h5.fontSize }),
  body: css({ maxWidth: 560, fontSize: theme.typography.bodySmall.fontSize }),
});
