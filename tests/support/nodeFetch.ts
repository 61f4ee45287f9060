/**
 * fetch over node:http, for tests that run in jsdom (which Grafana's packages need and which has no
 * fetch) while the test Prometheus and companion helpers (tests/support) call fetch.
 */
import { request as httpRequest } from 'node:http';

export function nodeFetch(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {}
) {
  return new Promise<{ status: number; ok: boolean; text(): Promise<string>; json(): Promise<any> }>(
    (resolve, reject) => {
      const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({ status, ok: status < 400, text: async () => text, json: async () => JSON.parse(text) });
        });
      });
      req.on('error', reject);
      req.end(init.body);
    }
  );
}
