/**
 * Fuzz of every HTTP server we ship: the companion (`serve --demo`), the quick start's preview
 * server (which proxies the API to it) and the browser harness's static server, all in one child
 * process (fuzzServers.ts) so that a request ending a server ends that process and is seen.
 * Seeded and deterministic: a failure names its seed and index, and `fuzzRequest(seed, i, ...)`
 * rebuilds the request. Asserted: no connection error, no 5xx (except the 503 timeout Prometheus
 * gives for a timeout <= 0), every API answer a valid Prometheus JSON envelope, every server alive
 * and correct afterwards, and no internal error in the servers' log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { HANG_MS, until } from '../../support/until';
import {
  API_PATHS,
  type FuzzRequest,
  fuzzRequest,
  NON_POSITIVE_TIMEOUTS,
  rawRequests,
  STATIC_PATHS,
} from './requestGenerator';

const SEED = 20261205;
/** Requests in flight per server: enough to overlap, few enough for a busy 2-core machine. */
const CONCURRENCY = 6;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

type Kind = 'companion' | 'preview' | 'harness';

const PLAN: Array<{ kind: Kind; count: number; paths: readonly string[]; headBudget: number }> = [
  { kind: 'companion', count: 12_000, paths: API_PATHS, headBudget: 512 * 1024 },
  { kind: 'preview', count: 5_000, paths: [...API_PATHS, ...STATIC_PATHS], headBudget: 512 * 1024 },
  // Node's default limit on a request head (16 KiB) applies to the harness.
  { kind: 'harness', count: 3_000, paths: [...STATIC_PATHS, ...API_PATHS], headBudget: 12 * 1024 },
];

let child: ChildProcess;
let stderr = '';
let exited: string | undefined;
let urls: Record<Kind, string>;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fuzzServers.ts')], {
    cwd: join(__dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-1_000_000)));
  child.on('exit', (code, signal) => (exited = `fuzz servers exited (${code ?? signal}): ${stderr.slice(-4000)}`));
  urls = await until('the fuzz servers to print their URLs', () => {
    if (exited) {
      throw new Error(exited);
    }
    const line = stdout.split('\n')[0];
    return stdout.includes('\n') && (JSON.parse(line) as Record<Kind, string>);
  });
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
});

/** One request over a keep-alive agent; rejects on a connection error or a hang. */
function send(base: string, agent: Agent, r: FuzzRequest): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      // A redirect's Location repeats a long query: read answer heads as large as the servers' limit.
      {
        host: u.hostname,
        port: u.port,
        method: r.method,
        path: r.target,
        headers: r.headers,
        agent,
        maxHeaderSize: 2 << 20,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
        );
      }
    );
    // A bound against a hang, not a speed expectation.
    req.setTimeout(HANG_MS, () => req.destroy(new Error('no answer (hang)')));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Values of a form field as the companion reads them: the body's (a form POST), then the URL's. */
function fieldValues(r: FuzzRequest, name: string): string[] {
  const q = r.target.indexOf('?');
  const fromUrl = q < 0 ? [] : new URLSearchParams(r.target.slice(q + 1)).getAll(name);
  const fromBody = r.body && r.method === 'POST' ? new URLSearchParams(r.body.toString('utf8')).getAll(name) : [];
  return [...fromBody, ...fromUrl];
}

/** The text endpoints of the companion: everything else it answers is a JSON envelope. */
const TEXT_PATHS = new Set(['/-/healthy', '/-/ready', '/metrics']);

/** A target's path as the server reads it (absolute form stripped, escapes decoded). */
function decoded(path: string): string {
  try {
    return decodeURIComponent(path.replace(/^http:\/\/[^/]*/, ''));
  } catch {
    return path;
  }
}

/** What is wrong with an answer, or undefined when it is right. */
function check(kind: Kind, r: FuzzRequest, a: Answer): string | undefined {
  const rawPath = r.target.split('?')[0];
  const api =
    kind === 'companion' || (kind === 'preview' && ['/api/', '/-/', '/metrics'].some((p) => rawPath.startsWith(p)));
  let envelope:
    { status?: unknown; data?: unknown; errorType?: unknown; error?: unknown; warnings?: unknown } | undefined;
  const type = String(a.headers['content-type'] ?? '');
  const textAnswer = /^(text\/plain|application\/openmetrics-text)/.test(type) && TEXT_PATHS.has(decoded(rawPath));
  const hasBody = r.method !== 'HEAD' && a.status !== 204 && a.status !== 304;
  if (api && hasBody && !textAnswer) {
    if (!type.startsWith('application/json')) {
      return `API answer with Content-Type ${JSON.stringify(type)}, not JSON`;
    }
    try {
      envelope = JSON.parse(a.body.toString('utf8'));
    } catch {
      return 'API answer is not valid JSON';
    }
    if (typeof envelope !== 'object' || envelope === null) {
      return 'API answer is not a JSON object';
    }
    if (envelope.status === 'success') {
      if (!('data' in envelope) || a.status !== 200) {
        return `success envelope with HTTP ${a.status} or without data`;
      }
    } else if (envelope.status === 'error') {
      if (
        typeof envelope.errorType !== 'string' ||
        !envelope.errorType ||
        typeof envelope.error !== 'string' ||
        !envelope.error
      ) {
        return 'error envelope without errorType or error';
      }
      if (a.status < 300) {
        return `error envelope with HTTP ${a.status}`;
      }
    } else {
      return `envelope status ${JSON.stringify(envelope.status)}`;
    }
    if (
      envelope.warnings !== undefined &&
      !(Array.isArray(envelope.warnings) && envelope.warnings.every((w) => typeof w === 'string'))
    ) {
      return 'warnings is not a list of strings';
    }
  }
  if (a.status >= 500) {
    const promTimeout =
      a.status === 503 &&
      envelope?.errorType === 'timeout' &&
      fieldValues(r, 'timeout').some((t) => NON_POSITIVE_TIMEOUTS.has(t));
    if (!promTimeout) {
      return `HTTP ${a.status}`;
    }
  }
  return undefined;
}

interface Failure {
  kind: Kind;
  index: number;
  method: string;
  target: string;
  problem: string;
  answer: string;
}

/** What the answers were, to show the fuzz reaches every layer (not only the 400s of the front door). */
interface Tally {
  byStatus: Map<string, number>;
  /** Answers 200 to a query whose outermost call is one of ours: the engine ran. */
  derivedAnswers: number;
}

const DERIVED = /^\s*(anomaly_|forecast|time_to_exhaustion|trend_)/;

function record(tally: Tally, kind: Kind, r: FuzzRequest, a: Answer): void {
  const key = `${kind} ${a.status}`;
  tally.byStatus.set(key, (tally.byStatus.get(key) ?? 0) + 1);
  const path = decoded(r.target.split('?')[0]);
  if (a.status === 200 && /^\/api\/v1\/query(_range)?$/.test(path) && DERIVED.test(fieldValues(r, 'query')[0] ?? '')) {
    tally.derivedAnswers++;
  }
}

async function fuzzServer(
  kind: Kind,
  count: number,
  paths: readonly string[],
  headBudget: number,
  failures: Failure[],
  tally: Tally
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const r = fuzzRequest(SEED, i, paths, headBudget);
      let problem: string | undefined;
      let answer = '';
      try {
        const a = await send(urls[kind], agent, r);
        problem = check(kind, r, a);
        record(tally, kind, r, a);
        answer = `${a.status} ${a.body.toString('utf8').slice(0, 300)}`;
      } catch (err) {
        problem = `no answer: ${(err as Error).message}`;
      }
      sent++;
      if (problem && failures.length < 50) {
        failures.push({ kind, index: i, method: r.method, target: r.target.slice(0, 300), problem, answer });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return sent;
}

/** Writes raw bytes, closes the write side, and returns what came back before the server closed. */
function sendRaw(base: string, bytes: Buffer): Promise<string> {
  const u = new URL(base);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(u.port), u.hostname);
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    socket.setTimeout(HANG_MS, () => socket.destroy());
    socket.on('data', (c) => chunks.push(c));
    // A server may reset a connection it refused while bytes were still arriving: not a failure.
    socket.on('error', done);
    socket.on('close', done);
    socket.end(bytes);
  });
}

describe('HTTP fuzz of the companion, the preview server and the harness server', () => {
  it(
    'answers >= 20,000 seeded requests without a crash, a 5xx or a malformed API answer',
    async () => {
      const failures: Failure[] = [];
      const tally: Tally = { byStatus: new Map(), derivedAnswers: 0 };
      // The three servers at once, as a browser and Grafana would use them.
      const counts = await Promise.all(
        PLAN.map((p) => fuzzServer(p.kind, p.count, p.paths, p.headBudget, failures, tally))
      );
      const total = counts.reduce((a, b) => a + b, 0);
      if (process.env.FUZZ_TALLY) {
        process.stdout.write(
          `${JSON.stringify({ ...Object.fromEntries(tally.byStatus), derived: tally.derivedAnswers })}\n`
        );
      }
      expect(exited).toBeUndefined();
      expect(failures).toEqual([]);
      expect(total).toBeGreaterThanOrEqual(20_000);
      // The requests reach past the front door: answers of every kind, and evaluations of our functions.
      const reached = [
        'companion 200',
        'companion 301',
        'companion 400',
        'companion 404',
        'companion 405',
        'companion 413',
        'preview 200',
        'harness 404',
      ];
      expect(reached.filter((key) => (tally.byStatus.get(key) ?? 0) <= 10)).toEqual([]);
      expect(tally.derivedAnswers).toBeGreaterThan(10);
    },
    30 * 60_000
  );

  it(
    'survives malformed framing (bad request lines, headers, lengths, bytes outside ASCII, CONNECT)',
    async () => {
      const raw = rawRequests(SEED, 120);
      const bad: string[] = [];
      for (const kind of ['companion', 'preview', 'harness'] as Kind[]) {
        for (const [i, bytes] of raw.entries()) {
          const answer = await sendRaw(urls[kind], bytes);
          // Whatever came back is HTTP and not a server error; a closed connection is allowed.
          for (const m of answer.matchAll(/HTTP\/1\.[01] (\d{3})/g)) {
            if (Number(m[1]) >= 500) {
              bad.push(`${kind} raw #${i}: ${answer.slice(0, 300)}`);
            }
          }
          if (answer !== '' && !answer.startsWith('HTTP/1.')) {
            bad.push(`${kind} raw #${i}: not HTTP: ${answer.slice(0, 100)}`);
          }
          const head = bytes.subarray(0, 5).toString('latin1');
          if (
            kind === 'companion' &&
            head !== 'HEAD ' &&
            /^HTTP\/1\.1 4\d\d/.test(answer) &&
            !/\r\n\r\n\{"status":"error"/.test(answer)
          ) {
            bad.push(`${kind} raw #${i}: refusal without a JSON envelope: ${answer.slice(0, 300)}`);
          }
        }
      }
      expect(exited).toBeUndefined();
      expect(bad).toEqual([]);
    },
    30 * 60_000
  );

  it('every server is alive and right afterwards, and logged no internal error', async () => {
    const q = await fetch(`${urls.companion}/api/v1/query?query=1%2B1&time=1768478400`);
    expect(await q.json()).toEqual({ status: 'success', data: { resultType: 'scalar', result: [1768478400, '2'] } });
    const viaPreview = await fetch(`${urls.preview}/api/v1/label/job/values`);
    expect(await viaPreview.json()).toEqual({
      status: 'success',
      data: ['api', 'checkout', 'kube-state-metrics', 'kubelet', 'node'],
    });
    const page = await fetch(`${urls.harness}/`);
    expect(page.status).toBe(200);
    expect(exited).toBeUndefined();
    // The log holds JSON lines below error level only: no internal error, no stack, no stray output.
    const wrong = stderr.split('\n').filter((l) => {
      if (l.trim() === '') {
        return false;
      }
      try {
        return (JSON.parse(l) as { level?: string }).level === 'error';
      } catch {
        return true;
      }
    });
    expect(wrong).toEqual([]);
  });
});
