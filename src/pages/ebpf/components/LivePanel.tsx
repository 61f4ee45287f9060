import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, InlineField, Input, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { Platform } from '../../../ebpf';
import { defaultLiveSettings, LiveSettings } from '../live/agentMatchers';
import { hasDataSourceSrv } from '../live/dataSources';
import { LiveOutcome } from '../live/runLive';

interface Props {
  settings: LiveSettings;
  onSettingsChange: (s: LiveSettings) => void;
  dataSourceUid?: string;
  onDataSourceChange: (uid: string) => void;
  outcome?: LiveOutcome;
  running: boolean;
  onRun: () => void;
}

/** Widths of a matcher row, in grid units of 8 px: the label fits "OpenTelemetry Node.js agent". */
const LABEL_WIDTH = 30;
const INPUT_WIDTH = 40;

const PLATFORMS: Array<{ label: string; value: Platform }> = [
  { label: 'Kubernetes (kubelet cAdvisor)', value: 'kubernetes' },
  { label: 'Docker (cAdvisor container)', value: 'docker' },
];

/** Live source: a Prometheus data source, per-agent cAdvisor label matchers and the queries' answers. */
export function LivePanel({ settings, onSettingsChange, dataSourceUid, onDataSourceChange, outcome, running, onRun }: Props) {
  const s = useStyles2(getStyles);
  const setAgent = (i: number, matchers: string) =>
    onSettingsChange({ ...settings, agents: settings.agents.map((a, j) => (j === i ? { ...a, matchers } : a)) });
  const errors = Object.entries(outcome?.errors ?? {});
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={2} wrap="wrap" alignItems="center">
        <InlineField label="Prometheus" labelWidth={14}>
          {hasDataSourceSrv() ? (
            <div data-testid="bw-ebpf-live-datasource">
              <DataSourcePicker type="prometheus" current={dataSourceUid} noDefault onChange={(ds) => onDataSourceChange(ds.uid)} width={32} />
            </div>
          ) : (
            <Text color="secondary">no data source service (not running inside Grafana)</Text>
          )}
        </InlineField>
        <RadioButtonGroup size="sm" options={PLATFORMS} value={settings.platform} onChange={(p) => onSettingsChange(defaultLiveSettings(p))} />
      </Stack>
      <div className={s.grid} data-testid="bw-ebpf-live-matchers">
        {settings.agents.map((a, i) => (
          <InlineField key={a.agent} label={a.agent} labelWidth={LABEL_WIDTH} tooltip="cAdvisor label matchers of this agent's containers; empty skips it.">
            <Input
              width={INPUT_WIDTH}
              value={a.matchers}
              placeholder={a.note ? 'no default: in-process (see below)' : undefined}
              onChange={(e) => setAgent(i, e.currentTarget.value)}
              data-testid={`bw-ebpf-live-matchers-${a.agent}`}
            />
          </InlineField>
        ))}
        <InlineField label="Service" labelWidth={LABEL_WIDTH} tooltip="Matchers of the service the agents observe (its CPU).">
          <Input width={INPUT_WIDTH} value={settings.service} onChange={(e) => onSettingsChange({ ...settings, service: e.currentTarget.value })} data-testid="bw-ebpf-live-service" />
        </InlineField>
        <InlineField label="Node label" labelWidth={LABEL_WIDTH} tooltip="Label that tells nodes apart in cAdvisor series and machine_cpu_cores.">
          <Input width={20} value={settings.nodeLabel} onChange={(e) => onSettingsChange({ ...settings, nodeLabel: e.currentTarget.value })} />
        </InlineField>
        <InlineField label="Memory window" labelWidth={LABEL_WIDTH} tooltip="Period of the memory average and max (Prometheus duration).">
          <Input width={20} value={settings.range} onChange={(e) => onSettingsChange({ ...settings, range: e.currentTarget.value })} data-testid="bw-ebpf-live-range" />
        </InlineField>
      </div>
      {settings.agents
        .filter((a) => a.note)
        .map((a) => (
          <div key={a.agent} data-testid={`bw-ebpf-live-note-${a.agent}`}>
            <Text color="secondary" variant="bodySmall">
              <strong>{a.agent}</strong> {a.note}
            </Text>
          </div>
        ))}
      <Stack direction="row" gap={1} alignItems="center">
        <Button icon="sync" onClick={onRun} disabled={!dataSourceUid || running} data-testid="bw-ebpf-live-run">
          {running ? 'Querying…' : 'Query live figures'}
        </Button>
        {outcome && (
          <Text color="secondary" variant="bodySmall">
            {outcome.rows.length} agents answered at {new Date(outcome.evaluatedAt).toISOString()}
          </Text>
        )}
      </Stack>
      {errors.length > 0 && (
        <Alert severity="warning" title="Some live queries gave no figure" data-testid="bw-ebpf-live-errors">
          {errors.map(([agent, list]) => (
            <div key={agent}>
              <strong>{agent}</strong>: {groupByMessage(list).join('; ')}
            </div>
          ))}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Joins errors that say the same thing: "a: no data", "b: no data" → "a, b: no data".
 * @example groupByMessage(['agentCpuCores: no data', 'agentMemoryBytesMax: no data']) // ['agentCpuCores, agentMemoryBytesMax: no data']
 */
export function groupByMessage(errors: string[]): string[] {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) {
    const i = e.indexOf(': ');
    const [key, msg] = i > 0 ? [e.slice(0, i), e.slice(i + 2)] : ['', e];
    byMessage.set(msg, [...(byMessage.get(msg) ?? []), key].filter(Boolean));
  }
  return [...byMessage.entries()].map(([msg, keys]) => (keys.length ? `${keys.join(', ')}: ${msg}` : msg));
}

const getStyles = (theme: GrafanaTheme2) => ({
  // A column is never narrower than label + input (+ InlineField's 4 px right margin): a narrower
  // one lets an input run over the next column's label.
  grid: css`
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(${theme.spacing.gridSize * (LABEL_WIDTH + INPUT_WIDTH) + 4}px, 1fr));
    column-gap: ${theme.spacing(2)};
  `,
});
