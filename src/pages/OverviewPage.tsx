import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';
import { testIds } from '../components/testIds';

/** Landing page of the app: what Bellwether adds and where to find it. */
function OverviewPage() {
  const s = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={testIds.overview.container} className={s.body}>
        <Stack direction="column" gap={2}>
          <Text element="h2">Bellwether</Text>
          <Text>
            Anomaly detection, forecasting and time to exhaustion for the Prometheus series you already have. Add the
            “Anomaly overlay” and “Forecast and time to exhaustion” panels to any dashboard, query derived series with
            the Bellwether ML data source, and alert on them through the companion service&apos;s Prometheus API.
          </Text>
          <Stack direction="row" gap={1}>
            <LinkButton href={`${PLUGIN_BASE_URL}/${ROUTES.Ebpf}`} variant="secondary" icon="bolt">
              Compare eBPF agent overhead
            </LinkButton>
          </Stack>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default OverviewPage;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css`
    max-width: 900px;
    padding: ${theme.spacing(2)};
  `,
});
