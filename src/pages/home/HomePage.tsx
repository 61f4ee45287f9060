/**
 * The app's home page: what runs out first, what is anomalous now, and whether Bellwether itself is
 * set up. Every figure comes from the companion through the Bellwether ML data source's proxy
 * route, so the page agrees with the panels, the alert rules and the CLI.
 *
 * Built with plain React and @grafana/ui rather than @grafana/scenes: the page's data are the
 * companion's per-series answers (not panels over a query runner), Scenes' app pages would add
 * about 130 KB gzipped to the bundle, and SceneApp routing needs Grafana's location service,
 * which the test harness and the preview do not have. Its state lives in the URL (urlState.ts).
 */
import React, { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Text, useStyles2 } from '@grafana/ui';
import { loadSelector, type ScanProgress, type SelectorResult } from './anomalous';
import { AnomalousSection } from './AnomalousSection';
import { CompanionClient } from './companionClient';
import { chooseMlDataSource, findMlDataSources, type MlDataSourceRef } from './dataSource';
import { loadPair } from './runningOut';
import { RunningOutSection } from './RunningOutSection';
import { type CapacityPair, CONTAINER_MEMORY, FILESYSTEMS, GOLDEN_SIGNALS, parseSignal, userPair } from './selectors';
import {
  alertRulesCheck,
  type CheckLine,
  companionBannerTitle,
  dataSourceAndCompanionChecks,
  grafanaCheck,
  noDataSourceCheck,
  recordingCheck,
} from './setupChecks';
import { SetupChecksSection } from './SetupChecksSection';
import { dataSourceRulesCheck, reconcileRuleLines } from './dataSourceRules';
import { mapLimited } from './shard';
import { type HomeState, readState, timeProblem, writeState } from './urlState';
import { testIds } from '../../components/testIds';

/** The data sources of our type; none when Grafana's data source service is not there. */
function listDataSources(): MlDataSourceRef[] {
  try {
    return findMlDataSources();
  } catch {
    return [];
  }
}

/**
 * The answer of `load` for `key`: undefined while the answer for the current key is pending (a new
 * key shows the loading state again, not the previous key's answer).
 */
function useLoaded<T>(key: string, load: (() => Promise<T>) | undefined): T | undefined {
  const [state, setState] = useState<{ key: string; value: T }>();
  useEffect(() => {
    let live = true;
    load?.().then((value) => live && setState({ key, value }));
    return () => {
      live = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return state?.key === key ? state.value : undefined;
}

/**
 * Progress summed over parallel parts (pairs or selectors): `report(part, done, total)` as each
 * part advances; the sum resets when `key` changes.
 */
function useProgress(
  key: string
): [{ done: number; total: number } | undefined, (part: number, done: number, total: number) => void] {
  const [state, setState] = useState<{ key: string; parts: Record<number, [number, number]> }>();
  const report = useCallback(
    (part: number, done: number, total: number) =>
      setState((prev) => ({ key, parts: { ...(prev?.key === key ? prev.parts : {}), [part]: [done, total] } })),
    [key]
  );
  if (state?.key !== key) {
    return [undefined, report];
  }
  const parts = Object.values(state.parts);
  return [{ done: parts.reduce((n, [d]) => n + d, 0), total: parts.reduce((n, [, t]) => n + t, 0) }, report];
}

/**
 * The Anomalous now scan so far, per selector (loadSelector's progress): the rows found by the
 * shards that have answered, so the table grows while the scan runs; resets when `key` changes.
 */
function useScanSoFar(
  key: string
): [{ results: SelectorResult[]; done: number; total: number } | undefined, (part: number, p: ScanProgress) => void] {
  const [state, setState] = useState<{ key: string; parts: Record<number, ScanProgress> }>();
  const report = useCallback(
    (part: number, p: ScanProgress) =>
      setState((prev) => ({ key, parts: { ...(prev?.key === key ? prev.parts : {}), [part]: p } })),
    [key]
  );
  if (state?.key !== key) {
    return [undefined, report];
  }
  const parts = Object.values(state.parts);
  return [
    {
      results: parts.map((p) => p.result),
      done: parts.reduce((n, p) => n + p.done, 0),
      total: parts.reduce((n, p) => n + p.total, 0),
    },
    report,
  ];
}

/** Seconds since the epoch, now: read once per load (a clock read is not a render's business). */
function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function HomePage() {
  const s = useStyles2(getStyles);
  const [search, setSearch] = useSearchParams();
  const state = readState(search);
  const update = (patch: Partial<HomeState>) => setSearch(writeState({ ...state, ...patch }), { replace: false });
  const [loadedAt, setLoadedAt] = useState(nowSeconds);
  const now = state.time ?? loadedAt;
  const ds = useMemo(() => chooseMlDataSource(listDataSources(), state.ds), [state.ds]);
  const client = useMemo(() => (ds ? new CompanionClient(ds.companionBase) : undefined), [ds]);

  const selectors = state.sel.length ? state.sel.map(parseSignal) : GOLDEN_SIGNALS;
  const pairSpecs = state.pair.map((p, i) => userPair(p, i));
  const pairs: CapacityPair[] = [
    FILESYSTEMS,
    ...(state.mem ? [CONTAINER_MEMORY] : []),
    ...pairSpecs.filter((p): p is CapacityPair => typeof p !== 'string'),
  ];
  const pairProblems = pairSpecs.filter((p): p is string => typeof p === 'string');
  const badTime = timeProblem(search);
  const base = `${ds?.uid}|${now}`;

  const remoteChecks = useLoaded(
    `checks|${base}`,
    ds && client
      ? () =>
          Promise.all([
            dataSourceAndCompanionChecks(ds, client),
            recordingCheck(client),
            Promise.all([alertRulesCheck(), dataSourceRulesCheck()]).then(([g, d]) => reconcileRuleLines(g, d)),
          ]).then((r) => r.flat())
      : undefined
  );
  const grafana = useLoaded(`grafana|${loadedAt}`, () => grafanaCheck());
  const checks: CheckLine[] | undefined =
    grafana && (!ds ? [noDataSourceCheck(state.ds), grafana] : remoteChecks && [...remoteChecks, grafana]);
  // Running out first, then Anomalous now: the companion evaluates on one thread, so a scan of
  // thousands of series sent at the same time would hold the first table back by its whole length.
  const [roProgress, setRoProgress] = useProgress(`pairs|${base}`);
  const pairResults = useLoaded(
    `pairs|${base}|${JSON.stringify(pairs)}`,
    client
      ? () => mapLimited(pairs, 1, (p, i) => loadPair(client, p, now, (done, total) => setRoProgress(i, done, total)))
      : undefined
  );
  const [anSoFar, setAnSoFar] = useScanSoFar(`sel|${base}`);
  const anomalies = useLoaded(
    `sel|${base}|${pairResults ? 'after' : 'wait'}|${JSON.stringify(selectors)}`,
    client && pairResults
      ? () => mapLimited(selectors, 2, (x, i) => loadSelector(client, x, now, (p) => setAnSoFar(i, p)))
      : undefined
  );

  // Time to the first rendered Running out table, for `npm run bench` and the browser tests.
  const mounted = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    mounted.current ??= performance.now();
    if (pairResults && (window as any).__bwHomeFirstTableMs === undefined) {
      (window as any).__bwHomeFirstTableMs = performance.now() - mounted.current;
    }
  }, [pairResults]);

  const companionDown = checks?.find((c) => c.id === 'companion' && c.state === 'fail');
  return (
    <div className={s.page} data-testid={testIds.overview.container} data-time={now}>
      <div className={s.intro}>
        <Text color="secondary">
          Anomaly detection, forecasting and time to exhaustion for the Prometheus series you already have, evaluated by
          the companion
          {ds ? ` behind “${ds.name}”` : ''} at {new Date(now * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC.
        </Text>
        <Button
          size="sm"
          variant="secondary"
          icon="sync"
          onClick={() => (state.time || badTime ? update({ time: undefined }) : setLoadedAt(nowSeconds()))}
        >
          Refresh
        </Button>
      </div>
      {!ds && (
        <Alert severity="error" title="No Bellwether ML data source" data-testid="bw-home-no-ds">
          The home page reads through a Bellwether ML data source and its companion. {noDataSourceCheck(state.ds).fix}
        </Alert>
      )}
      {companionDown && (
        <Alert severity="error" title={companionBannerTitle(companionDown)} data-testid="bw-home-companion-down">
          {companionDown.detail} {companionDown.fix}
        </Alert>
      )}
      {[...(badTime ? [badTime] : []), ...pairProblems].map((p) => (
        <Alert key={p} severity="warning" title={p} />
      ))}
      {ds && (
        <>
          <RunningOutSection
            pairs={pairResults}
            client={client}
            dsUid={ds.uid}
            now={now}
            sort={state.sort}
            page={state.page}
            progress={roProgress}
            onSort={(sort) => update({ sort, page: 1 })}
            onPage={(page) => update({ page })}
          />
          <AnomalousSection
            results={anomalies}
            soFar={anSoFar}
            waiting={!pairResults}
            selectors={selectors}
            custom={state.sel.length > 0}
            dsUid={ds.uid}
            now={now}
            onSelectors={(sel) => update({ sel })}
          />
        </>
      )}
      <SetupChecksSection lines={checks} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    padding: theme.spacing(1, 2),
    h3: { fontSize: theme.typography.h4.fontSize, margin: theme.spacing(0, 0, 1) },
  }),
  intro: css({
    display: 'flex',
    gap: theme.spacing(2),
    alignItems: 'center',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(2),
  }),
});
