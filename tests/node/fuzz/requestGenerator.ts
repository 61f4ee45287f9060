/**
 * A seeded generator of hostile HTTP requests for the fuzz test: the same seed gives the same
 * requests, so a failure is reproduced by its seed and index. Requests are well-framed HTTP that
 * node:http can send (paths in printable ASCII); malformed framing is in `rawRequests`.
 */

/** One request to send. */
export interface FuzzRequest {
  method: string;
  /** Request target as sent (path and query, not normalised). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Mulberry32: a small, fast, seeded 32-bit generator (public domain). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pick helpers over one random stream. */
class Dice {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  ascii(len: number, alphabet = PRINTABLE): string {
    let s = '';
    for (let i = 0; i < len; i++) {
      s += alphabet[this.int(alphabet.length)];
    }
    return s;
  }
}

/** Printable ASCII without space: what node:http sends in a path unchanged. */
const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

/** Endpoints of the companion (and, through the preview, of the demo). */
export const API_PATHS = [
  // The query endpoints, where the engine runs, more often than the rest.
  ...Array(4).fill('/api/v1/query'),
  ...Array(4).fill('/api/v1/query_range'),
  '/api/v1/labels',
  '/api/v1/series',
  '/api/v1/label/job/values',
  '/api/v1/label/__name__/values',
  '/api/v1/metadata',
  '/api/v1/format_query',
  '/api/v1/status/buildinfo',
  '/api/v1/query_exemplars',
  '/api/v1/rules',
  '/api/v1/alerts',
  '/api/v1/targets/metadata',
  '/api/v1/pixie/query',
  '/api/v1/nope',
  '/api/v2/query',
  '/-/healthy',
  '/-/ready',
  '/metrics',
];

/** Paths of the static servers (small files or none: the test is about answers, not bytes). */
export const STATIC_PATHS = [
  '/',
  '/index.html',
  '/favicon.ico',
  '/harness/',
  '/harness/nope.js',
  '/dist/plugin.json',
  '/dist/img/logo.svg',
  '/dist/../package.json',
  '/harness/../../etc/passwd',
  '/preview/nope.js',
  '/public/build/img/icons/unicons/spinner.svg',
  '/public/build/img/icons/unicons/../../../../../package.json',
];

const METRICS = [
  'up',
  'instance:node_cpu_utilisation:rate5m',
  'node_filesystem_avail_bytes{mountpoint="/var/lib/postgresql"}',
  'process_resident_memory_bytes',
  'rate(http_requests_total[5m])',
  'http_request_duration_seconds',
];

const FUNCS = [
  'anomaly_score',
  'anomaly_upper',
  'anomaly_lower',
  'forecast',
  'forecast_upper',
  'time_to_exhaustion',
  'trend_slope',
  'trend_pvalue',
];

/** Options that make a cheap valid call (a short training window on a coarse grid). */
const GOOD_OPTIONS = [
  '"train=2h step=5m"',
  '"model=mad train=2h step=5m"',
  '"train=3h step=10m refit=1h"',
  '"model=linear train=2h step=5m"',
];

const OPTIONS = [
  ...GOOD_OPTIONS,
  '"model=mad train=2h step=5m"',
  '"model=nope"',
  '"train=-1h"',
  '"sensitivity=NaN train=2h step=5m"',
  '"step=0s"',
  '"train=1e400d"',
  '"season=banana"',
  '"level=2"',
  '"resolution=1ms train=2h step=5m"',
  '"refit=0s"',
  '"direction=sideways"',
  '"min=5 max=1 train=2h step=5m"',
  '"bogus=1"',
  '""',
  '"',
  '"\\x"',
  "'train=2h'",
];

/** Query texts: valid plain and derived queries, broken syntax, and junk. */
function queryText(d: Dice): string {
  switch (d.int(10)) {
    case 0:
      return d.pick(['1+1', '1', 'up', '-1', '1/0', '(((1)))', 'sum(up)', 'vector(1)']);
    case 1:
      return d.pick(METRICS);
    case 2:
    case 3: {
      const f = d.pick(FUNCS);
      const m = d.pick(METRICS);
      const arg = f.startsWith('forecast')
        ? d.pick([', 1h', ', 0s', ', -1h', ', banana', ''])
        : f === 'time_to_exhaustion'
          ? d.pick([', 0', ', 1e308', ', NaN', ''])
          : '';
      const opts = ', ' + d.pick(d.chance(0.5) ? GOOD_OPTIONS : OPTIONS);
      const cmp = d.chance(0.2) ? d.pick([' > 0.5', ' > bool 0.9', ' < ', ' == NaN', ' > "x"']) : '';
      return `${f}(${m}${arg}${opts})${cmp}`;
    }
    case 4:
      return d.pick([
        'sum(',
        'anomaly_score(',
        'anomaly_score()',
        'anomaly_score(up,',
        'forecast(up)',
        'sum(anomaly_score(up))',
        'x{a=~"("}',
        'x{a="\\x"}',
        'x{a="\\u12"}',
        'x{',
        '{}',
        'rate(x[0s])',
        'rate(x[banana])',
        'anomaly_score(x{a="b", c=~"["})',
      ]);
    case 5:
      return '('.repeat(1 + d.int(3000)) + '1' + ')'.repeat(d.int(3000));
    case 6:
      return '-'.repeat(1 + d.int(3000)) + '1';
    case 7:
      return d.ascii(d.int(200));
    case 8:
      return d.pick(['', ' ', '\u0000', '\uffff', 'é', '\ud800', '😀', '\r\n']) + d.pick(METRICS);
    default:
      return `${d.pick(FUNCS)}(${d.pick(['(', ')', ',', '"', '[', ']', '{', '}'])}${d.ascii(d.int(30))}`;
  }
}

const TIMES = [
  '',
  '0',
  '-1',
  '1768478400',
  '1768478400.5',
  '1e400',
  'NaN',
  'Inf',
  '-Inf',
  'now',
  '2026-01-15T12:00:00Z',
  '2026-13-45T99:99:99Z',
  '9999999999999',
  '0x10',
  ' 1 ',
];
const STEPS = ['', '0', '-1', '15', '60', '5m', '1h', '0.001', '1e-9', '1e400', 'NaN', 'banana', '-5s', '1d'];
/** Timeouts: none is a small positive number, so no answer depends on how fast the server is. */
const TIMEOUTS = ['', '-1', '0', '0s', '-5s', 'abc', '30s', '1m', '1e400', 'NaN', '2h', '-0.5'];

/** Timeout values the companion answers with an immediate 503 timeout, as Prometheus does. */
export const NON_POSITIVE_TIMEOUTS = new Set(['-1', '0', '0s', '-0.5']);

/** Form fields for an endpoint, sometimes with junk fields. */
function params(d: Dice): URLSearchParams {
  const p = new URLSearchParams();
  if (d.chance(0.9)) {
    p.append('query', queryText(d));
  }
  if (d.chance(0.5)) {
    p.append('time', d.chance(0.6) ? '1768478400' : d.pick(TIMES));
  }
  if (d.chance(0.6)) {
    // Mostly a short window before the pinned clock: cheap for the demo upstream.
    const end = d.chance(0.7) ? '1768478400' : d.pick(TIMES);
    const start = d.chance(0.7) ? String(1768478400 - d.pick([0, 600, 3600, 7200])) : d.pick(TIMES);
    p.append('start', start);
    p.append('end', end);
    p.append('step', d.chance(0.6) ? '300' : d.pick(STEPS));
  }
  if (d.chance(0.3)) {
    p.append('timeout', d.pick(TIMEOUTS));
  }
  if (d.chance(0.3)) {
    p.append('match[]', d.pick(['up', '{job="node"}', '{', 'x{a=~"(("}', '', '{__name__=~".+"}', 'rate(x[5m])']));
  }
  if (d.chance(0.1)) {
    p.append('limit', d.pick(['1', '-1', 'x', '1e400']));
  }
  if (d.chance(0.1)) {
    p.append(d.ascii(d.int(10)), d.ascii(d.int(10)));
  }
  if (d.chance(0.05)) {
    p.append('query', queryText(d)); // a repeated field: the first wins
  }
  return p;
}

/** Mutations of a path: doubled slashes, dot segments, escapes valid and not, long segments. */
function mutatePath(d: Dice, path: string): string {
  // Never before the leading "/": a target that is not a path is in rawRequests.
  const at = (s: string, insert: string) => {
    const i = 1 + d.int(s.length);
    return s.slice(0, i) + insert + s.slice(i);
  };
  switch (d.int(14)) {
    case 0:
      return at(path, '/');
    case 1:
      return at(path, d.pick(['/./', '/../', '/..', '/.']));
    case 2:
      return at(
        path,
        d.pick(['%zz', '%', '%g1', '%C3', '%FF', '%00', '%2F', '%2E%2E', '%E0%A4%A', '%C0%AE', '%25', '%u1234', '%%'])
      );
    case 3:
      // A valid escape of a character that needs none.
      return path.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    case 4:
      return path + '/' + 'a'.repeat(1 + d.int(d.chance(0.1) ? 30_000 : 300));
    case 5:
      return at(path, d.ascii(1 + d.int(8), PRINTABLE.replace(/[?#]/g, '')));
    case 6:
      return path.toUpperCase();
    case 7:
      return path + '/';
    case 8:
      return (
        '/api/v1/label/' +
        d.pick(['', '%E9', '%C3%A9', 'a%2Fb', '%zz', 'a%20b', '__name__', 'x'.repeat(300), '..', '.']) +
        '/values'
      );
    case 9:
      return '//' + d.ascii(d.int(6), 'abcxyz:[]@.') + path;
    case 10:
      return 'http://example.test' + path;
    default:
      return path;
  }
}

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8',
  'application/json',
  'multipart/form-data; boundary=x',
  'text/plain',
  '',
  'application/x-www-form-urlencoded;;;',
];

/** Extra headers: some harmless, some odd, a few huge. */
function headers(d: Dice): Record<string, string> {
  const h: Record<string, string> = {};
  const n = d.int(4);
  for (let i = 0; i < n; i++) {
    switch (d.int(12)) {
      case 0:
        h.Authorization = d.pick(['Bearer x', 'Basic !!!', 'Bearer ', 'Bearer ' + 'x'.repeat(5000), 'Negotiate']);
        break;
      case 1:
        h.Accept = d.pick(['application/openmetrics-text', '*/*', 'text/html', ';;;', 'application/json;q=0']);
        break;
      case 2:
        h['Accept-Encoding'] = d.pick(['gzip', 'br', 'identity;q=0', '*']);
        break;
      case 3:
        h.Origin = d.pick(['http://grafana.test', 'null', 'http://evil.test']);
        break;
      case 4:
        // (`Connection: Upgrade` is in rawRequests: node:http's client gives up on a refused upgrade.)
        h.Connection = d.pick(['close', 'keep-alive']);
        h.Upgrade = d.pick(['websocket', 'h2c']);
        break;
      case 5:
        h.Expect = '100-continue';
        break;
      case 6:
        h['X-' + d.ascii(1 + d.int(10), 'abcdefghijklmnopqrstuvwxyz-')] = d.ascii(d.int(100));
        break;
      case 7:
        h.Cookie = d.ascii(d.int(200));
        break;
      case 8:
        h['X-Big'] = 'b'.repeat(1 + d.int(d.chance(0.1) ? 200_000 : 20_000));
        break;
      case 9:
        h['Content-Type'] = d.pick(CONTENT_TYPES);
        break;
      case 10:
        h['X-Pixie-Api-Key'] = d.ascii(d.int(40));
        break;
      default:
        h.Range = d.pick(['bytes=0-10', 'bytes=-1', 'bytes=x']);
    }
  }
  return h;
}

/** Bodies: forms (some broken), JSON, binary, invalid UTF-8, over the companion's body limit. */
function body(d: Dice, form: URLSearchParams): Buffer {
  switch (d.int(8)) {
    case 0:
    case 1:
    case 2:
      return Buffer.from(form.toString());
    case 3:
      return Buffer.from(d.pick(['query=%zz', 'query=%', '=&=&&', 'query', '%C3=%C3', 'query=1&query=2&time=%FF']));
    case 4:
      return Buffer.from(JSON.stringify({ script: d.ascii(d.int(40)), from: d.pick([0, 'x', null]), to: 1 }));
    case 5:
      return Buffer.from(Array.from({ length: d.int(512) }, () => d.int(256)));
    case 6:
      return Buffer.from('query=' + 'x'.repeat(3000 + d.int(6000))); // around the 4 KiB limit
    default:
      return Buffer.alloc(0);
  }
}

const METHODS = [
  ...Array(6).fill('GET'),
  ...Array(6).fill('POST'),
  'HEAD',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
];

/**
 * The `i`-th request of a run for a server whose paths are `paths`, with a request head (target and
 * headers) of at most `headBudget` bytes: a server closing a connection on a head over its limit
 * may reset it before the client reads the answer, so heads over a limit go in `rawRequests`.
 */
export function fuzzRequest(seed: number, i: number, paths: readonly string[], headBudget: number): FuzzRequest {
  for (let attempt = 0; ; attempt++) {
    const req = draw(new Dice(rng((seed * 1_000_003 + i * 7919 + attempt) >>> 0)), paths);
    const head = req.target.length + Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    if (head <= headBudget) {
      return req;
    }
  }
}

function draw(d: Dice, paths: readonly string[]): FuzzRequest {
  const method = d.pick(METHODS);
  let path = d.pick(paths);
  if (d.chance(0.4)) {
    path = mutatePath(d, path);
  }
  const form = params(d);
  const asBody = method !== 'GET' && method !== 'HEAD' && d.chance(0.8);
  let query = asBody && d.chance(0.7) ? '' : form.toString();
  if (d.chance(0.05)) {
    query += d.pick(['&query=%zz', '&%', '&&&=', '&query=%E0%A4%A', '#frag', '&match[]=%']);
  }
  const h = headers(d);
  const req: FuzzRequest = {
    method,
    target: path + (query ? (path.includes('?') ? '&' : '?') + query : ''),
    headers: h,
  };
  if (asBody) {
    req.body = body(d, form);
    // Explicit: node:http frames a DELETE, OPTIONS or TRACE body by neither length nor chunks.
    h['Content-Length'] = String(req.body.length);
    if (!('Content-Type' in h)) {
      h['Content-Type'] = d.chance(0.85) ? 'application/x-www-form-urlencoded' : d.pick(CONTENT_TYPES);
    }
  }
  return req;
}

/**
 * Byte sequences node:http cannot send: broken request lines and headers, bytes outside ASCII,
 * conflicting lengths, bad chunking, CONNECT. Each is written whole and the write side closed.
 */
export function rawRequests(seed: number, count: number): Buffer[] {
  const d = new Dice(rng(seed ^ 0x5bd1e995));
  const fixed = [
    'GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /% HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/9.9\r\nHost: x\r\n\r\n',
    'GARBAGE\r\n\r\n',
    '\r\n\r\n',
    'GET\r\n\r\n',
    'GET /api/v1/query?query=1\r\n\r\n',
    'FOO /api/v1/query HTTP/1.1\r\nHost: x\r\n\r\n',
    'CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n',
    'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET api/v1/query HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\n folded: continuation\r\n\r\n',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nquery',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nquery=1\r\n0\r\n\r\n',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n',
    'POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nquery=1',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\nX: \u0001\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.0\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nX-Long: ' + 'a'.repeat(2_000_000) + '\r\n\r\n',
    'GET /' + 'a'.repeat(2_000_000) + ' HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /%zz HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /api/v1/query?query=1 HTTP/1.1\nHost: x\n\n',
    'GET /api/v1/query?query=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
    'OPTIONS /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n',
    'GET p=x/api/v1/query HTTP/1.1\r\nHost: x\r\n\r\n',
    'HEAD p=x/api/v1/query HTTP/1.1\r\nHost: x\r\n\r\n',
  ].map((s) => Buffer.from(s, 'latin1'));
  const out = [...fixed];
  while (out.length < count) {
    const path = d.pick([...API_PATHS, ...STATIC_PATHS]);
    const bytes = Array.from({ length: 1 + d.int(12) }, () => 0x80 + d.int(128));
    const junk = Buffer.from(bytes);
    const where = d.int(3);
    const head = Buffer.from(`${d.pick(['GET', 'POST', 'HEAD'])} ${path}`, 'latin1');
    const tail = Buffer.from(' HTTP/1.1\r\nHost: x\r\n', 'latin1');
    const header = where === 2 ? Buffer.concat([Buffer.from('X-Junk: '), junk, Buffer.from('\r\n')]) : Buffer.alloc(0);
    out.push(
      Buffer.concat([
        head,
        where === 0 ? junk : Buffer.alloc(0),
        where === 1 ? Buffer.concat([Buffer.from('?query='), junk]) : Buffer.alloc(0),
        tail,
        header,
        Buffer.from('\r\n'),
      ])
    );
  }
  return out;
}
