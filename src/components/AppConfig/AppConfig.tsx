import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, FieldSet, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/**
 * The app's configuration page. The app itself stores no settings: where Bellwether reads data and
 * runs its models is configured on its data sources, so this page enables the app and says where
 * those settings are.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const s = useStyles2(getStyles);
  const { enabled, pinned, id } = plugin.meta;
  const [error, setError] = useState<string>();

  const toggle = async () => {
    setError(undefined);
    try {
      await updatePlugin(id, { enabled: !enabled, pinned: !enabled ? true : pinned, jsonData: {} });
      // Grafana reads plugin settings at load time; a reload applies the change everywhere.
      window.location.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String((e as { data?: { message?: string } })?.data?.message ?? e));
    }
  };

  return (
    <div data-testid={testIds.appConfig.container}>
      <FieldSet label="Bellwether">
        <Stack direction="column" gap={2}>
          <Text>
            {enabled
              ? 'The app is enabled: its pages, panels and data source are available.'
              : 'Enable the app to add its pages, panels and data source to this Grafana.'}
          </Text>
          <div>
            <Button data-testid={testIds.appConfig.submit} variant={enabled ? 'destructive' : 'primary'} onClick={toggle}>
              {enabled ? 'Disable' : 'Enable'}
            </Button>
          </div>
          {error && (
            <Alert severity="error" title="Could not update the plugin">
              {error}
            </Alert>
          )}
        </Stack>
      </FieldSet>
      <FieldSet label="Where the settings are" className={s.section}>
        <Stack direction="column" gap={1}>
          <Text>
            <strong>Bellwether ML data source</strong>: companion URL and token, default engine (browser or
            companion), default Prometheus data source, Parca URL, Pixie settings.
          </Text>
          <Text>
            <strong>Alerting on derived series</strong>: add a Prometheus data source whose URL is the companion
            (HTTP method POST); alert rules then query functions such as <code>anomaly_score(...)</code>.
          </Text>
          <Text>
            <strong>Companion service</strong>: its upstream, limits and recording rules are in its own
            configuration file (<code>bellwether serve --config companion.yaml</code>).
          </Text>
          <LinkButton href="/connections/datasources/new" variant="secondary" fill="text" icon="plus">
            Add a data source
          </LinkButton>
        </Stack>
      </FieldSet>
    </div>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  section: css`
    margin-top: ${theme.spacing(3)};
  `,
});

const updatePlugin = async (pluginId: string, data: Partial<PluginMeta>) => {
  const response = getBackendSrv().fetch({
    url: `/api/plugins/${pluginId}/settings`,
    method: 'POST',
    data,
  });
  return lastValueFrom(response);
};
