import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { InlineField, Input, SecretInput } from '@grafana/ui';
import { BellwetherOptions, BellwetherSecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<BellwetherOptions, BellwetherSecureOptions>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;
  const onUrl = (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, companionUrl: event.target.value } });
  const onToken = (event: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { companionToken: event.target.value } });
  const onResetToken = () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, companionToken: false },
      secureJsonData: { ...secureJsonData, companionToken: '' },
    });
  return (
    <>
      <InlineField label="Companion URL" labelWidth={20} tooltip="Base URL of the Bellwether companion service">
        <Input width={40} value={jsonData.companionUrl ?? ''} onChange={onUrl} placeholder="http://bellwether:9091" />
      </InlineField>
      <InlineField label="Companion token" labelWidth={20} tooltip="Optional bearer token; stored encrypted">
        <SecretInput
          width={40}
          isConfigured={Boolean(secureJsonFields?.companionToken)}
          value={secureJsonData?.companionToken ?? ''}
          onChange={onToken}
          onReset={onResetToken}
        />
      </InlineField>
    </>
  );
}
