/**
 * The companion's Pixie path against a local gRPC server built from the same proto
 * (companion/proto/pixie/vizierapi.proto) that streams recorded ExecuteScript batches, and through the
 * HTTP handler the data source calls.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import recorded from './testdata/http_stats_stream.json';
import { executeScript, vizierServiceDefinition, type PixieTarget } from '../../../companion/src/pixie/client';
import { DEFAULT_PIXIE_CONFIG, pixieHealthHandler, pixieQueryHandler } from '../../../companion/src/api/pixieHandler';
import { expandMacros, msToNs } from '../../../companion/src/pixie/macros';
import { startCompanion } from '../../../companion/src/app';
import { fromRaw } from '../../../companion/src/config/loadConfig';

const KEY = 'px-api-test-key';
const CLUSTER = '11111111-2222-4333-8444-555555555555';

interface Seen {
  apiKey?: string;
  clusterId?: string;
  script?: string;
}

/** A fake Vizier: checks the key, records the request, streams the recorded messages. */
async function startVizier(seen: Seen, behaviour: 'ok' | 'compile_error' = 'ok'): Promise<{ address: string; stop: () => Promise<void> }> {
  const server = new grpc.Server();
  server.addService(vizierServiceDefinition(), {
    ExecuteScript: (call: grpc.ServerWritableStream<{ queryStr: string; clusterId: string }, unknown>) => {
      seen.apiKey = String(call.metadata.get('pixie-api-key')[0] ?? '');
      seen.clusterId = call.request.clusterId;
      seen.script = call.request.queryStr;
      if (seen.apiKey !== KEY) {
        call.emit('error', { code: grpc.status.UNAUTHENTICATED, details: 'invalid API key' });
        return;
      }
      if (behaviour === 'compile_error') {
        call.write({
          status: { code: 3, message: 'Script compilation failed', errorDetails: [{ compilerError: { line: '2', column: '5', message: "name 'dff' is not defined" } }] },
        });
        call.end();
        return;
      }
      for (const msg of recorded) {
        call.write(msg);
      }
      call.end();
    },
    HealthCheck: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write({ status: { code: 0 } });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)))
  );
  return { address: `127.0.0.1:${port}`, stop: () => new Promise((r) => server.tryShutdown(() => r())) };
}

function target(address: string, over: Partial<PixieTarget> = {}): PixieTarget {
  return { address, tls: false, apiKey: KEY, clusterId: CLUSTER, timeoutMs: 5000, maxRows: 1000, ...over };
}

describe('PxL time macros (as the Pixie Grafana plugin: Unix nanoseconds)', () => {
  test('replaces __time_from, __time_to and __interval, exactly beyond 2^53', () => {
    const from = Date.UTC(2024, 4, 1, 10, 0, 0);
    const out = expandMacros("df = px.DataFrame('http_events', start_time=__time_from, end_time=__time_to)\nw = __interval", {
      fromMs: from,
      toMs: from + 60_000,
      intervalMs: 15_000,
    });
    expect(out).toBe("df = px.DataFrame('http_events', start_time=1714557600000000000, end_time=1714557660000000000)\nw = 15000000000");
  });
  test('leaves longer identifiers alone', () => {
    expect(expandMacros('my__interval_count + __intervals', { fromMs: 0, toMs: 0, intervalMs: 1 })).toBe('my__interval_count + __intervals');
    expect(msToNs(1)).toBe('1000000');
  });
});

describe('ExecuteScript over gRPC', () => {
  test('sends the API key as pixie-api-key metadata and the cluster id; assembles row batches into tables', async () => {
    const seen: Seen = {};
    const v = await startVizier(seen);
    try {
      const tables = await executeScript('import px\npx.display(df)', target(v.address));
      expect(seen).toEqual({ apiKey: KEY, clusterId: CLUSTER, script: 'import px\npx.display(df)' });
      expect(tables).toHaveLength(1);
      const [t] = tables;
      expect(t.name).toBe('output');
      const col = (name: string) => t.columns.find((c) => c.name === name)!;
      // 1714557600000000000 ns = 2024-05-01T10:00:00Z; the third row has 0.5 ms extra.
      expect(col('time_').values).toEqual([Date.UTC(2024, 4, 1, 10), Date.UTC(2024, 4, 1, 10), Date.UTC(2024, 4, 1, 10, 1) + 0.5]);
      expect(col('service').values).toEqual(['px-sock-shop/front-end', 'px-sock-shop/carts', 'px-sock-shop/front-end']);
      expect(col('requests').values).toEqual([120, 45, 130]);
      expect(col('latency_p99').values).toEqual([12500000.5, 3100000, 11000000]);
      expect(col('upid').values[0]).toBe('000000000000000100000000000000ff');
      expect(col('error').values).toEqual([false, true, false]);
      expect(col('time_').type).toBe('TIME64NS');
      expect(col('service').semanticType).toBe(300);
    } finally {
      await v.stop();
    }
  });

  test('a wrong key, a compile error, too many rows and an unreachable address each give a clear error', async () => {
    const v = await startVizier({});
    const bad = await startVizier({}, 'compile_error');
    try {
      await expect(executeScript('x', target(v.address, { apiKey: 'nope' }))).rejects.toMatchObject({
        kind: 'bad_input',
        upstreamStatus: 401,
        message: expect.stringContaining('rejected the API key'),
      });
      await expect(executeScript('x', target(bad.address))).rejects.toMatchObject({
        kind: 'bad_input',
        message: expect.stringContaining("line 2, column 5: name 'dff' is not defined"),
      });
      await expect(executeScript('x', target(v.address, { maxRows: 2 }))).rejects.toMatchObject({
        kind: 'execution',
        message: expect.stringContaining('more than 2 rows'),
      });
    } finally {
      await v.stop();
      await bad.stop();
    }
    await expect(executeScript('x', target(v.address, { timeoutMs: 1500 }))).rejects.toMatchObject({
      message: expect.stringMatching(/cannot reach Pixie|did not finish/),
    });
  });
});

describe('HTTP endpoint POST /api/v1/pixie/query', () => {
  async function withServer<T>(handler: http.RequestListener, fn: (base: string) => Promise<T>): Promise<T> {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }

  test('expands macros, takes the key from X-Pixie-Api-Key, returns tables', async () => {
    const seen: Seen = {};
    const v = await startVizier(seen);
    try {
      const config = { ...DEFAULT_PIXIE_CONFIG, address: v.address, tls: false, clusterId: CLUSTER };
      const q = pixieQueryHandler(config);
      await withServer(
        (req, res) => void q(req, res),
        async (base) => {
          const r = await fetch(`${base}/api/v1/pixie/query`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Pixie-Api-Key': KEY },
            body: JSON.stringify({ script: 'start=__time_from', from: 1000, to: 2000, intervalMs: 500 }),
          });
          expect(r.status).toBe(200);
          const body = await r.json();
          expect(body.status).toBe('success');
          expect(body.data.tables[0].columns.map((c: { name: string }) => c.name)).toEqual(['time_', 'service', 'requests', 'latency_p99', 'upid', 'error']);
          expect(seen.script).toBe('start=1000000000');

          const noKey = await fetch(`${base}/api/v1/pixie/query`, { method: 'POST', body: JSON.stringify({ script: 'x', from: 0, to: 1 }) });
          expect(noKey.status).toBe(400);
          expect((await noKey.json()).error).toContain('no Pixie API key');

          const badCluster = await fetch(`${base}/api/v1/pixie/query`, {
            method: 'POST',
            headers: { 'X-Pixie-Api-Key': KEY },
            body: JSON.stringify({ script: 'x', from: 0, to: 1, clusterId: 'abc' }),
          });
          expect((await badCluster.json()).error).toContain('must be a UUID');
        }
      );
      const h = pixieHealthHandler(config);
      await withServer(
        (req, res) => void h(req, res, new URL(req.url!, 'http://x')),
        async (base) => {
          const r = await fetch(`${base}/api/v1/pixie/health`, { headers: { 'X-Pixie-Api-Key': KEY } });
          expect(await r.json()).toEqual({ status: 'success', data: { healthy: true } });
        }
      );
    } finally {
      await v.stop();
    }
  });

  test('without pixie.address the endpoint says Pixie is not configured', async () => {
    const q = pixieQueryHandler(DEFAULT_PIXIE_CONFIG);
    await withServer(
      (req, res) => void q(req, res),
      async (base) => {
        const r = await fetch(`${base}/x`, { method: 'POST', body: JSON.stringify({ script: 'x', from: 0, to: 1 }) });
        expect(r.status).toBe(501);
        expect((await r.json()).error).toContain('pixie.address');
      }
    );
  });
});

describe('the companion serves the Pixie endpoints when pixie.address is configured', () => {
  test('POST /api/v1/pixie/query reaches Vizier with the configured key and cluster; no address, no endpoint', async () => {
    const seen: Seen = {};
    const v = await startVizier(seen);
    const raw = { upstream: { type: 'demo' }, listen: { port: 0 }, log: { level: 'error' } };
    const withPixie = await startCompanion(fromRaw({ ...raw, pixie: { address: v.address, tls: false, apiKey: KEY, clusterId: CLUSTER } }));
    const without = await startCompanion(fromRaw(raw));
    try {
      const r = await fetch(`${withPixie.url}/api/v1/pixie/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ script: 'import px', from: 0, to: 1000 }),
      });
      expect(r.status).toBe(200);
      expect((await r.json()).data.tables.length).toBeGreaterThan(0);
      expect(seen).toEqual({ apiKey: KEY, clusterId: CLUSTER, script: 'import px' });
      const off = await fetch(`${without.url}/api/v1/pixie/query`, { method: 'POST', body: '{}' });
      expect(off.status).toBe(404);
    } finally {
      await withPixie.close();
      await without.close();
      await v.stop();
    }
  });
});
