/**
 * The preview page: the BUILT panel modules and the app's eBPF page, loaded through the browser
 * harness's AMD loader and vendor bundle (harness/), drawing demo series fetched from the
 * companion's Prometheus API. Raw series and derived series (anomaly_upper/lower/score) arrive as
 * separate frames; the panels pair them by labels and query name (src/components/charts/derivedFields.ts).
 * A view marked `viaDataSource` also passes the panel its query on the built Bellwether data source
 * (instantiated through the stand-in of Grafana's data source service), as a dashboard does, so the
 * anomaly panel's "What else moved?" asks the companion through the data source.
 * The page reports its state on #status (`data-state` = loading | ready | error) for the browser test.
 * A button switches light and dark: the harness re-renders every mounted panel and the page with the
 * new theme in place, as Grafana's ThemeProvider does (see preview/theme.ts for where it is kept).
 */
import { formatFact } from './format';
import { PromApiError, queryInstant, queryRange, type MatrixSeries } from './promClient';
import { initialTheme, THEME_STORAGE_KEY, type ThemeMode, urlWithTheme } from './theme';
import { HOME_CAPTION, HOME_DATASOURCE, homePath, homeShownAt, pageTime } from './home';
import { incidentSearchStep, latestIncident } from './incident';
import { PREVIEW_VIEWS, type PreviewView } from './views';
import { utcMinute } from '../src/common/utcMinute';

const bw = (window as any).bw;
const API = ''; // same origin: the demo server proxies /api/v1/* to the companion
/**
 * Panel and page width: 1160 px, or the window's width less the page's margins and the panel frame
 * (80 px) when narrower, so a 1000 px window shows whole panels instead of scrolling sideways
 * (read once at load, as a dashboard sizes its panels when it opens).
 */
const PANEL_WIDTH = Math.max(480, Math.min(1160, document.documentElement.clientWidth - 80));
const PANEL_HEIGHT = 330;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/**
 * Frames shaped as Grafana's Prometheus data source returns them for a query with a legend: one
 * frame per series, its number field "Value" carrying the labels and the legend as
 * `displayNameFromDS`, so a panel names the series by the legend alone.
 */
function framesOf(series: MatrixSeries[], legend: string): any[] {
  return series.map((s) => {
    // `{{label}}` takes the series' label value, as in Grafana's legend format.
    const name = legendOf(legend, s.labels);
    const frame = bw.makeFrame(name, { time: s.timesMs, Value: s.values }, s.labels);
    const value = frame.fields[1];
    value.config = { ...value.config, displayNameFromDS: name };
    return frame;
  });
}

/** A legend format with `{{label}}` replaced by the label's value (empty when absent), as Grafana does. */
function legendOf(format: string, labels: Record<string, string>): string {
  return format.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

/** Reads a stored choice; storage can be unavailable (privacy settings), which means no choice. */
function storedTheme(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Applies `mode` to everything on the page and keeps it in the URL and localStorage. */
function applyTheme(mode: ThemeMode, button: HTMLButtonElement): void {
  bw.setTheme(mode);
  button.textContent = mode === 'dark' ? 'Light theme' : 'Dark theme';
  button.dataset.mode = mode;
  history.replaceState(null, '', urlWithTheme(location.href, mode));
  try {
    localStorage.setItem(THEME_STORAGE_KEY, mode);
  } catch {
    // Not kept across visits; the URL still carries it.
  }
}

/**
 * The end of a view's range: `afterSeconds` after the last sample within the search window at which
 * the incident series exceeded `above`, by default ten times its median (the demo's error rate sits
 * near 0.05/s and rises to about 2/s), capped at now; undefined when there was none.
 */
async function incidentEnd(
  incident: NonNullable<PreviewView['incident']>,
  nowSeconds: number
): Promise<number | undefined> {
  const series = await queryRange(API, incident.expr, nowSeconds, incident.searchSeconds, incidentSearchStep(incident.searchSeconds));
  let last: number | undefined;
  for (const s of series) {
    const finite = s.values.filter((v): v is number => v !== null).sort((a, b) => a - b);
    const median = finite[finite.length >> 1];
    s.values.forEach((v, i) => {
      if (v !== null && median !== undefined && v > (incident.above ?? 10 * median)) {
        last = Math.max(last ?? 0, s.timesMs[i] / 1000);
      }
    });
  }
  return last === undefined ? undefined : Math.min(nowSeconds, last + incident.afterSeconds);
}

/** The panel's query request when it reads through the Bellwether data source: one PromQL target. */
function dataSourceRequest(view: PreviewView) {
  return {
    targets: [
      { refId: 'A', datasource: { uid: HOME_DATASOURCE.uid, type: HOME_DATASOURCE.type }, expr: view.base.expr },
    ],
  };
}

/**
 * Draws `view` with its range ending at the page's `time` (or at its own latest incident before
 * it); `now` is the clock, for the facts' labels.
 */
async function renderView(
  view: PreviewView,
  card: HTMLElement,
  plugins: Record<string, any>,
  time: number,
  now: number
): Promise<void> {
  let nowSeconds = time;
  card.dataset.time = String(time);
  if (view.incident) {
    const end = await incidentEnd(view.incident, time);
    const caption = card.querySelector('.caption')!;
    if (end === undefined) {
      caption.textContent += ` (No incident in the last ${Math.round(view.incident.searchSeconds / 86400)} days: showing the latest hours.)`;
    } else {
      nowSeconds = end;
      card.dataset.end = String(end);
    }
  }
  const base = await queryRange(API, view.base.expr, nowSeconds, view.rangeSeconds, view.stepSeconds);
  if (base.length === 0) {
    throw new PromApiError('empty', `${view.base.expr} returned no series`);
  }
  const derived = await Promise.all(
    view.derived.map((q) => queryRange(API, q.expr, nowSeconds, view.rangeSeconds, view.stepSeconds))
  );
  const used = view.usedOf ? await usedSpace(base, view, nowSeconds) : undefined;
  const frames = [
    ...(used ?? framesOf(base, view.base.legend ?? view.base.expr)),
    ...derived.flatMap((series, i) => framesOf(series, view.derived[i].legend ?? view.derived[i].expr)),
  ];
  bw.renderPanel(plugins[view.panel], {
    containerId: `panel-${view.id}`,
    frames,
    options: view.options ?? {},
    fieldConfig: view.fieldConfig,
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    theme: bw.currentTheme(),
    timeZone: 'utc',
    timeRange: { from: (nowSeconds - view.rangeSeconds) * 1000, to: nowSeconds * 1000 },
    ...(view.viaDataSource ? { request: dataSourceRequest(view) } : {}),
  });
  const facts = card.querySelector('.facts')!;
  for (const f of view.facts) {
    const answers = await queryInstant(API, f.expr, nowSeconds);
    const value = answers.length ? formatFact(answers[0].value, f.unit) : 'no sample yet';
    // A view shown at its latest incident ends in the past: its fact is at that end, not now.
    const label = nowSeconds === now ? f.label : f.label.replace(/ now$/, ` at ${utcMinute(nowSeconds * 1000)}`);
    const row = el('li', { 'data-fact': f.label });
    row.append(el('b', {}, `${label}: `), el('span', {}, value), el('code', {}, `  ${f.expr}`));
    facts.append(row);
  }
}

/**
 * Used space (size − free) and the size series, as frames: what Grafana's "Add field from
 * calculation" transformation gives a dashboard. Both queries share range and step, so their samples
 * share timestamps; a free sample without a size at its time is a gap.
 */
async function usedSpace(free: MatrixSeries[], view: PreviewView, nowSeconds: number): Promise<any[]> {
  const size = await queryRange(API, view.usedOf!.size.expr, nowSeconds, view.rangeSeconds, view.stepSeconds);
  if (size.length !== 1) {
    throw new PromApiError('bad_data', `${view.usedOf!.size.expr} returned ${size.length} series, expected 1`);
  }
  const sizeAt = new Map(size[0].timesMs.map((t, i) => [t, size[0].values[i]]));
  const used = free.map((s) => ({
    ...s,
    values: s.values.map((v, i) => {
      const total = sizeAt.get(s.timesMs[i]);
      return v === null || total === null || total === undefined ? null : total - v;
    }),
  }));
  return [...framesOf(used, view.base.legend ?? view.base.expr), ...framesOf(size, view.usedOf!.size.legend!)];
}

/**
 * `?now=<unix seconds>`: the page's clock, instead of the browser's (the demo's data is a function
 * of time, so a pinned page draws the same incidents; `npm run screenshots` uses it). The home and the
 * capacity views then read the latest incident before it (pageTime); each incident view ends at its own.
 */
function pinnedNow(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('now');
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

function viewCard(view: PreviewView): HTMLElement {
  const card = el('section', { class: 'card', id: `view-${view.id}`, 'data-view': view.id });
  card.append(el('h2', {}, view.title), el('p', { class: 'caption' }, view.caption));
  card.append(el('div', { id: `panel-${view.id}`, class: 'panel' }));
  card.append(el('ul', { class: 'facts' }));
  return card;
}

async function main(): Promise<void> {
  const status = document.getElementById('status')!;
  const root = document.getElementById('root')!;
  const errors: string[] = [];
  const setState = (state: string, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  const themeButton = document.getElementById('theme') as HTMLButtonElement;
  applyTheme(initialTheme(location.search, storedTheme()), themeButton);
  themeButton.addEventListener('click', () => applyTheme(bw.currentTheme() === 'dark' ? 'light' : 'dark', themeButton));
  setState('loading', 'Loading the built plugins…');
  // One at a time: the AMD loader swaps a global define() per module, as Grafana's loader does not.
  const anomaly = await bw.loadPlugin('/dist/panels/anomaly/module.js');
  const forecast = await bw.loadPlugin('/dist/panels/forecast/module.js');
  const app = await bw.loadPlugin('/dist/module.js');
  const datasource = await bw.loadPlugin('/dist/datasource/module.js');
  const plugins = { anomaly: anomaly.plugin, forecast: forecast.plugin };
  const nowSeconds = pinnedNow(location.search) ?? Math.floor(Date.now() / 1000);
  // The app's home page and the panels that read through the data source, over a stand-in of
  // Grafana's data source service and data proxy (harness/grafanaServices.ts) whose companion route
  // is this origin's /api proxy; the data source is the built Bellwether one.
  bw.installGrafanaServices({
    dataSources: [HOME_DATASOURCE],
    companionBase: API,
    instantiate: async (settings: unknown) => new datasource.plugin.DataSourceClass(settings),
  });
  const home = el('section', { class: 'card', id: 'view-home', 'data-view': 'home' });
  // One time for every view: the home and the panels below read the same series at the same time.
  const incident = await latestIncident(API, nowSeconds).catch(() => undefined);
  const time = pageTime(nowSeconds, incident);
  const when = homeShownAt(time, nowSeconds);
  home.append(
    el('h2', {}, 'Home (app page)'),
    el('p', { class: 'caption' }, `${HOME_CAPTION} ${when}`),
    el('div', { id: 'page-home' })
  );
  root.append(home);
  bw.renderPage(app.plugin, {
    containerId: 'page-home',
    path: homePath(time),
    width: PANEL_WIDTH,
    theme: bw.currentTheme(),
  });
  setState('loading', 'Querying the companion…');
  // Views render one after another: the companion evaluates models per query, and two cores suffice.
  for (const view of PREVIEW_VIEWS) {
    const card = viewCard(view);
    root.append(card);
    try {
      await renderView(view, card, plugins, time, nowSeconds);
    } catch (err) {
      const msg = `${view.title}: ${(err as Error).message}`;
      errors.push(msg);
      card.append(el('p', { class: 'error' }, msg));
    }
  }
  const ebpf = el('section', { class: 'card', id: 'view-ebpf', 'data-view': 'ebpf' });
  ebpf.append(el('h2', {}, 'eBPF agent overhead (app page)'), el('div', { id: 'page-ebpf' }));
  root.append(ebpf);
  // No height: the page grows with its content and the document scrolls, as in Grafana.
  bw.renderPage(app.plugin, { containerId: 'page-ebpf', path: '/ebpf', width: PANEL_WIDTH, theme: bw.currentTheme() });
  (window as any).bwPreview = { errors };
  if (errors.length) {
    setState('error', `${errors.length} view(s) failed: ${errors.join(' | ')}`);
  } else {
    setState(
      'ready',
      `Demo data from the companion at ${location.origin}/api/v1 — rendered ${PREVIEW_VIEWS.length} panels and the eBPF page.`
    );
  }
}

main().catch((err) => {
  const status = document.getElementById('status')!;
  status.dataset.state = 'error';
  status.textContent = `The preview could not start: ${(err as Error).message}`;
});
