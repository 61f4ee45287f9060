/** Renders plugin panels, pages and components the way Grafana hosts them, for browser tests. */
import React from 'react';
import { createRoot, Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import {
  createTheme,
  dateTime,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  PanelPlugin,
  PanelOptionsEditorBuilder,
  AppPlugin,
  toDataFrame,
  DataFrame,
  PanelData,
  TimeRange,
  standardEditorsRegistry,
  GrafanaTheme2,
  applyFieldOverrides,
  FieldConfigSource,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import { ThemeContext } from '@grafana/ui';
import { registerStandardFieldConfigs } from './standardFieldConfigs';

/** A height in px, or 'auto': the host grows with its content and the document scrolls, as a Grafana page does. */
export type HostHeight = number | 'auto';

/** What is mounted in a container, kept so that a theme change re-renders it in place. */
interface Mounted {
  root: Root;
  element: React.ReactElement;
  width: number;
  height: HostHeight;
}

const mounted = new Map<string, Mounted>();
let currentMode: 'light' | 'dark' = 'dark';

// Grafana fills the option-editor registry at boot; PanelOptionsEditorBuilder looks editors up by
// id, so the harness registers placeholders (it reads defaults only and never shows the editors).
const EDITOR_IDS = ['boolean', 'color', 'dashboard-uid', 'field-name', 'multi-select', 'number', 'radio', 'select', 'slider', 'stats-picker', 'strings', 'text', 'timezone', 'unit'];
standardEditorsRegistry.setInit(() => EDITOR_IDS.map((id) => ({ id, name: id, editor: () => null })));
// And the standard field options (unit, decimals, min, max, ...) a panel's useFieldConfig() picks from.
registerStandardFieldConfigs();

/** Sets `obj[a][b]...` for a dotted option path such as `show.band`. */
function setPath(obj: Record<string, any>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o = o[k] ??= {};
  }
  o[keys[keys.length - 1]] = value;
}

/**
 * Applies a theme as Grafana does on a theme change: `config.theme2` and the user's theme flag, the
 * body's colours and `theme-<mode>` class, and CSS variables the host page may use for its own chrome.
 */
function applyDocumentTheme(mode: 'light' | 'dark'): GrafanaTheme2 {
  const theme = createTheme({ colors: { mode } });
  currentMode = mode;
  config.theme2 = theme;
  config.bootData.user.lightTheme = mode === 'light';
  const body = document.body;
  body.classList.remove('theme-light', 'theme-dark');
  body.classList.add(`theme-${mode}`);
  body.dataset.theme = mode;
  body.style.background = theme.colors.background.canvas;
  body.style.color = theme.colors.text.primary;
  body.style.setProperty('--bw-text-secondary', theme.colors.text.secondary);
  body.style.setProperty('--bw-error', theme.colors.error.text);
  body.style.setProperty('--bw-border', theme.colors.border.weak);
  return theme;
}

function styleHost(host: HTMLElement, theme: GrafanaTheme2, width: number, height: HostHeight): void {
  // A fixed height clips like a panel does; 'auto' lets a page grow so every part of it can be scrolled to.
  // The content box is the size the panel is given, as in Grafana (the page's border-box rule would
  // take the padding and border out of it and clip the panel's last 18 px).
  const size = height === 'auto' ? `width:${width}px;height:auto;overflow:visible;` : `width:${width}px;height:${height}px;overflow:hidden;`;
  host.style.cssText = `${size}box-sizing:content-box;margin:8px;padding:8px;background:${theme.colors.background.primary};border:1px solid ${theme.colors.border.weak};border-radius:2px;font-family:${theme.typography.fontFamily};font-size:${theme.typography.fontSize}px;`;
}

function mount(containerId: string, element: React.ReactElement, mode: 'light' | 'dark', width: number, height: HostHeight) {
  const theme = applyDocumentTheme(mode);
  let host = document.getElementById(containerId);
  if (!host) {
    host = document.createElement('div');
    host.id = containerId;
    document.getElementById('root')!.appendChild(host);
  }
  styleHost(host, theme, width, height);
  mounted.get(containerId)?.root.unmount();
  const root = createRoot(host);
  mounted.set(containerId, { root, element, width, height });
  root.render(<ThemeContext.Provider value={theme}>{element}</ThemeContext.Provider>);
}

/**
 * Switches every mounted panel, page and component to `mode` without remounting them, as Grafana's
 * ThemeProvider does: components keep their state and re-style through useTheme2/useStyles2.
 */
export function setTheme(mode: 'light' | 'dark'): void {
  const theme = applyDocumentTheme(mode);
  for (const [id, m] of mounted) {
    const host = document.getElementById(id);
    if (host) {
      styleHost(host, theme, m.width, m.height);
    }
    m.root.render(<ThemeContext.Provider value={theme}>{m.element}</ThemeContext.Provider>);
  }
}

/** The theme mode last applied. */
export function currentTheme(): 'light' | 'dark' {
  return currentMode;
}

function deepMerge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && typeof a[k] === 'object' ? deepMerge(a[k], v) : v;
  }
  return out;
}

/** A frame from columns: `{ time: number[] (ms), <name>: number[] | (number|null)[] }`. */
export function makeFrame(name: string, columns: Record<string, Array<number | null | string>>, labels?: Record<string, string>): DataFrame {
  const fields = Object.entries(columns).map(([key, values]) => ({
    name: key === 'time' ? 'Time' : key,
    type: key === 'time' ? FieldType.time : typeof values.find((x) => x !== null) === 'string' ? FieldType.string : FieldType.number,
    values,
    labels: key === 'time' ? undefined : labels,
    config: {},
  }));
  return toDataFrame({ name, refId: 'A', fields });
}

export interface RenderPanelArgs {
  containerId?: string;
  frames: DataFrame[];
  options?: Record<string, unknown>;
  width?: number;
  height?: number;
  theme?: 'light' | 'dark';
  timeRange?: { from: number; to: number };
  timeZone?: string;
  /** The panel's field config (defaults and overrides), as a dashboard saves it; applied as Grafana does. */
  fieldConfig?: Partial<FieldConfigSource>;
  /** The query request behind the data (`data.request`): its targets and their data sources. */
  request?: PanelData['request'];
}

/** Renders `plugin.panel` with PanelProps as Grafana passes them (options merged over defaults). */
export function renderPanel(plugin: PanelPlugin, args: RenderPanelArgs): void {
  const Panel = plugin.panel!;
  const defaults: Record<string, unknown> = {};
  // Defaults come from the plugin's options builder, as Grafana applies them.
  const builder = new PanelOptionsEditorBuilder<any>();
  plugin.getPanelOptionsSupplier()(builder, { data: args.frames });
  for (const item of builder.getItems()) {
    if (item.defaultValue !== undefined) {
      setPath(defaults, item.path, item.defaultValue);
    }
  }
  const width = args.width ?? 900;
  const height = args.height ?? 360;
  const times = args.frames.flatMap((f) => f.fields.filter((x) => x.type === FieldType.time).flatMap((x) => x.values as number[]));
  const timeRange: TimeRange = args.timeRange
    ? { from: dateTime(args.timeRange.from), to: dateTime(args.timeRange.to), raw: { from: dateTime(args.timeRange.from), to: dateTime(args.timeRange.to) } }
    : times.length
      ? { from: dateTime(Math.min(...times)), to: dateTime(Math.max(...times)), raw: { from: dateTime(Math.min(...times)), to: dateTime(Math.max(...times)) } }
      : getDefaultTimeRange();
  // Grafana applies the field config to the frames before the panel sees them: defaults of the
  // plugin's field options, then the dashboard's defaults and overrides; each field gets `display`.
  const fieldConfig: FieldConfigSource = {
    defaults: { ...fieldConfigDefaults(plugin), ...(args.fieldConfig?.defaults ?? {}) },
    overrides: args.fieldConfig?.overrides ?? [],
  };
  const mode = args.theme ?? 'dark';
  const series = applyFieldOverrides({
    data: args.frames,
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (s: string) => s,
    theme: createTheme({ colors: { mode } }),
    timeZone: args.timeZone ?? 'utc',
  });
  const data: PanelData = { state: LoadingState.Done, series, timeRange, ...(args.request ? { request: args.request } : {}) };
  const props: any = {
    id: 1,
    data,
    timeRange,
    timeZone: args.timeZone ?? 'utc',
    options: deepMerge(defaults, args.options ?? {}),
    fieldConfig,
    transparent: false,
    width,
    height,
    renderCounter: 1,
    title: 'Harness panel',
    eventBus: { publish() {}, subscribe: () => ({ unsubscribe() {} }), getStream: () => ({ subscribe: () => ({ unsubscribe() {} }) }), newScopedBus() { return this; }, removeAllListeners() {} },
    onOptionsChange() {},
    onFieldConfigChange() {},
    replaceVariables: (s: string) => s,
    onChangeTimeRange() {},
  };
  mount(args.containerId ?? 'panel', <Panel {...props} />, args.theme ?? 'dark', width, height);
}

/** Defaults of the plugin's standard field options (the colour mode, for one), as Grafana fills them in. */
function fieldConfigDefaults(plugin: PanelPlugin): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of plugin.fieldConfigRegistry.list()) {
    if (!item.isCustom && item.defaultValue !== undefined) {
      setPath(out, item.path, item.defaultValue);
    }
  }
  return out;
}

/**
 * Renders an app plugin's root page at `path` (relative to the app), as Grafana's router would. The
 * height defaults to 'auto': a Grafana page is as tall as its content and scrolls.
 */
export function renderPage(plugin: AppPlugin, args: { path?: string; theme?: 'light' | 'dark'; width?: number; height?: HostHeight; containerId?: string }): void {
  const Root = plugin.root!;
  const props: any = { basename: '/a/bellwether-aiops-app', meta: plugin.meta ?? { id: 'bellwether-aiops-app', jsonData: {} }, query: {}, path: args.path ?? '', onNavChanged() {} };
  mount(
    args.containerId ?? 'page',
    <MemoryRouter initialEntries={[args.path ?? '/']}>
      <Root {...props} />
    </MemoryRouter>,
    args.theme ?? 'dark',
    args.width ?? 1200,
    args.height ?? 'auto'
  );
}

/** Renders any component with props (editors, for instance). */
export function renderComponent(Component: React.ComponentType<any>, props: any, args: { theme?: 'light' | 'dark'; width?: number; height?: number; containerId?: string } = {}): void {
  mount(args.containerId ?? 'component', <Component {...props} />, args.theme ?? 'dark', args.width ?? 900, args.height ?? 400);
}
