import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Checkbox, InlineField, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../components/testIds';
import {
  AgentComparison,
  bundledReference,
  EQUAL_WEIGHTS,
  FigureSource,
  LoadedResult,
  mergeComparisons,
  referenceComparisons,
  ScoreWeights,
} from '../ebpf';
import { defaultLiveSettings, LiveSettings } from './ebpf/live/agentMatchers';
import { defaultPrometheusUid } from './ebpf/live/dataSources';
import { grafanaInstantQuery } from './ebpf/live/instantQuery';
import { LiveOutcome, runLive } from './ebpf/live/runLive';
import { ComparisonTable } from './ebpf/components/ComparisonTable';
import { CostInputs, CostView } from './ebpf/components/CostView';
import { ImportResults } from './ebpf/components/ImportResults';
import { LatencyDistribution } from './ebpf/components/LatencyDistribution';
import { LivePanel } from './ebpf/components/LivePanel';
import { addResult, measuredView } from './ebpf/components/measuredView';
import { BadgeLegend } from './ebpf/components/BadgeLegend';
import { OverheadCharts } from './ebpf/components/OverheadCharts';
import { ScoreView } from './ebpf/components/ScoreView';
import { Section } from './ebpf/components/Section';
import { SourceList } from './ebpf/components/SourceList';

/** Display order of agents; others (e.g. from imported files) follow. */
const AGENT_ORDER = ['Beyla', 'Tetragon', 'Parca', 'Pixie', 'Datadog APM', 'New Relic APM', 'OpenTelemetry Java agent'];
const KINDS: Array<FigureSource['kind']> = ['reference', 'measured', 'live'];

const DEFAULT_COST: CostInputs = { nodes: 50, coresPerNode: 8, pricePerCoreHour: 0.04, pricePerGiBHour: 0.005, includeServiceCpuDelta: false };

/** Rows with only the figures of the shown source kinds; rows left empty are dropped. */
function filterKinds(rows: AgentComparison[], shown: Set<FigureSource['kind']>): AgentComparison[] {
  return rows.map((r) => ({ ...r, figures: r.figures.filter((f) => shown.has(f.source.kind)) })).filter((r) => r.figures.length > 0);
}

/**
 * eBPF agent overhead: reference figures (published, vendor claims, report claims), harness
 * measurements and live cluster figures side by side, each labelled with its source, with charts, a
 * weighted score and a cost view.
 */
function EbpfOverheadPage() {
  const s = useStyles2(getStyles);
  const reference = useMemo(() => {
    try {
      return { rows: referenceComparisons(bundledReference()) };
    } catch (e) {
      return { rows: [], error: (e as Error).message };
    }
  }, []);
  const [loaded, setLoaded] = useState<LoadedResult[]>([]);
  const [rate, setRate] = useState<number>();
  const measured = useMemo(() => measuredView(loaded, rate), [loaded, rate]);
  const [liveSettings, setLiveSettings] = useState<LiveSettings>(() => defaultLiveSettings('kubernetes'));
  const [dataSourceUid, setDataSourceUid] = useState<string | undefined>(defaultPrometheusUid);
  const [live, setLive] = useState<LiveOutcome>();
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState(new Set(KINDS));
  const [weights, setWeights] = useState<ScoreWeights>({ ...EQUAL_WEIGHTS });
  const [cost, setCost] = useState<CostInputs>(DEFAULT_COST);

  const allRows = useMemo(() => mergeComparisons([reference.rows, measured.rows, live?.rows ?? []], AGENT_ORDER), [reference.rows, measured.rows, live]);
  const rows = useMemo(() => filterKinds(allRows, shown), [allRows, shown]);

  const onRunLive = useCallback(async () => {
    if (!dataSourceUid) {
      return;
    }
    setRunning(true);
    try {
      setLive(await runLive(liveSettings, grafanaInstantQuery(dataSourceUid), Date.now()));
    } finally {
      setRunning(false);
    }
  }, [dataSourceUid, liveSettings]);

  const toggle = (k: FigureSource['kind']) => {
    const next = new Set(shown);
    next.has(k) ? next.delete(k) : next.add(k);
    setShown(next);
  };

  return (
    <PluginPage>
      <div data-testid={testIds.ebpf.container} className={s.page}>
        <Stack direction="column" gap={2}>
          <Text color="secondary">
            What Beyla (Grafana Labs&apos; distribution of OpenTelemetry eBPF Instrumentation, OBI), Tetragon, Parca, Pixie and classic APM
            agents cost in CPU, memory and latency. Sources are never blended: every figure
            says whether it is a <b>reference</b> figure, not measured by Bellwether (<b>published</b> with a methodology, a <b>vendor claim</b>,
            or a <b>report claim</b> whose methodology is not published), <b>measured</b> (a Bellwether harness result file) or <b>live</b>{' '}
            (Prometheus over your cluster&apos;s cAdvisor metrics). Every source and its citation is listed at the bottom.
          </Text>
          {reference.error && (
            <Alert severity="error" title="Bundled reference figures">
              {reference.error}
            </Alert>
          )}

          <Section
            title="Measured: harness results"
            description="Import the JSON files written by `bellwether ebpf-bench` (one baseline without agent, one per agent). Overheads are medians over runs; a delta not larger than the baseline's run-to-run spread is marked not significant."
            testId="bw-ebpf-import"
          >
            <ImportResults
              loaded={loaded}
              onAdd={(r) => setLoaded((l) => addResult(l, r))}
              onRemove={(name) => setLoaded((l) => l.filter((x) => x.name !== name))}
            />
            {measured.rates.length > 1 && (
              <InlineField label="Compare at" labelWidth={14}>
                <RadioButtonGroup
                  size="sm"
                  options={measured.rates.map((r) => ({ label: `${r} req/s`, value: r }))}
                  value={measured.rate}
                  onChange={setRate}
                />
              </InlineField>
            )}
            {measured.errors.map((e) => (
              <Alert key={e} severity="error" title="Cannot compare">
                {e}
              </Alert>
            ))}
            {measured.warnings.length > 0 && (
              <Alert severity="warning" title="Comparability" data-testid="bw-ebpf-warnings">
                {measured.warnings.map((w) => (
                  <div key={w}>{w}</div>
                ))}
              </Alert>
            )}
          </Section>

          <Section
            title="Live: your cluster"
            description="Instant queries through a Prometheus data source over cAdvisor's container_cpu_usage_seconds_total and container_memory_working_set_bytes, one set of label matchers per agent. Live figures have no baseline, so no deltas."
            testId="bw-ebpf-live"
          >
            <LivePanel
              settings={liveSettings}
              onSettingsChange={setLiveSettings}
              dataSourceUid={dataSourceUid}
              onDataSourceChange={setDataSourceUid}
              outcome={live}
              running={running}
              onRun={onRunLive}
            />
          </Section>

          <div className={s.toolbar}>
            <Text weight="medium">Show</Text>
            {KINDS.map((k) => (
              <Checkbox key={k} label={k} value={shown.has(k)} onChange={() => toggle(k)} data-testid={`bw-ebpf-show-${k}`} />
            ))}
          </div>
          <BadgeLegend />

          <Section title="Overhead by agent" description="Bars are coloured by their source badge; whiskers show a range the source gives or the min–max over measured runs; faded dashed bars are not significant." testId="bw-ebpf-charts">
            <OverheadCharts rows={rows} />
          </Section>

          {shown.has('measured') && measured.rate !== undefined && measured.distributions.length > 0 && (
            <Section title={`Latency distribution at ${measured.rate} req/s`} description="Client-side latency from the open-loop load generator, median over runs per percentile." testId="bw-ebpf-latency-section">
              <LatencyDistribution distributions={measured.distributions} rate={measured.rate} />
            </Section>
          )}

          <Section title="Side by side" description="Hover a source for its citation, file or query; hover a delta for both sides' medians and spreads." testId="bw-ebpf-table-section">
            <ComparisonTable rows={rows} />
          </Section>

          <Section title="Weighted score" description="CPU efficiency, memory efficiency, features and ease of use, weighted as you choose." testId="bw-ebpf-score-section">
            <ScoreView rows={allRows} weights={weights} onWeightsChange={setWeights} />
          </Section>

          <Section title="Cost per year" description="What the overhead costs across your fleet, for each agent and each source separately." testId="bw-ebpf-cost-section">
            <CostView rows={rows} inputs={cost} onInputsChange={setCost} />
          </Section>

          <Section title="Sources" description="Every publication, file and query behind the figures shown, with its badge." testId="bw-ebpf-sources-section">
            <SourceList rows={rows} />
          </Section>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default EbpfOverheadPage;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css`
    padding: ${theme.spacing(1, 0)};
  `,
  toolbar: css`
    display: flex;
    align-items: center;
    gap: ${theme.spacing(2)};
  `,
});
