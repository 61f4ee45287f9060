import React, { ChangeEvent } from 'react';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import type { DeviationSide } from '../../engine/query';
import { BellwetherQuery } from '../types';

type NumberKey = 'minAbs' | 'minRel' | 'validMin' | 'validMax';

const SIDES: Array<{ label: string; value: DeviationSide; description: string }> = [
  { label: 'Both', value: 'both', description: 'Deviations above and below the expected value' },
  { label: 'Above', value: 'above', description: 'Only values above the expected value (latency, errors)' },
  { label: 'Below', value: 'below', description: 'Only values below the expected value (throughput, free space)' },
];

const NUMBERS: Array<{ key: NumberKey; label: string; tooltip: string }> = [
  { key: 'minAbs', label: 'Min deviation', tooltip: 'Deviations smaller than this (in the series unit) are never anomalous' },
  { key: 'minRel', label: 'Min relative', tooltip: 'Deviations smaller than this fraction of the expected value (0.1 = 10%) are never anomalous' },
  { key: 'validMin', label: 'Valid min', tooltip: 'Values below this are always anomalous' },
  { key: 'validMax', label: 'Valid max', tooltip: 'Values above this are always anomalous' },
];

/** Detector outputs: direction, deviation floors and the valid range (src/engine/detectRules.ts). */
export function DetectRuleFields(props: {
  query: BellwetherQuery;
  labelWidth: number;
  onChange: (q: BellwetherQuery) => void;
  onRunQuery: () => void;
}) {
  const { query, labelWidth, onChange, onRunQuery } = props;
  const number = (key: NumberKey) => (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...query, [key]: e.target.value === '' ? undefined : Number(e.target.value) });
  return (
    <InlineFieldRow>
      <InlineField label="Direction" labelWidth={labelWidth} tooltip="Which side of the expected value may be anomalous">
        <RadioButtonGroup
          options={SIDES}
          value={query.anomalyDirection ?? 'both'}
          onChange={(v) => {
            onChange({ ...query, anomalyDirection: v === 'both' ? undefined : v });
            onRunQuery();
          }}
        />
      </InlineField>
      {NUMBERS.map((n) => (
        <InlineField key={n.key} label={n.label} labelWidth={labelWidth} tooltip={n.tooltip}>
          <Input
            width={10}
            type="number"
            aria-label={n.label}
            value={query[n.key] ?? ''}
            onChange={number(n.key)}
            onBlur={onRunQuery}
          />
        </InlineField>
      ))}
    </InlineFieldRow>
  );
}
