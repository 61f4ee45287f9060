import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import type { CheckLine, CheckState } from './setupChecks';

const ICONS: Record<CheckState, 'check-circle' | 'exclamation-triangle' | 'times-circle' | 'question-circle'> = {
  ok: 'check-circle',
  warn: 'exclamation-triangle',
  fail: 'times-circle',
  unknown: 'question-circle',
};

export function SetupChecksSection({ lines }: { lines: CheckLine[] | undefined }) {
  const s = useStyles2(getStyles);
  return (
    <section className={s.section} data-testid="bw-home-setup" aria-labelledby="bw-home-setup-title">
      <h3 id="bw-home-setup-title">Setup checks</h3>
      {!lines ? (
        <LoadingPlaceholder text="Checking the data source, the companion and the rules…" />
      ) : (
        <ul className={s.list}>
          {lines.map((l) => (
            <li key={l.id + l.title} data-check={l.id} data-state={l.state} className={s.line}>
              <Icon name={ICONS[l.state]} className={s[l.state]} aria-label={l.state} />
              <span>
                <b>{l.title}:</b> {l.detail}
                {l.fix && (
                  <>
                    {' '}
                    <Text color="secondary">Fix: {l.fix}</Text>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  line: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline', padding: theme.spacing(0.5, 0) }),
  ok: css({ color: theme.colors.success.text, flex: 'none' }),
  warn: css({ color: theme.colors.warning.text, flex: 'none' }),
  fail: css({ color: theme.colors.error.text, flex: 'none' }),
  unknown: css({ color: theme.colors.text.secondary, flex: 'none' }),
});
