import React, { ChangeEvent, useEffect, useState } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Select, TextArea } from '@grafana/ui';
import { detectorChoices, forecasterChoices, type ModelChoice } from '../../common/models';
import { DataSource } from '../datasource';
import { DetectRuleFields } from './DetectRuleFields';
import { parcaProfileTypes } from '../sources/parcaSource';
import { BellwetherOptions, BellwetherQuery, Engine, Output, SourceKind } from '../types';

type Props = QueryEditorProps<DataSource, BellwetherQuery, BellwetherOptions>;

const SOURCES: Array<SelectableValue<SourceKind>> = [
  { label: 'Prometheus', value: 'prometheus' },
  { label: 'Parca', value: 'parca' },
  { label: 'Pixie', value: 'pixie' },
];

const OUTPUTS: Array<SelectableValue<Output>> = [
  { label: 'Raw', value: 'raw', description: 'The source series' },
  { label: 'Expected band', value: 'band', description: 'Source series with the lower and upper band' },
  { label: 'Anomaly score', value: 'score', description: 'Score in [0, 1]' },
  { label: 'Anomalies only', value: 'anomalies', description: 'Points whose score reaches the threshold' },
  { label: 'Forecast', value: 'forecast', description: 'Value predicted one horizon ahead, with bounds' },
  { label: 'Time to exhaustion', value: 'tte', description: 'Seconds until the series reaches the capacity' },
  { label: 'Trend', value: 'trend', description: "Sen's slope per second over the training window" },
  { label: 'Outliers', value: 'outliers', description: 'Each member with its group band and outlier score' },
  {
    label: 'What moved together',
    value: 'moved',
    description: 'Series ranked by how much and how early they moved with this one (companion)',
  },
];

// From the model catalogue; the option shows the name the query uses, the menu the model's label.
const modelOption = (c: ModelChoice<string>): SelectableValue<string> => ({
  value: c.value,
  label: c.value,
  description: c.label + (c.doors.includes('browser') ? '' : ' (companion engine only)'),
});
const DETECT_MODELS = detectorChoices().map(modelOption);
const FORECAST_MODELS = forecasterChoices().map(modelOption);

const ENGINES: Array<SelectableValue<Engine | ''>> = [
  { label: 'Default', value: '' },
  { label: 'Browser', value: 'browser' },
  { label: 'Companion', value: 'companion' },
];

const W = 14;

/** Query editor: source and its query, then output, model, sensitivity and engine. */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const source = query.source ?? 'prometheus';
  const output = query.output ?? 'raw';
  const set = (patch: Partial<BellwetherQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  const text =
    (
      key:
        | 'expr'
        | 'labelSelector'
        | 'pxl'
        | 'legendFormat'
        | 'train'
        | 'horizon'
        | 'refit'
        | 'step'
        | 'valueColumn'
        | 'groupBy'
        | 'window'
        | 'candidates'
        | 'lookBack'
        | 'after'
    ) =>
    (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ ...query, [key]: e.currentTarget.value });
  const pixieEnabled = Boolean(datasource.instanceSettings.jsonData.pixieEnabled);
  const detect = output === 'band' || output === 'score' || output === 'anomalies';

  return (
    <div data-testid="bw-ds-query-editor">
      <InlineFieldRow>
        <InlineField label="Source" labelWidth={W}>
          <RadioButtonGroup
            options={SOURCES.map((s) => ({
              ...s,
              disabled: s.value === 'pixie' && !pixieEnabled,
              description:
                s.value === 'pixie' && !pixieEnabled ? 'Enable Pixie in the data source settings' : undefined,
            }))}
            value={source}
            onChange={(v) => set({ source: v })}
          />
        </InlineField>
        {source === 'prometheus' && (
          <InlineField label="Data source" labelWidth={W}>
            <DataSourcePicker
              width={30}
              type="prometheus"
              current={query.datasourceUid ?? null}
              noDefault
              onChange={(ds) => set({ datasourceUid: ds.uid })}
            />
          </InlineField>
        )}
      </InlineFieldRow>

      {source === 'prometheus' && (
        <>
          <InlineField label="PromQL" labelWidth={W} grow>
            <TextArea
              rows={2}
              value={query.expr ?? ''}
              onChange={text('expr')}
              onBlur={onRunQuery}
              placeholder="sum by (instance) (rate(http_requests_total[5m]))"
              className="bw-code"
            />
          </InlineField>
          <InlineField label="Legend" labelWidth={W}>
            <Input
              width={30}
              value={query.legendFormat ?? ''}
              onChange={text('legendFormat')}
              onBlur={onRunQuery}
              placeholder="{{instance}}"
            />
          </InlineField>
        </>
      )}
      {source === 'parca' && (
        <ParcaFields query={query} datasource={datasource} set={set} text={text} onRunQuery={onRunQuery} />
      )}
      {source === 'pixie' && (
        <>
          <InlineField
            label="PxL script"
            labelWidth={W}
            grow
            tooltip="__time_from, __time_to (ns) and __interval (ns) are replaced as in Pixie's Grafana plugin"
          >
            <TextArea
              rows={6}
              value={query.pxl ?? ''}
              onChange={text('pxl')}
              onBlur={onRunQuery}
              placeholder={
                "import px\ndf = px.DataFrame('http_events', start_time=__time_from)\ndf.service = df.ctx['service']\ndf.timestamp = px.bin(df.time_, __interval)\ndf = df.groupby(['timestamp', 'service']).agg(requests=('latency', px.count))\ndf.time_ = df.timestamp\npx.display(df[['time_', 'service', 'requests']])"
              }
            />
          </InlineField>
          <InlineField
            label="Value column"
            labelWidth={W}
            tooltip="Numeric column used for derived outputs; default: the first numeric column"
          >
            <Input
              width={30}
              value={query.valueColumn ?? ''}
              onChange={text('valueColumn')}
              onBlur={onRunQuery}
              placeholder="requests"
            />
          </InlineField>
        </>
      )}

      <InlineFieldRow>
        <InlineField label="Output" labelWidth={W}>
          <Select width={24} options={OUTPUTS} value={output} onChange={(v) => set({ output: v.value })} />
        </InlineField>
        {output !== 'raw' && output !== 'tte' && output !== 'trend' && output !== 'outliers' && output !== 'moved' && (
          <InlineField label="Model" labelWidth={W}>
            <Select
              width={20}
              options={detect ? DETECT_MODELS : FORECAST_MODELS}
              value={query.model ?? (detect ? 'ensemble' : 'auto')}
              onChange={(v) => set({ model: v.value })}
            />
          </InlineField>
        )}
        {(detect || output === 'outliers') && (
          <InlineField label="Sensitivity" labelWidth={W} tooltip="0..1, higher flags more points">
            <Input
              width={10}
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={query.sensitivity ?? 0.5}
              onChange={(e: ChangeEvent<HTMLInputElement>) =>
                onChange({ ...query, sensitivity: Number(e.target.value) })
              }
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      {detect && <DetectRuleFields query={query} labelWidth={W} onChange={onChange} onRunQuery={onRunQuery} />}
      {output === 'moved' && <MovedFields query={query} onChange={onChange} onRunQuery={onRunQuery} text={text} />}
      {output !== 'raw' && output !== 'moved' && (
        <InlineFieldRow>
          <InlineField
            label="Training"
            labelWidth={W}
            tooltip="History the model learns from; default 1000 steps (time to exhaustion: 7d, at most 10,000 steps)"
          >
            <Input
              width={12}
              value={query.train ?? ''}
              onChange={text('train')}
              onBlur={onRunQuery}
              placeholder="1000 steps"
            />
          </InlineField>
          {output === 'forecast' && (
            <InlineField label="Horizon" labelWidth={W}>
              <Input
                width={10}
                value={query.horizon ?? ''}
                onChange={text('horizon')}
                onBlur={onRunQuery}
                placeholder="60 steps"
              />
            </InlineField>
          )}
          {output === 'tte' && (
            <>
              <InlineField label="Capacity" labelWidth={W}>
                <Input
                  width={14}
                  type="number"
                  value={query.capacity ?? ''}
                  onChange={(e: ChangeEvent<HTMLInputElement>) =>
                    onChange({ ...query, capacity: e.target.value === '' ? undefined : Number(e.target.value) })
                  }
                  onBlur={onRunQuery}
                />
              </InlineField>
              <InlineField label="Direction" labelWidth={W}>
                <RadioButtonGroup
                  options={[
                    { label: 'Rising', value: 'up' as const },
                    { label: 'Falling', value: 'down' as const },
                  ]}
                  value={query.direction ?? 'up'}
                  onChange={(v) => set({ direction: v })}
                />
              </InlineField>
            </>
          )}
          {output === 'outliers' && (
            <>
              <InlineField
                label="Group by"
                labelWidth={W}
                tooltip="Labels that make a group, comma-separated; empty: one group"
              >
                <Input
                  width={24}
                  value={query.groupBy ?? ''}
                  onChange={text('groupBy')}
                  onBlur={onRunQuery}
                  placeholder="namespace,deployment"
                />
              </InlineField>
              <InlineField label="Algorithm" labelWidth={W}>
                <RadioButtonGroup
                  options={[
                    { label: 'MAD', value: 'mad' as const },
                    { label: 'DBSCAN', value: 'dbscan' as const },
                  ]}
                  value={query.algorithm ?? 'mad'}
                  onChange={(v) => set({ algorithm: v })}
                />
              </InlineField>
              <InlineField label="Window" labelWidth={W} tooltip="How long a member's level is averaged over">
                <Input
                  width={8}
                  value={query.window ?? ''}
                  onChange={text('window')}
                  onBlur={onRunQuery}
                  placeholder="5m"
                />
              </InlineField>
            </>
          )}
          {!detect && output !== 'outliers' && (
            <InlineField label="Refit every" labelWidth={W}>
              <Input
                width={10}
                value={query.refit ?? ''}
                onChange={text('refit')}
                onBlur={onRunQuery}
                placeholder="50 steps"
              />
            </InlineField>
          )}
          <InlineField
            label="Step"
            labelWidth={W}
            tooltip="The grid the models evaluate on; default: from the panel's width"
          >
            <Input width={8} value={query.step ?? ''} onChange={text('step')} onBlur={onRunQuery} placeholder="auto" />
          </InlineField>
          <InlineField label="Engine" labelWidth={W} tooltip="Companion: Prometheus queries only">
            <RadioButtonGroup
              options={ENGINES}
              value={query.engine ?? ''}
              onChange={(v) => set({ engine: (v || undefined) as Engine | undefined })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
    </div>
  );
}

/** What moved together: the time, the candidates and the window around the time. */
function MovedFields(props: {
  query: BellwetherQuery;
  onChange: (q: BellwetherQuery) => void;
  onRunQuery: () => void;
  text: (k: 'candidates' | 'lookBack' | 'after') => (e: React.FormEvent<HTMLInputElement>) => void;
}) {
  const { query, onChange, onRunQuery, text } = props;
  const [at, setAt] = useState(query.movedAt === undefined ? '' : new Date(query.movedAt).toISOString());
  const atInvalid = at.trim() !== '' && Number.isNaN(Date.parse(at));
  return (
    <InlineFieldRow>
      <InlineField
        label="Time"
        labelWidth={W}
        invalid={atInvalid}
        error="a time such as 2026-10-13T11:30:00Z"
        tooltip="When the series went wrong; empty: the end of the time range"
      >
        <Input
          width={26}
          value={at}
          placeholder="end of the time range"
          onChange={(e: ChangeEvent<HTMLInputElement>) => setAt(e.target.value)}
          onBlur={() => {
            const t = Date.parse(at);
            if (at.trim() === '' || !Number.isNaN(t)) {
              onChange({ ...query, movedAt: at.trim() === '' ? undefined : t });
              onRunQuery();
            }
          }}
        />
      </InlineField>
      <InlineField
        label="Candidates"
        labelWidth={W}
        grow
        tooltip="PromQL of the series to rank; empty: every series with the target's namespace, else job, else instance"
      >
        <Input
          value={query.candidates ?? ''}
          onChange={text('candidates')}
          onBlur={onRunQuery}
          placeholder={'{namespace="shop"}'}
        />
      </InlineField>
      <InlineField label="Look back" labelWidth={W} tooltip="How long before the time a cause may have started">
        <Input
          width={8}
          value={query.lookBack ?? ''}
          onChange={text('lookBack')}
          onBlur={onRunQuery}
          placeholder="30m"
        />
      </InlineField>
      <InlineField label="After" labelWidth={W} tooltip="How long after the time still counts">
        <Input width={8} value={query.after ?? ''} onChange={text('after')} onBlur={onRunQuery} placeholder="5m" />
      </InlineField>
    </InlineFieldRow>
  );
}

/** Parca: profile type (loaded from Parca) and label selector. */
function ParcaFields(props: {
  query: BellwetherQuery;
  datasource: DataSource;
  set: (p: Partial<BellwetherQuery>) => void;
  text: (k: 'labelSelector') => (e: React.FormEvent<HTMLInputElement>) => void;
  onRunQuery: () => void;
}) {
  const { query, datasource, set, text, onRunQuery } = props;
  const [types, setTypes] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    if (datasource.instanceSettings.jsonData.parcaUrl) {
      parcaProfileTypes(datasource.url)
        .then((t) => live && setTypes(t))
        .catch((e: Error) => live && setError(e.message));
    }
    return () => {
      live = false;
    };
  }, [datasource]);
  const options = [...new Set([...types, ...(query.profileType ? [query.profileType] : [])])].map((t) => ({
    label: t,
    value: t,
  }));
  return (
    <InlineFieldRow>
      <InlineField
        label="Profile type"
        labelWidth={W}
        invalid={Boolean(error)}
        error={error}
        tooltip="Parca profile type; CPU samples become samples per second"
      >
        <Select
          width={48}
          options={options}
          value={query.profileType ?? null}
          allowCustomValue
          placeholder="parca_agent:samples:count:cpu:nanoseconds:delta"
          onChange={(v) => set({ profileType: v.value })}
        />
      </InlineField>
      <InlineField label="Labels" labelWidth={W} grow>
        <Input
          value={query.labelSelector ?? ''}
          onChange={text('labelSelector')}
          onBlur={onRunQuery}
          placeholder={'comm="api", node="n1"'}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
