import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, Text, useStyles2 } from '@grafana/ui';

interface Props {
  title: string;
  description?: React.ReactNode;
  testId?: string;
  children: React.ReactNode;
}

/** A titled block of the page. */
export function Section({ title, description, testId, children }: Props) {
  const s = useStyles2(getStyles);
  return (
    <section className={s.section} data-testid={testId}>
      <Stack direction="column" gap={1}>
        <Text element="h3">{title}</Text>
        {description && (
          <Text color="secondary" variant="bodySmall">
            {description}
          </Text>
        )}
        {children}
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css`
    padding: ${theme.spacing(2)};
    background: ${theme.colors.background.primary};
    border: 1px solid ${theme.colors.border.weak};
    border-radius: ${theme.shape.radius.default};
  `,
});
