/**
 * `@grafana/runtime` as the Bellwether data source (src/datasource) and the app's pages use it, for
 * tests that run them in jsdom against a companion on loopback: this module is the mock, and
 * {@link connectGrafana} says where its services lead.
 *
 * @example
 *   jest.mock('@grafana/runtime', () => jest.requireActual('../../support/grafanaRuntime'));
 *   connectGrafana({ companionUrl: () => companion.url, dataSource: prometheus });
 */
import { nodeFetch } from './nodeFetch';
import { observe } from './observe';

/** The data source's proxy route (its `url` in the instance settings). */
export const PROXY = '/api/datasources/proxy/uid/bw';

let companionUrl: () => string = () => {
  throw new Error('connectGrafana() was not called: no companion for the proxy route');
};
let dataSource: unknown;

/**
 * The backend service sends the proxy's companion route to `companionUrl()` (read at each call, as the
 * companion starts in beforeAll); the data source service answers `dataSource` for any uid.
 */
export function connectGrafana(to: { companionUrl: () => string; dataSource?: unknown }): void {
  companionUrl = to.companionUrl;
  dataSource = to.dataSource;
}

/** Grafana's boot config, as far as the pages read it (links under the app's sub-URL). */
export const config = { appSubUrl: '' };

export const getTemplateSrv = () => ({ replace: (s: string) => s });

export const isFetchError = (e: unknown) => typeof e === 'object' && e !== null && 'status' in e;

export const getDataSourceSrv = () => ({ get: async () => dataSource });

/** Errors are shaped as Grafana's FetchError (status and the body as `data`). */
export const getBackendSrv = () => ({
  fetch: (r: { url: string; method: string; data?: string; headers?: Record<string, string> }) =>
    observe(
      nodeFetch(r.url.replace(`${PROXY}/companion`, companionUrl()), {
        method: r.method,
        body: r.data,
        headers: r.headers,
      }).then(async (res) => {
        const data = await res.json();
        if (!res.ok) {
          throw { status: res.status, data };
        }
        return { data };
      })
    ),
});
