import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, Input } from '@grafana/ui';
import { DataSource } from '../datasource';
import { BellwetherOptions, BellwetherQuery } from '../types';

type Props = QueryEditorProps<DataSource, BellwetherQuery, BellwetherOptions>;

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const onExpr = (event: ChangeEvent<HTMLInputElement>) => onChange({ ...query, expr: event.target.value });
  return (
    <InlineField label="PromQL" labelWidth={12} grow>
      <Input value={query.expr ?? ''} onChange={onExpr} onBlur={onRunQuery} placeholder="rate(http_requests_total[5m])" />
    </InlineField>
  );
}
