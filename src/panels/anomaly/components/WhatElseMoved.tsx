/**
 * "What else moved?" on an anomalous point of the anomaly panel: asks the panel's data source (the
 * Bellwether data source with a companion) which series moved with this one around that time, and
 * shows them ranked in a modal, each with a sparkline of its values. The panel offers it only where
 * it can run (../movedTogetherReady.ts); should the settings change meanwhile, one line says why not.
 */
import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, FieldType, type GrafanaTheme2, type PanelData } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Modal, Sparkline, useStyles2, useTheme2 } from '@grafana/ui';
import type { MovedTogetherResult } from '../../../engine/movedTogether';
import { seriesQuery } from '../../../datasource/sources/movedTogetherSource';
import type { PanelSeries } from '../../../components/charts/panelSeries';
import { BELLWETHER_DS, movedTogetherReady } from '../movedTogetherReady';

/** What the action calls on the data source (src/datasource/datasource.ts). */
interface MovedTogetherSource {
  type: string;
  hasCompanion: boolean;
  movedTogether(p: { target: string; at: number }): Promise<MovedTogetherResult>;
}

type State =
  | { kind: 'loading' }
  | { kind: 'needs'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'done'; result: MovedTogetherResult };

interface Props {
  series: PanelSeries;
  at: number;
  request: PanelData['request'];
  timeZone: string;
  onDismiss: () => void;
}

export function WhatElseMoved({ series, at, request, timeZone, onDismiss }: Props) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    const say = (s: State) => live && setState(s);
    (async () => {
      // The panel offers the action only when this holds; checked again as settings may change.
      const ready = movedTogetherReady(series, request);
      if (!ready.ok) {
        return say({ kind: 'needs', text: ready.why });
      }
      const ds = (await getDataSourceSrv().get(ready.ref)) as unknown as Partial<MovedTogetherSource>;
      if (ds.type !== BELLWETHER_DS || typeof ds.movedTogether !== 'function' || !ds.hasCompanion) {
        return say({ kind: 'needs', text: 'What else moved? needs the Bellwether data source with a companion URL.' });
      }
      say({ kind: 'done', result: await ds.movedTogether({ target: seriesQuery(ready.expr, series.labels ?? {}), at }) });
    })().catch((err: Error) => say({ kind: 'error', text: err.message }));
    return () => {
      live = false;
    };
  }, [series, at, request]);

  return (
    <Modal title={`What else moved with ${series.name}?`} isOpen onDismiss={onDismiss} className={styles.modal}>
      <div data-testid="bw-moved" data-state={state.kind} className={styles.body}>
        <div className={styles.caption}>
          Around {dateTimeFormat(at, { timeZone })}, ranked by how much and how early each series moved.
        </div>
        {state.kind === 'loading' && <div role="status">Asking the companion…</div>}
        {(state.kind === 'needs' || state.kind === 'error') && (
          <div className={styles.problem} data-testid="bw-moved-message">
            {state.text}
          </div>
        )}
        {state.kind === 'done' && <RegionCaption result={state.result} timeZone={timeZone} />}
        {state.kind === 'done' && <MovedTable result={state.result} timeZone={timeZone} at={at} />}
      </div>
    </Modal>
  );
}

/** Where onsets and leads are measured from, or why the data cannot say. */
function RegionCaption({ result, timeZone }: { result: MovedTogetherResult; timeZone: string }) {
  const styles = useStyles2(getStyles);
  if (result.note) {
    return (
      <div className={styles.problem} data-testid="bw-moved-note">
        {result.note}
      </div>
    );
  }
  if (result.regionStart === undefined || result.regionStart === result.at) {
    return null;
  }
  return (
    <div className={styles.caption} data-testid="bw-moved-region">
      Onsets and leads are measured from the start of this anomaly,{' '}
      {dateTimeFormat(result.regionStart, { timeZone, format: 'HH:mm' })}.
    </div>
  );
}

function MovedTable({ result, timeZone, at }: { result: MovedTogetherResult; timeZone: string; at: number }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  if (result.candidates.length === 0) {
    return <div data-testid="bw-moved-message">No candidate series: pass candidates in the data source query.</div>;
  }
  const times = result.candidates[0].sparkline.map((_, i) => result.from + i * result.step);
  // Labels whose values differ between candidates tell rows of one metric apart (pod="web-4").
  // Most telling first: the label with the most distinct values.
  const distinct = (k: string) => new Set(result.candidates.map((c) => c.labels[k])).size;
  const varying = [...new Set(result.candidates.flatMap((c) => Object.keys(c.labels)))]
    .filter((k) => k !== '__name__' && distinct(k) > 1)
    .sort((a, b) => distinct(b) - distinct(a));
  return (
    <table className={styles.table} data-testid="bw-moved-table">
      <thead>
        <tr>
          <th>#</th>
          <th>Series</th>
          <th>Score</th>
          <th>Onset</th>
          <th>Lead</th>
          <th>Around the time</th>
        </tr>
      </thead>
      <tbody>
        {result.candidates.map((c, i) => {
          const { __name__: metric, ...rest } = c.labels;
          const labels = Object.entries(rest)
            .map(([k, v]) => `${k}="${v}"`)
            .join(', ');
          const own = varying
            .filter((k) => c.labels[k] !== undefined)
            .map((k) => `${k}="${c.labels[k]}"`)
            .join(', ');
          const finite = c.sparkline.filter(Number.isFinite);
          // Grafana's Sparkline reads its y range from the field's state, as the table computes it.
          const lo = finite.length ? Math.min(...finite) : 0;
          const hi = finite.length ? Math.max(...finite) : 1;
          return (
            <tr key={i} data-testid="bw-moved-row" data-score={c.score}>
              <td>{i + 1}</td>
              <td className={styles.series} title={`${metric ?? ''}{${labels}}`}>
                {metric ?? `{${labels}}`}
                {metric && own && <span className={styles.labels}>{`{${own}}`}</span>}
              </td>
              <td>{Math.round(c.score * 100)} %</td>
              <td>
                {c.changedBefore !== undefined
                  ? `before ${dateTimeFormat(c.changedBefore, { timeZone, format: 'HH:mm' })}`
                  : c.onset === undefined
                    ? '–'
                    : dateTimeFormat(c.onset, { timeZone, format: 'HH:mm' })}
              </td>
              <td title={c.changedBefore !== undefined ? 'It had already changed when the window starts' : undefined}>
                {c.changedBefore !== undefined ? 'not known' : c.score > 0 ? lead(c.leadMs) : '–'}
              </td>
              <td className={styles.spark}>
                <Sparkline
                  width={160}
                  height={28}
                  theme={theme}
                  sparkline={{
                    x: { name: 'Time', type: FieldType.time, values: times, config: {} },
                    y: {
                      name: 'Value',
                      type: FieldType.number,
                      values: c.sparkline.map((v) => (Number.isFinite(v) ? v : null)),
                      state: { range: { min: lo, max: hi, delta: hi - lo } },
                      config: {
                        min: lo,
                        max: hi,
                        color: {
                          mode: 'fixed',
                          fixedColor: c.score >= 0.5 ? theme.colors.error.main : theme.colors.text.secondary,
                        },
                      },
                    },
                    highlightIndex: times.findIndex((t) => t >= at),
                  }}
                  config={{ custom: { lineWidth: 1, fillOpacity: 0 } }}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** 180000 → "3 min before"; -60000 → "1 min after". */
function lead(ms: number): string {
  const min = Math.round(Math.abs(ms) / 60_000);
  return ms === 0 ? 'with it' : `${min} min ${ms > 0 ? 'before' : 'after'}`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  modal: css({ width: 900, maxWidth: '95vw' }),
  body: css({ minHeight: 80 }),
  caption: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(1) }),
  problem: css({ color: theme.colors.warning.text }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      whiteSpace: 'nowrap',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  series: css({ maxWidth: 420, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  labels: css({ color: theme.colors.text.secondary }),
  spark: css({ width: 170 }),
});
