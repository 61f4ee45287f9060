/**
 * Protocol details where Grafana or another client may lean on Prometheus' exact behaviour: the
 * same request goes to the test Prometheus (Debian package, the reference) and to the companion in
 * front of it, and status, headers and envelope are compared.
 */
import { type IncomingHttpHeaders, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMETHEUS_API_VERSION } from '../../../companion/src/api/buildInfo';
import { MAX_HEADER_BYTES } from '../../../companion/src/api/clientError';
import { get, type Harness, postForm, startHarness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request with the target exactly as given (fetch would resolve `/./` and `..` first). */
function raw(base: string, method: string, target: string, form?: string): Promise<RawAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const body = form === undefined ? undefined : Buffer.from(form);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: target,
        headers: body
          ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) }
          : {},
        maxHeaderSize: 4 << 20,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

const both = async <T>(f: (base: string) => Promise<T>): Promise<{ theirs: T; ours: T }> => ({
  theirs: await f(h.prom.url),
  ours: await f(h.companion.url),
});

describe('/api/v1/format_query (Grafana\'s "Format query")', () => {
  it.each([
    ['a plain query', { query: 'sum(rate(bw_cpu[5m]))by(instance)' }],
    ['a syntax error', { query: 'sum(' }],
    ['no query', {}],
  ])('%s: the same answer as Prometheus, by GET and by POST', async (_name, form: Record<string, string>) => {
    const byGet = await both((b) => get(b, '/api/v1/format_query', form));
    expect(byGet.ours).toEqual(byGet.theirs);
    const byPost = await both((b) => postForm(b, '/api/v1/format_query', form));
    expect(byPost.ours).toEqual(byPost.theirs);
  });

  it('in a call of ours, the inner query is formatted as Prometheus formats it; the rest stays', async () => {
    const inner = 'sum(rate(bw_cpu[5m]))by(instance)';
    const theirs = await get(h.prom.url, '/api/v1/format_query', { query: inner });
    expect(theirs.body.data).toBe('sum by (instance) (rate(bw_cpu[5m]))');
    const ours = await get(h.companion.url, '/api/v1/format_query', {
      query: `  anomaly_score( ${inner} , "model=mad")  > 0.5 `,
    });
    expect(ours).toEqual({
      status: 200,
      body: { status: 'success', data: `anomaly_score( ${theirs.body.data} , "model=mad")  > 0.5` },
    });
  });

  it("an error in the inner query is the upstream's, an error in ours is ours with its position", async () => {
    const theirs = await get(h.prom.url, '/api/v1/format_query', { query: 'rate(bw_cpu' });
    expect(await get(h.companion.url, '/api/v1/format_query', { query: 'anomaly_score(rate(bw_cpu)' })).toEqual({
      status: 400,
      body: {
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "query": 1:27: parse error: unexpected end of input: expected ")"',
      },
    });
    expect(theirs.status).toBe(400);
    expect(
      await get(h.companion.url, '/api/v1/format_query', { query: 'anomaly_score(rate(bw_cpu), "model=mad")' })
    ).toEqual(await get(h.prom.url, '/api/v1/format_query', { query: 'rate(bw_cpu)' }));
  });
});

describe('timeout=', () => {
  it.each(['-1', '0', '-0.5'])('timeout=%s: a 503 timeout, as Prometheus gives', async (timeout) => {
    const { theirs, ours } = await both((b) => get(b, '/api/v1/query', { query: '1', timeout }));
    expect(theirs.status).toBe(503);
    expect(theirs.body.errorType).toBe('timeout');
    expect([ours.status, ours.body.status, ours.body.errorType]).toEqual([503, 'error', 'timeout']);
    // The same for a call of ours, which never reaches the upstream.
    const derived = await get(h.companion.url, '/api/v1/query', { query: 'anomaly_score(bw_cpu)', timeout });
    expect([derived.status, derived.body.errorType]).toEqual([503, 'timeout']);
  });

  it.each(['-5s', 'abc', '1e400'])('timeout=%s: the same 400 as Prometheus', async (timeout) => {
    const { theirs, ours } = await both((b) => get(b, '/api/v1/query', { query: '1', timeout }));
    expect(theirs.status).toBe(400);
    expect(ours).toEqual(theirs);
  });
});

describe('paths that are not clean', () => {
  it.each([
    '//x/api/v1/query?query=1',
    '//api/v1/query?query=1',
    '/api/v1//query?query=1',
    '/api/v1/./query?query=1',
    '/api/x/../v1/query?query=1',
  ])('GET %s: 301 to the same clean Location as Prometheus (not served as /api/v1/query)', async (target) => {
    const { theirs, ours } = await both((b) => raw(b, 'GET', target));
    expect(theirs.status).toBe(301);
    expect([ours.status, ours.headers.location]).toEqual([301, theirs.headers.location]);
    expect(JSON.parse(ours.body).status).toBe('error');
  });

  it('POST too', async () => {
    const { theirs, ours } = await both((b) => raw(b, 'POST', '//api/v1/query', 'query=1'));
    expect(theirs.status).toBe(301);
    expect([ours.status, ours.headers.location]).toEqual([301, theirs.headers.location]);
  });

  it('an escaped slash in a label name does not make a new path segment match', async () => {
    const { theirs, ours } = await both((b) => raw(b, 'GET', '/api/v1/label/a%2Fb/values'));
    expect(theirs.status).toBe(404);
    expect([ours.status, JSON.parse(ours.body).errorType]).toEqual([404, 'not_found']);
  });

  it('a malformed escape is a 400 (Prometheus: plain text, ours: an envelope)', async () => {
    for (const target of ['/%zz', '/%', '/api/v1/label/%zz/values']) {
      const { theirs, ours } = await both((b) => raw(b, 'GET', target));
      expect(theirs.status).toBe(400);
      expect([ours.status, JSON.parse(ours.body).errorType]).toEqual([400, 'bad_data']);
    }
  });

  it('an escaped label name reaches the upstream as the same name', async () => {
    const { theirs, ours } = await both((b) => raw(b, 'GET', '/api/v1/label/%69nstance/values'));
    expect(theirs.status).toBe(200);
    expect(ours).toMatchObject({ status: 200, body: theirs.body });
  });
});

describe('a field in both the URL and a POST body', () => {
  it('the body wins, as in Prometheus', async () => {
    const { theirs, ours } = await both((b) => raw(b, 'POST', '/api/v1/query?query=1&time=100', 'query=2'));
    expect(JSON.parse(theirs.body).data.result).toEqual([100, '2']);
    expect(ours.body).toBe(theirs.body);
  });

  it('every match[] is used, the body first', async () => {
    const { theirs, ours } = await both((b) =>
      raw(
        b,
        'POST',
        '/api/v1/series?match[]=bw_cpu',
        `match[]=bw_disk_avail_bytes&start=${h.start / 1000}&end=${h.end / 1000}`
      )
    );
    expect(JSON.parse(theirs.body).data.length).toBeGreaterThan(1);
    expect(ours.body).toBe(theirs.body);
  });
});

describe('long GET requests', () => {
  it('a 100 KB query in the URL is answered as by Prometheus (Node alone refuses over 16 KiB)', async () => {
    // Long, yet cheap to evaluate: one long alternative in a regular expression.
    const query = `count(bw_cpu{instance=~"node-a|node-b|${'z'.repeat(100_000)}"})`;
    const time = String(h.end / 1000);
    const target = `/api/v1/query?${new URLSearchParams({ query, time })}`;
    expect(target.length).toBeGreaterThan(100_000);
    const { theirs, ours } = await both((b) => raw(b, 'GET', target));
    expect(JSON.parse(theirs.body)).toEqual({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [Number(time), '2'] }] },
    });
    expect([ours.status, ours.body]).toEqual([theirs.status, theirs.body]);
  });

  it('a request head over the limit (1 MiB, as in Go) is a 431 in an envelope', async () => {
    const ours = await raw(h.companion.url, 'GET', `/api/v1/query?query=${'1'.repeat(MAX_HEADER_BYTES + 1000)}`);
    expect(ours.status).toBe(431);
    expect(JSON.parse(ours.body)).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: `request line and headers are larger than the limit of ${MAX_HEADER_BYTES} bytes; send a long query as a POST form`,
    });
    // The server is still there.
    expect((await get(h.companion.url, '/-/healthy')).status).toBe(200);
  });
});

describe('/api/v1/status/buildinfo', () => {
  it("reports Prometheus' fields with an API level the reference Prometheus has, and our version apart", async () => {
    const { theirs, ours } = await both((b) => get(b, '/api/v1/status/buildinfo'));
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(Object.keys(ours.body.data)).toEqual(expect.arrayContaining(Object.keys(theirs.body.data)));
    expect(ours.body.data.version).toBe(PROMETHEUS_API_VERSION);
    expect(ours.body.data.bellwetherVersion).toBe(pkg.version);
    expect(ours.body.data.features).toBeUndefined(); // Grafana would take a features map for Mimir
    // Claiming a newer Prometheus than the one the answers are compared with would be untested.
    const semver = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
    const [a, b] = [semver(ours.body.data.version), semver(theirs.body.data.version)];
    expect(a[0]).toBe(b[0]);
    expect(a[1] * 1000 + a[2]).toBeLessThanOrEqual(b[1] * 1000 + b[2]);
  });
});
