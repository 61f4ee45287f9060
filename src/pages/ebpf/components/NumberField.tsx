import React from 'react';
import { InlineField, Input } from '@grafana/ui';

interface Props {
  label: string;
  value: number;
  onChange: (v: number) => void;
  tooltip?: string;
  step?: number;
  labelWidth?: number;
  testId?: string;
}

/** A labelled number input; an empty or unreadable entry becomes NaN, which the model rejects clearly. */
export function NumberField({ label, value, onChange, tooltip, step = 1, labelWidth = 22, testId }: Props) {
  return (
    <InlineField label={label} labelWidth={labelWidth} tooltip={tooltip}>
      <Input
        type="number"
        width={12}
        min={0}
        step={step}
        value={Number.isFinite(value) ? value : ''}
        onChange={(e) => onChange(e.currentTarget.value === '' ? NaN : Number(e.currentTarget.value))}
        data-testid={testId}
        aria-label={label}
      />
    </InlineField>
  );
}
