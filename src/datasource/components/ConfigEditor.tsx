import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { FieldSet, InlineField, InlineSwitch, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { urlProblem } from '../sourceUrl';
import { BellwetherOptions, BellwetherSecureOptions, DEFAULT_MAX_SERIES, Engine } from '../types';

type Props = DataSourcePluginOptionsEditorProps<BellwetherOptions, BellwetherSecureOptions>;

const ENGINES: Array<{ label: string; value: Engine; description: string }> = [
  { label: 'Browser', value: 'browser', description: 'Models run in a Web Worker in the viewer’s browser' },
  { label: 'Companion', value: 'companion', description: 'Models run in the Bellwether companion (Prometheus queries only)' },
];

const LABEL_WIDTH = 24;

/** Settings: companion (URL + token), default engine and Prometheus, limits, Parca, Pixie. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const setJson = (patch: Partial<BellwetherOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const text = (key: 'companionUrl' | 'parcaUrl' | 'pixieClusterId') => (e: ChangeEvent<HTMLInputElement>) => setJson({ [key]: e.target.value });
  const setSecret = (key: keyof BellwetherSecureOptions) => (e: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: e.target.value } });
  const resetSecret = (key: keyof BellwetherSecureOptions) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  // Grafana's proxy needs a scheme: say so under the field rather than after "Save & test".
  const companionProblem = urlProblem(jsonData.companionUrl);
  const parcaProblem = urlProblem(jsonData.parcaUrl);

  return (
    <div data-testid="bw-ds-config">
      <FieldSet label="Companion">
        <InlineField
          label="Companion URL"
          labelWidth={LABEL_WIDTH}
          tooltip="Base URL of the Bellwether companion, reached through Grafana's proxy (route 'companion')"
          invalid={Boolean(companionProblem)}
          error={companionProblem}
        >
          <Input width={40} value={jsonData.companionUrl ?? ''} onChange={text('companionUrl')} placeholder="http://bellwether:9091" data-testid="bw-ds-companion-url" />
        </InlineField>
        <InlineField label="Companion token" labelWidth={LABEL_WIDTH} tooltip="Optional bearer token; stored encrypted and added by Grafana's proxy">
          <SecretInput
            width={40}
            isConfigured={Boolean(secureJsonFields?.companionToken)}
            value={secureJsonData?.companionToken ?? ''}
            onChange={setSecret('companionToken')}
            onReset={resetSecret('companionToken')}
          />
        </InlineField>
        <InlineField label="Default engine" labelWidth={LABEL_WIDTH} tooltip="Where models run when a query does not choose">
          <RadioButtonGroup options={ENGINES} value={jsonData.defaultEngine ?? 'browser'} onChange={(v) => setJson({ defaultEngine: v })} />
        </InlineField>
      </FieldSet>
      <FieldSet label="Prometheus">
        <InlineField label="Default Prometheus" labelWidth={LABEL_WIDTH} tooltip="Preselected in new queries; answers label_values() template variables">
          <DataSourcePicker
            width={40}
            type="prometheus"
            current={jsonData.defaultPrometheusUid ?? null}
            noDefault
            onChange={(ds) => setJson({ defaultPrometheusUid: ds.uid })}
          />
        </InlineField>
        <InlineField label="Max series" labelWidth={LABEL_WIDTH} tooltip="Queries returning more series are refused with a message">
          <Input
            width={12}
            type="number"
            min={1}
            value={jsonData.maxSeries ?? DEFAULT_MAX_SERIES}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setJson({ maxSeries: Math.max(1, Math.round(Number(e.target.value) || DEFAULT_MAX_SERIES)) })}
          />
        </InlineField>
      </FieldSet>
      <FieldSet label="Parca">
        <InlineField
          label="Parca URL"
          labelWidth={LABEL_WIDTH}
          tooltip="Parca's HTTP address serving /api/profiles/... (route 'parca')"
          invalid={Boolean(parcaProblem)}
          error={parcaProblem}
        >
          <Input width={40} value={jsonData.parcaUrl ?? ''} onChange={text('parcaUrl')} placeholder="http://parca:7070" />
        </InlineField>
      </FieldSet>
      <FieldSet label="Pixie (through the companion)">
        <InlineField label="Enable Pixie" labelWidth={LABEL_WIDTH} tooltip="Pixie scripts run in the companion, which calls Pixie over gRPC">
          <InlineSwitch value={Boolean(jsonData.pixieEnabled)} onChange={(e) => setJson({ pixieEnabled: e.currentTarget.checked })} />
        </InlineField>
        <InlineField label="Cluster id" labelWidth={LABEL_WIDTH} tooltip="UUID of the Pixie cluster (px get viziers); empty = the companion's pixie.clusterId" disabled={!jsonData.pixieEnabled}>
          {/* 48: a 36-character UUID is cut off at 40 */}
          <Input width={48} value={jsonData.pixieClusterId ?? ''} onChange={text('pixieClusterId')} placeholder="00000000-0000-0000-0000-000000000000" />
        </InlineField>
        <InlineField
          label="Pixie API key"
          labelWidth={LABEL_WIDTH}
          tooltip="Stored encrypted; Grafana's proxy sends it to the companion as X-Pixie-Api-Key. Leave empty when the companion config holds the key."
          disabled={!jsonData.pixieEnabled}
        >
          <SecretInput
            width={40}
            isConfigured={Boolean(secureJsonFields?.pixieApiKey)}
            value={secureJsonData?.pixieApiKey ?? ''}
            onChange={setSecret('pixieApiKey')}
            onReset={resetSecret('pixieApiKey')}
          />
        </InlineField>
      </FieldSet>
    </div>
  );
}
