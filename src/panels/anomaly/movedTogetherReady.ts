/**
 * Whether "What else moved?" can run for a panel series, decided before it is offered: it needs the
 * series' query to read from the Bellwether data source with a companion URL, in PromQL. Panels that
 * cannot (another data source, no data source, no query) do not offer the action at all, rather than
 * opening a modal that shows only why it cannot.
 */
import type { DataQueryRequest } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { PanelSeries } from '../../components/charts/panelSeries';

/** The Bellwether data source's plugin id (src/datasource/plugin.json). */
export const BELLWETHER_DS = 'bellwether-ml-datasource';

export type MovedReadiness =
  | { ok: true; ref: NonNullable<DataQueryRequest['targets'][number]['datasource']>; expr: string }
  | { ok: false; why: string };

const NEEDS = 'What else moved? needs the Bellwether data source with a companion URL';

/** Whether the action can run for `series`, from the panel's request and the data source's settings. */
export function movedTogetherReady(series: PanelSeries, request: DataQueryRequest | undefined): MovedReadiness {
  const targets = request?.targets ?? [];
  const target = targets.find((t) => t.refId === series.refId) ?? (targets.length === 1 ? targets[0] : undefined);
  const ref = target?.datasource ?? undefined;
  const expr = (target as { expr?: string } | undefined)?.expr;
  if (!ref) {
    return { ok: false, why: `${NEEDS}; this panel's query names no data source.` };
  }
  let settings: { type?: string; jsonData?: { companionUrl?: string } } | undefined;
  try {
    settings = (getDataSourceSrv().getInstanceSettings(ref) ?? undefined) as typeof settings;
  } catch {
    settings = undefined;
  }
  const type = settings?.type ?? ref.type;
  if (type !== BELLWETHER_DS) {
    return { ok: false, why: `${NEEDS}; this panel reads from ${type ?? 'another data source'}.` };
  }
  if (!settings?.jsonData?.companionUrl) {
    return { ok: false, why: `${NEEDS}; set the companion URL in the data source settings.` };
  }
  if (!expr?.trim()) {
    return { ok: false, why: `${NEEDS} and a PromQL query.` };
  }
  return { ok: true, ref, expr };
}
