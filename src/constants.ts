import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** App page routes, relative to PLUGIN_BASE_URL. */
export enum ROUTES {
  Overview = 'overview',
  Ebpf = 'ebpf',
}
