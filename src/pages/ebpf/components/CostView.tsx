import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, InlineField, InlineSwitch, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { AgentComparison, CostParams, HOURS_PER_YEAR } from '../../../ebpf';
import { BarChart } from './BarChart';
import { CostRow, costRows } from './costRows';
import { formatMoney, formatNumber } from './format';
import { NumberField } from './NumberField';
import { SourceBadge } from './SourceBadge';
import { badgeText, sourceColor } from './sources';

/** Wide enough for "Price per GB-hour (USD)" and its tooltip icon on one line (22 wrapped it). */
const COST_LABEL_WIDTH = 27;

/** The cost view's inputs. */
export interface CostInputs extends CostParams {
  coresPerNode: number;
  includeServiceCpuDelta: boolean;
}

interface Props {
  rows: AgentComparison[];
  inputs: CostInputs;
  onInputsChange: (i: CostInputs) => void;
}

/** Overhead × nodes × price per core-hour and per GiB-hour, per year, for each agent and source. */
export function CostView({ rows, inputs, onInputsChange }: Props) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  const set = (k: keyof CostInputs) => (v: number | boolean) => onInputsChange({ ...inputs, [k]: v });
  let lines: CostRow[] = [];
  let error: string | undefined;
  try {
    lines = costRows(rows, inputs, inputs.includeServiceCpuDelta);
  } catch (e) {
    error = (e as Error).message;
  }
  return (
    <div data-testid="bw-ebpf-cost">
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        <div>
          <NumberField
            labelWidth={COST_LABEL_WIDTH}
            label="Nodes"
            value={inputs.nodes}
            onChange={set('nodes')}
            testId="bw-ebpf-cost-nodes"
          />
          <NumberField
            labelWidth={COST_LABEL_WIDTH}
            label="Cores per node"
            value={inputs.coresPerNode}
            onChange={set('coresPerNode')}
            tooltip="Turns “% of node” figures into cores."
            testId="bw-ebpf-cost-cores"
          />
          <NumberField
            labelWidth={COST_LABEL_WIDTH}
            label="Price per core-hour (USD)"
            value={inputs.pricePerCoreHour}
            step={0.001}
            onChange={set('pricePerCoreHour')}
            testId="bw-ebpf-cost-core-price"
          />
          <NumberField
            labelWidth={COST_LABEL_WIDTH}
            label="Price per GB-hour (USD)"
            value={inputs.pricePerGiBHour}
            step={0.0005}
            onChange={set('pricePerGiBHour')}
            tooltip="Per GiB of memory (2³⁰ bytes), as cloud price lists mean “GB” for instance memory."
            testId="bw-ebpf-cost-gb-price"
          />
          <InlineField
            label="Add service CPU delta"
            labelWidth={COST_LABEL_WIDTH}
            tooltip="Adds the measured extra CPU of the service itself (probes run in its context) to the agent's CPU."
          >
            <InlineSwitch
              value={inputs.includeServiceCpuDelta}
              onChange={(e) => set('includeServiceCpuDelta')(e.currentTarget.checked)}
            />
          </InlineField>
        </div>
        <div className={s.result}>
          {error ? (
            <Alert severity="error" title="Cost inputs">
              {error}
            </Alert>
          ) : (
            <>
              <div className={s.tableBox}>
                <table className={s.table}>
                  <thead>
                    <tr>
                      <th>Agent</th>
                      <th>Source</th>
                      <th>CPU / node (cores)</th>
                      <th>Memory / node (GiB)</th>
                      <th>CPU / year (USD)</th>
                      <th>Memory / year (USD)</th>
                      <th>Total / year (USD)</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lines.map((l, i) => (
                      <tr
                        key={i}
                        data-testid="bw-ebpf-cost-row"
                        data-agent={l.agent}
                        data-source-kind={l.source.kind}
                        data-total={l.cost.total}
                        title={l.notes.join('; ')}
                      >
                        <td>{l.agent}</td>
                        <td>
                          <SourceBadge source={l.source} />
                        </td>
                        <td>{l.stated.cpu ? spanText(l, (e) => e.cpuCores, formatNumber) : NOT_STATED}</td>
                        <td>{memoryText(l)}</td>
                        <td>{l.stated.cpu ? spanText(l, (e) => e.cost.cpu, formatMoney) : NOT_STATED}</td>
                        <td>{memoryCostText(l)}</td>
                        <td className={s.total}>
                          {spanText(l, (e) => e.cost.total, formatMoney)}
                          {partOf(l)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <BarChart
                unit="USD per year"
                groups={groupByAgent(lines).map(([agent, ls]) => ({
                  label: agent,
                  bars: ls.map((l) => ({
                    label: badgeText(l.source),
                    value: l.cost.total,
                    ...(l.span ? { range: [l.span.low.cost.total, l.span.high.cost.total] as [number, number] } : {}),
                    valueText: spanText(l, (e) => e.cost.total, formatMoney),
                    color: sourceColor(theme, l.source),
                    title: l.notes.join('; '),
                  })),
                }))}
              />
              <Text color="secondary" variant="bodySmall">
                Per source, never mixed: nodes × (cores × price per core-hour + GiB × price per GB-hour) ×{' '}
                {HOURS_PER_YEAR} h, in US dollars (USD). The default prices are round example figures, not a
                provider&apos;s price list: enter your own. Hover a row for what was assumed (e.g. a “% of node” figure
                turned into cores, memory as its source states it). A published range is priced at both ends, an upper bound
                (“less than 1 %”) as “≤”, and a published memory limit is shown but not priced: it is not usage.
              </Text>
            </>
          )}
        </div>
      </Stack>
    </div>
  );
}

/** A figure the source does not give: not 0. */
const NOT_STATED = 'not stated';

/** Memory's yearly cost; a source that gives only a limit gives no usage to price. */
function memoryCostText(l: CostRow): string {
  if (l.stated.memory) {
    return formatMoney(l.cost.memory);
  }
  return l.memoryLimitGiB !== undefined ? 'not priced' : NOT_STATED;
}

/** Memory per node, or the limit the source gives instead of usage. */
function memoryText(l: CostRow): string {
  if (l.stated.memory) {
    return formatNumber(l.overhead.memoryGiB);
  }
  return l.memoryLimitGiB !== undefined ? `limit ${formatNumber(l.memoryLimitGiB)}, not usage` : NOT_STATED;
}

/**
 * A CPU-driven figure as its source gives it: "a–b" for a published range, "≤ b" for an upper bound,
 * else the point. A range is never shown as its midpoint, which would read as a measurement.
 */
function spanText(
  l: CostRow,
  of: (end: { cpuCores: number; cost: CostRow['cost'] }) => number,
  format: (v: number) => string
): string {
  const point = { cpuCores: l.overhead.cpuCores, cost: l.cost };
  if (!l.span) {
    return format(of(point));
  }
  return l.span.kind === 'atMost' ? `≤ ${format(of(l.span.high))}` : `${format(of(l.span.low))}–${format(of(l.span.high))}`;
}

/** What a total leaves out, when its source states only one of CPU and memory. */
function partOf(l: CostRow): string {
  return l.stated.cpu && !l.stated.memory ? ' (CPU only)' : !l.stated.cpu && l.stated.memory ? ' (memory only)' : '';
}

function groupByAgent(lines: CostRow[]): Array<[string, CostRow[]]> {
  const m = new Map<string, CostRow[]>();
  lines.forEach((l) => m.set(l.agent, [...(m.get(l.agent) ?? []), l]));
  return [...m.entries()];
}

const getStyles = (theme: GrafanaTheme2) => ({
  // As wide as the table needs (about 660 px): on a narrower page the result wraps below the inputs
  // instead of running out of the page; narrower still, the table scrolls inside its box.
  result: css`
    flex: 1;
    min-width: min(100%, 680px);
  `,
  tableBox: css`
    overflow-x: auto;
  `,
  table: css`
    border-collapse: collapse;
    margin-bottom: ${theme.spacing(1)};
    font-size: ${theme.typography.bodySmall.fontSize};
    font-variant-numeric: tabular-nums;
    th,
    td {
      padding: ${theme.spacing(0.25, 1)};
      border-bottom: 1px solid ${theme.colors.border.weak};
      text-align: right;
    }
    th:nth-child(-n + 2),
    td:nth-child(-n + 2) {
      text-align: left;
    }
  `,
  total: css`
    font-weight: ${theme.typography.fontWeightBold};
  `,
});
