import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, LoadingPlaceholder, Pagination, RadioButtonGroup, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import type { CompanionClient } from './companionClient';
import { deniedCrossingText, exhaustionText, type Tier, tierOf, TIER_WINDOWS } from './format';
import { trendText } from './trendPhrase';
import { capacityDashboardLink, forecastLink } from './links';
import { bySoonest, type ExhaustionRowData, type PairResult, rowName, TTE_EVALUATION, TTE_OPTIONS } from './runningOut';
import { Sparkline } from './Sparkline';
import { collapseErrors } from './collapseErrors';

export const ROWS_PER_PAGE = 25;

export interface RunningOutProps {
  pairs: PairResult[] | undefined;
  client: CompanionClient | undefined;
  dsUid: string;
  now: number;
  sort: 'tte' | 'name';
  page: number;
  /** Series evaluated so far while `pairs` is pending. */
  progress?: { done: number; total: number };
  onSort(sort: 'tte' | 'name'): void;
  onPage(page: number): void;
}

export function tierColor(theme: GrafanaTheme2, tier: Tier): string {
  return tier === 'critical'
    ? theme.colors.error.main
    : tier === 'warning'
      ? theme.colors.warning.main
      : tier === 'info'
        ? theme.colors.info.main
        : theme.colors.text.secondary;
}

export function RunningOutSection({
  pairs,
  client,
  dsUid,
  now,
  sort,
  page,
  progress,
  onSort,
  onPage,
}: RunningOutProps) {
  const s = useStyles2(getStyles);
  // Every series is in before the first table renders, so its first page is the true first page.
  const rows = useMemo(
    () =>
      (pairs ?? [])
        .flatMap((p) => p.rows)
        .sort(sort === 'name' ? (a, b) => rowName(a).localeCompare(rowName(b)) : bySoonest),
    [pairs, sort]
  );
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  const visible = rows.slice((current - 1) * ROWS_PER_PAGE, current * ROWS_PER_PAGE);
  const counts = { critical: 0, warning: 0, info: 0 };
  rows.forEach((r) => {
    const t = tierOf(r.seconds, r.verdict);
    if (t in counts) {
      counts[t as keyof typeof counts]++;
    }
  });
  return (
    <section className={s.section} data-testid="bw-home-running-out" aria-labelledby="bw-home-ro-title">
      <div className={s.header}>
        <h3 id="bw-home-ro-title">Running out</h3>
        <RadioButtonGroup
          size="sm"
          value={sort}
          onChange={onSort}
          options={[
            { label: 'Soonest first', value: 'tte' },
            { label: 'By name', value: 'name' },
          ]}
        />
      </div>
      {!pairs ? (
        <LoadingPlaceholder
          text={`Asking the companion for every series' time to exhaustion…${
            progress?.total
              ? ` ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} series done.`
              : ''
          }`}
          data-testid="bw-home-ro-loading"
        />
      ) : (
        <>
          {/* One alert per distinct error: with the upstream down every pair fails the same way. */}
          {collapseErrors(
            pairs.flatMap((p) => (p.error ? [{ title: p.pair.title, error: p.error, severity: 'error' as const }] : []))
          ).map((e) => (
            <Alert key={e.text} severity="error" title={e.text} data-testid="bw-home-ro-error" data-count={e.count} />
          ))}
          {pairs.map((p) =>
            !p.error && p.note ? (
              <p key={p.pair.id} className={s.note} data-testid="bw-home-ro-note">
                {p.note}
              </p>
            ) : null
          )}
          {rows.length === 0 ? (
            // When a pair failed, its error says why there are no rows: "no series matched" would be wrong.
            pairs.some((p) => p.error) ? null : (
              <Alert
                severity="info"
                title={
                  // Series refused a limit they can never reach did match: the note above names them.
                  pairs.some((p) => p.refused)
                    ? 'Nothing to forecast: every matched series was refused (see above).'
                    : 'Nothing to forecast: no capacity series matched.'
                }
                data-testid="bw-home-ro-empty"
              />
            )
          ) : (
            <>
              <p className={s.note} data-testid="bw-home-ro-summary">
                {rows.length.toLocaleString('en-US')} series: {counts.critical} full within 4 h (critical),{' '}
                {counts.warning} within 2 d (warning), {counts.info} within 30 d (info) — the windows of the shipped
                alert tiers.
              </p>
              <table className={s.table} data-testid="bw-home-ro-table">
                <thead>
                  <tr>
                    <th>Series</th>
                    {/* The grid and window decide the figures: a panel at another step reads a slightly different time. */}
                    <th title={`time_to_exhaustion(..., "${TTE_OPTIONS}")`}>
                      Time to exhaustion (step {TTE_EVALUATION.step})
                    </th>
                    <th>Trend test ({TTE_EVALUATION.train})</th>
                    <th>Last 3 d and 7 d ahead</th>
                    <th>Open</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.map((r) => (
                    <RunningOutRow
                      key={`${r.pair.id}${JSON.stringify(r.labels)}`}
                      row={r}
                      client={client}
                      dsUid={dsUid}
                      now={now}
                    />
                  ))}
                </tbody>
              </table>
              {pages > 1 && (
                <Pagination currentPage={current} numberOfPages={pages} onNavigate={onPage} className={s.pagination} />
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function RunningOutRow({
  row: r,
  client,
  dsUid,
  now,
}: {
  row: ExhaustionRowData;
  client: CompanionClient | undefined;
  dsUid: string;
  now: number;
}) {
  const s = useStyles2(getStyles);
  const theme = useTheme2();
  const tier = tierOf(r.seconds, r.verdict);
  const color = tierColor(theme, tier);
  const plain = tier === 'ok' || tier === 'none';
  const denied = deniedCrossingText(r.segmentAloneSeconds, r.verdict, r.resetsSeen);
  return (
    <tr
      data-tier={tier}
      data-testid="bw-home-ro-row"
      className={s.row}
      style={{ borderLeftColor: plain ? 'transparent' : color }}
    >
      <td>
        <div className={s.name}>{rowName(r)}</div>
        <div className={s.sub}>{r.pair.title}</div>
      </td>
      <td style={{ color: plain ? undefined : color }} className={s.tte}>
        {exhaustionText(r.seconds, r.lower, r.upper, r.verdict, r.gate, r.sinceReset, r.resetsSeen)}
        {denied && (
          <div className={s.alone} data-testid="bw-home-ro-alone">
            {denied}
          </div>
        )}
      </td>
      <td className={s.trend}>{trendText(r.gate, r.verdict, r.pair, r.sinceReset)}</td>
      <td>
        {client && (
          <Sparkline
            client={client}
            expr={r.seriesExpr}
            now={now}
            capacity={r.pair.capacity}
            seconds={r.seconds}
            lower={r.lower}
            upper={r.upper}
            slope={r.gate?.slope ?? NaN}
            direction={r.pair.direction}
            nextReset={r.nextReset}
            color={plain ? theme.colors.text.secondary : color}
          />
        )}
      </td>
      {/* The links stack in a box inside the cell: a cell that is itself a flex box leaves the table
          row, and its border no longer lines up with the row's. */}
      <td data-testid="bw-home-ro-links">
        <div className={s.links}>
          <TextLink
            href={forecastLink(dsUid, r.seriesExpr, r.pair.capacity, r.pair.direction, { ...TTE_EVALUATION, at: now })}
            inline={false}
          >
            Forecast
          </TextLink>
          {r.pair.id === 'fs' && r.labels.instance && (
            <TextLink href={capacityDashboardLink(r.labels.instance)} inline={false}>
              Dashboard
            </TextLink>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Re-exported for the docs and tests: the windows rows are coloured by. */
export { TIER_WINDOWS };

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(3) }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    h3: { margin: 0 },
    marginBottom: theme.spacing(1),
  }),
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
    td: {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'middle',
    },
  }),
  row: css({ borderLeft: '4px solid transparent' }),
  name: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'break-word',
  }),
  sub: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  tte: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' }),
  alone: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightRegular,
  }),
  trend: css({ fontSize: theme.typography.bodySmall.fontSize }),
  links: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
  pagination: css({ marginTop: theme.spacing(1) }),
});
