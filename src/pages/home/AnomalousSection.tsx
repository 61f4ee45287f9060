import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, LoadingPlaceholder, TextArea, TextLink, useStyles2 } from '@grafana/ui';
import { type AnomalyRow, LOOKBACK_S, OVERLAY_STEP, OVERLAY_TRAIN, type SelectorResult } from './anomalous';
import { formatSpan } from '../../common/duration';
import { overlayLink } from './links';
import { collapseErrors } from './collapseErrors';
import { alertForS, type SignalSelector } from './selectors';

export interface AnomalousProps {
  results: SelectorResult[] | undefined;
  /** While `results` is pending: what the shards that answered found, and series scored so far. */
  soFar?: { results: SelectorResult[]; done: number; total: number };
  /** The scan waits for Running out (the companion would otherwise evaluate both at once). */
  waiting: boolean;
  selectors: SignalSelector[];
  custom: boolean;
  dsUid: string;
  /** The page's time (unix seconds): the Overlay links open on the hours before it. */
  now: number;
  onSelectors(lines: string[]): void;
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .filter(([k]) => k !== '__name__')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');

export function AnomalousSection({
  results,
  soFar,
  waiting,
  selectors,
  custom,
  dsUid,
  now,
  onSelectors,
}: AnomalousProps) {
  const s = useStyles2(getStyles);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  // While the scan runs, the rows the answered shards found: the table grows shard by shard.
  const shown = results ?? soFar?.results;
  const rows = (shown ?? []).flatMap((r) => r.rows).sort((a, b) => b.sinceS - a.sinceS);
  const matched = (shown ?? []).reduce((n, r) => n + r.matched, 0);
  // Runs shorter than their alert's `for`: pending, as the alert is; counted and named, not listed.
  const pendingRuns = (shown ?? []).flatMap((r) => r.pendingRuns ?? []);
  const n = (x: number) => x.toLocaleString('en-US');
  // Series the companion did not score by its query timeout, while their shards are asked again.
  const pending = (soFar?.results ?? []).reduce((k, r) => k + (r.pending ?? 0), 0);
  const scanning =
    pending > 0 && soFar
      ? `Scored ${n(soFar.done)} of ${n(soFar.total)} series; the rest are still being scored (retrying: the companion keeps what each try scored).`
      : `Scoring every series under the selectors…${soFar?.total ? ` ${n(soFar.done)} of ${n(soFar.total)} series done.` : ''}`;
  return (
    <section className={s.section} data-testid="bw-home-anomalous" aria-labelledby="bw-home-an-title">
      <div className={s.header}>
        <h3 id="bw-home-an-title">Anomalous now</h3>
        <Button
          size="sm"
          variant="secondary"
          icon="pen"
          onClick={() => {
            setDraft(selectors.map((x) => (x.title === x.expr ? x.expr : `${x.title}=${x.expr}`)).join('\n'));
            setEditing(!editing);
          }}
        >
          Selectors{custom ? ' (custom)' : ''}
        </Button>
      </div>
      {editing && (
        <div className={s.editor}>
          <TextArea
            rows={5}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            aria-label="Selectors, one per line (title=PromQL)"
          />
          <div className={s.editorButtons}>
            <Button
              size="sm"
              onClick={() => {
                onSelectors(
                  draft
                    .split('\n')
                    .map((l) => l.trim())
                    .filter(Boolean)
                );
                setEditing(false);
              }}
            >
              Apply
            </Button>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                onSelectors([]);
                setEditing(false);
              }}
            >
              Golden-signal defaults
            </Button>
          </div>
        </div>
      )}
      {!results && (waiting || rows.length === 0) ? (
        <LoadingPlaceholder
          text={waiting ? 'Scoring every series under the selectors once Running out is done…' : scanning}
          data-testid="bw-home-an-loading"
        />
      ) : (
        <>
          {!results && (
            <p className={s.note} data-testid="bw-home-an-partial">
              {scanning} The table shows what the shards scored so far found.
            </p>
          )}
          {/* One alert per distinct error: with the upstream down every selector fails the same way. */}
          {collapseErrors(
            shown!.flatMap((r) =>
              r.error
                ? [
                    {
                      title: r.selector.title,
                      error: r.error,
                      severity: r.rows.length || r.scored ? ('warning' as const) : ('error' as const),
                    },
                  ]
                : []
            )
          ).map((e) => (
            <Alert
              key={e.text}
              severity={e.severity}
              title={e.text}
              data-testid="bw-home-an-error"
              data-count={e.count}
            />
          ))}
          {shown!.map((r) =>
            r.error ? null : r.matched === 0 && results ? (
              <p key={r.selector.expr} className={s.note} data-testid="bw-home-an-nomatch">
                {r.selector.title}: no series match <code>{r.selector.expr}</code>.
              </p>
            ) : null
          )}
          {/* Every selector failed: its errors above say so; "0 of 0 series anomalous" would read as all clear. */}
          {results && !results.every((r) => r.error && !r.scored && !r.rows.length) && (
            <p className={s.note} data-testid="bw-home-an-summary">
              {rows.length} of {matched.toLocaleString('en-US')} series anomalous now (the companion&apos;s
              anomaly_score with the shipped alert rules&apos; model, sensitivity and training window, over the last{' '}
              {formatSpan(LOOKBACK_S * 1000)}; listed once anomalous for the alert&apos;s <code>for</code>, as it
              fires).
            </p>
          )}
          {pendingRuns.length > 0 && (
            <p className={s.note} data-testid="bw-home-an-pending">
              {pendingRunsText(pendingRuns)}
            </p>
          )}
          {rows.length > 0 && (
            <table className={s.table} data-testid="bw-home-an-table">
              <thead>
                <tr>
                  <th>Signal</th>
                  <th>Series</th>
                  <th>Anomalous for</th>
                  <th>Kind</th>
                  <th>Members that fired</th>
                  <th>Score</th>
                  <th>Open</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.selector.expr + JSON.stringify(r.labels)} data-testid="bw-home-an-row">
                    <td>{r.selector.title}</td>
                    <td className={s.name}>{labelText(r.labels)}</td>
                    <td>{r.longer ? `over ${formatSpan((r.sinceS - 60) * 1000)}` : formatSpan(r.sinceS * 1000)}</td>
                    <td>{r.kind.replace(/_/g, ' ')}</td>
                    <td>{r.fired.length ? r.fired.join(', ') : '—'}</td>
                    <td>{Number.isFinite(r.score) ? r.score.toFixed(2) : '—'}</td>
                    <td>
                      <TextLink
                        href={overlayLink(dsUid, r.seriesExpr, OVERLAY_TRAIN, OVERLAY_STEP, now, r.selector.rules)}
                        inline={false}
                      >
                        Overlay
                      </TextLink>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

const PENDING_NAMED = 5;

/**
 * "Pending, not listed: 2 series anomalous for less than their alert's `for` (CPU: 5 min): CPU
 * instance=web-2 (1 min); …": a short crossing does not fire the alert, so it is not a row.
 */
export function pendingRunsText(runs: AnomalyRow[]): string {
  const periods = [...new Map(runs.map((r) => [r.selector.title, alertForS(r.selector)])).entries()]
    .map(([title, forS]) => `${title}: ${formatSpan(forS * 1000)}`)
    .join(', ');
  const named = runs
    .slice(0, PENDING_NAMED)
    .map((r) => `${r.selector.title} ${labelText(r.labels)} (${formatSpan(r.sinceS * 1000)})`)
    .join('; ');
  const more = runs.length > PENDING_NAMED ? `; and ${runs.length - PENDING_NAMED} more` : '';
  const one = runs.length === 1;
  return `Pending, not listed: ${runs.length} series anomalous for less than ${one ? 'its' : 'their'} alert's \`for\` (${periods}): ${named}${more}.`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    h3: { margin: 0 },
    marginBottom: theme.spacing(1),
  }),
  editor: css({ marginBottom: theme.spacing(1), maxWidth: 800 }),
  editorButtons: css({ display: 'flex', gap: theme.spacing(1), marginTop: theme.spacing(0.5) }),
  note: css({ color: theme.colors.text.secondary, margin: theme.spacing(0.5, 0) }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    th: {
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.secondary,
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.medium}`,
    },
    td: { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` },
  }),
  name: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    wordBreak: 'break-all',
  }),
});
