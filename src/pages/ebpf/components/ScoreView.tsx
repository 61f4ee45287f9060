import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import { AgentComparison, EQUAL_WEIGHTS, rankByScore, RankedScore, SCORE_CRITERIA, ScoreCriterion, ScoreWeights } from '../../../ebpf';
import { Bar, BarChart } from './BarChart';
import { NumberField } from './NumberField';
import { badgeText, sourceColor } from './sources';

const LABEL: Record<ScoreCriterion, string> = {
  cpu_efficiency: 'CPU efficiency',
  memory_efficiency: 'Memory efficiency',
  features: 'Features',
  ease_of_use: 'Ease of use',
};

interface Props {
  rows: AgentComparison[];
  weights: ScoreWeights;
  onWeightsChange: (w: ScoreWeights) => void;
}

/** Weighted score over the reference sub-scores, with a weight input per criterion. */
export function ScoreView({ rows, weights, onWeightsChange }: Props) {
  const theme = useTheme2();
  const s = useStyles2(getStyles);
  let ranked: RankedScore[] = [];
  let error: string | undefined;
  try {
    ranked = rankByScore(rows, weights);
  } catch (e) {
    error = (e as Error).message;
  }
  const byAgent = new Map(rows.map((r) => [r.agent, r]));
  const equal = weights[SCORE_CRITERIA[0]] > 0 && SCORE_CRITERIA.every((c) => weights[c] === weights[SCORE_CRITERIA[0]]);
  const isDefault = SCORE_CRITERIA.every((c) => weights[c] === EQUAL_WEIGHTS[c]);
  return (
    <div data-testid="bw-ebpf-score">
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        <div>
          {SCORE_CRITERIA.map((c) => (
            <NumberField
              key={c}
              label={LABEL[c]}
              value={weights[c]}
              step={0.5}
              onChange={(v) => onWeightsChange({ ...weights, [c]: v })}
              testId={`bw-ebpf-weight-${c}`}
            />
          ))}
          <Button size="sm" variant="secondary" icon="sync" onClick={() => onWeightsChange({ ...EQUAL_WEIGHTS })} disabled={isDefault}>
            Equal weights
          </Button>
        </div>
        <div className={s.result}>
          {error ? (
            <Alert severity="error" title="Weights">
              {error}
            </Alert>
          ) : (
            <>
              <table className={s.table}>
                <thead>
                  <tr>
                    <th>Agent</th>
                    {SCORE_CRITERIA.map((c) => (
                      <th key={c}>{LABEL[c]}</th>
                    ))}
                    <th>Score</th>
                  </tr>
                </thead>
                <tbody>
                  {ranked.map((r) => (
                    <tr key={r.agent} data-testid="bw-ebpf-score-row" data-agent={r.agent} data-score={r.score}>
                      <td>{r.agent}</td>
                      {SCORE_CRITERIA.map((c) => (
                        <td key={c}>{byAgent.get(r.agent)?.scores?.values[c]}</td>
                      ))}
                      <td className={s.score}>{r.score.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <BarChart
                unit="score (0–100)"
                groups={ranked.map((r) => ({
                  label: r.agent,
                  bars: scoreBars(r, byAgent.get(r.agent), theme),
                }))}
              />
              <Text color="secondary" variant="bodySmall">
                Score = Σ weight × sub-score ÷ Σ weight. Sub-scores are reference figures, not measured by Bellwether ({scoreSourceText(ranked, byAgent)});
                {equal ? ' equal weights reproduce that table.' : ' reset to equal weights to reproduce that table.'}
              </Text>
            </>
          )}
        </div>
      </Stack>
    </div>
  );
}

/** The one bar of an agent's score, labelled and coloured by the badge of its sub-scores' source. */
function scoreBars(r: RankedScore, row: AgentComparison | undefined, theme: GrafanaTheme2): Bar[] {
  const source = row?.scores?.source;
  const color = source ? sourceColor(theme, source) : theme.colors.text.secondary;
  return [{ label: source ? badgeText(source) : '', value: r.score, valueText: r.score.toFixed(1), color, title: r.citation }];
}

/** "report claim: seed-report: <citation>" for each distinct source of the ranked sub-scores. */
function scoreSourceText(ranked: RankedScore[], byAgent: Map<string, AgentComparison>): string {
  const texts = new Set<string>();
  for (const r of ranked) {
    const source = byAgent.get(r.agent)?.scores?.source;
    if (source) {
      texts.add(`${badgeText(source)}: ${source.citation}`);
    }
  }
  return texts.size ? [...texts].join('; ') : 'no source';
}

const getStyles = (theme: GrafanaTheme2) => ({
  result: css`
    flex: 1;
    min-width: 420px;
  `,
  table: css`
    border-collapse: collapse;
    margin-bottom: ${theme.spacing(1)};
    font-size: ${theme.typography.bodySmall.fontSize};
    th,
    td {
      padding: ${theme.spacing(0.25, 1)};
      border-bottom: 1px solid ${theme.colors.border.weak};
      text-align: right;
    }
    th:first-child,
    td:first-child {
      text-align: left;
    }
  `,
  score: css`
    font-weight: ${theme.typography.fontWeightBold};
  `,
});
