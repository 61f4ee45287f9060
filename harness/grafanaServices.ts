/**
 * Stand-ins for the two Grafana services the app's home page calls: the data source list
 * (getDataSourceSrv().getList) and the backend client (getBackendSrv().fetch), which in Grafana
 * sends `/api/datasources/proxy/uid/<uid>/<route>/...` through Grafana's data proxy. Here a
 * data source's `companion` route goes to `companionBase` (the preview's same-origin proxy to the
 * companion), and other Grafana APIs answer 404 as an absent feature would. Errors have the shape
 * of Grafana's FetchError ({status, data, statusText}), so the page's error handling is exercised.
 */
import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';

export interface StandInDataSource {
  uid: string;
  name: string;
  type: string;
  jsonData?: Record<string, unknown>;
}

export interface GrafanaServicesArgs {
  dataSources: StandInDataSource[];
  /** Where `/api/datasources/proxy/uid/<uid>/companion` goes, e.g. '' (same origin) or 'http://127.0.0.1:1'. */
  companionBase: string;
  /** Makes a data source's instance for getDataSourceSrv().get (e.g. the built Bellwether data source); else get() refuses. */
  instantiate?: (settings: any) => Promise<unknown>;
}

async function send(options: any, args: GrafanaServicesArgs): Promise<any> {
  const m = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/companion(\/.*)$/.exec(options.url);
  const ds = m && args.dataSources.find((d) => d.uid === m[1]);
  if (!m || !ds) {
    const text = `not found: ${options.url} (no such API in the harness)`;
    throw { status: 404, statusText: 'Not Found', data: { message: text }, config: options };
  }
  let res: Response;
  try {
    res = await fetch(`${args.companionBase}${m[2]}`, { method: options.method ?? 'GET', headers: options.headers, body: options.data });
  } catch (err) {
    // As Grafana's proxy answers when the target does not accept connections.
    throw { status: 502, statusText: 'Bad Gateway', data: { message: `data proxy: ${(err as Error).message}` }, config: options };
  }
  const text = await res.text();
  let data: any = text;
  if (options.responseType !== 'text') {
    try {
      data = JSON.parse(text);
    } catch {
      // left as text, like Grafana does for non-JSON bodies
    }
  }
  if (!res.ok) {
    throw { status: res.status, statusText: res.statusText, data, config: options };
  }
  return { data, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, url: options.url, config: options };
}

/** Installs the stand-ins; call again to change them (e.g. to test a missing data source). */
export function installGrafanaServices(args: GrafanaServicesArgs): void {
  const settings = args.dataSources.map((d) => ({ ...d, id: 1, meta: { id: d.type }, access: 'proxy', readOnly: false, url: `/api/datasources/proxy/uid/${d.uid}`, jsonData: d.jsonData ?? {} }));
  const byRef = (ref: any) => settings.find((s) => s.uid === (ref?.uid ?? ref) || s.name === ref);
  // As Grafana's DatasourceSrv: no reference means the default data source. (DataSourcePicker asks
  // this on mount, and an answer of nothing marks an unchosen picker invalid, a red border.)
  const find = (ref: any) => (ref === undefined || ref === null || ref === '' ? (settings.find((s: any) => s.isDefault) ?? settings[0]) : byRef(ref));
  setDataSourceSrv({
    getList: (filters: { type?: string } = {}) => settings.filter((s) => !filters.type || s.type === filters.type),
    getInstanceSettings: find,
    get: async (ref: any) => {
      const s = find(ref);
      if (!s || !args.instantiate) {
        throw new Error(s ? 'the harness does not instantiate data sources' : `data source ${JSON.stringify(ref)} not found`);
      }
      return args.instantiate(s);
    },
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as any);
  setBackendSrv({
    fetch: (options: any) =>
      new Observable((sub) => {
        send(options, args).then(
          (r) => {
            sub.next(r);
            sub.complete();
          },
          (e) => sub.error(e)
        );
      }),
    get: (url: string) => send({ url }, args).then((r) => r.data),
  } as any);
}
