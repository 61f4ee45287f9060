/**
 * Reads and checks a harness result file (schema `bellwether.ebpf-bench/v1`) from JSON text or an
 * already-parsed value. Checks the same shape as `resultSchema.json` plus what a JSON schema cannot say
 * (every rate has runs, the baseline has no agent figures, percentiles are ordered), and names the
 * first problem with its path so a user importing a file sees what to fix.
 */
import { EbpfModelError } from './errors';
import {
  BenchResult,
  BenchRun,
  ClientStats,
  HostInfo,
  RESULT_SCHEMA_ID,
  ResourceStats,
  WatchedProcess,
} from './resultTypes';

type Obj = Record<string, unknown>;

function fail(path: string, message: string): never {
  throw new EbpfModelError('bad_result', message, path);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    fail(path, `expected an object, got ${describe(v)}`);
  }
  return v as Obj;
}

function describe(v: unknown): string {
  if (v === null) {
    return 'null';
  }
  if (Array.isArray(v)) {
    return 'an array';
  }
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `${typeof v} ${String(v)}`;
}

function str(o: Obj, key: string, path: string, optional = false): string {
  const v = o[key];
  if (v === undefined && optional) {
    return undefined as unknown as string;
  }
  if (typeof v !== 'string') {
    fail(`${path}.${key}`, `expected a string, got ${describe(v)}`);
  }
  return v;
}

function num(o: Obj, key: string, path: string, opts: { min?: number; positive?: boolean; integer?: boolean } = {}): number {
  const v = o[key];
  const p = `${path}.${key}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    fail(p, `expected a finite number, got ${describe(v)}`);
  }
  if (opts.integer && !Number.isInteger(v)) {
    fail(p, `expected an integer, got ${v}`);
  }
  if (opts.positive && v <= 0) {
    fail(p, `expected a number above 0, got ${v}`);
  }
  if (opts.min !== undefined && v < opts.min) {
    fail(p, `expected at least ${opts.min}, got ${v}`);
  }
  return v;
}

function isoTime(o: Obj, key: string, path: string): string {
  const s = str(o, key, path);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s) || Number.isNaN(Date.parse(s))) {
    fail(`${path}.${key}`, `expected an ISO-8601 date-time, got ${JSON.stringify(s)}`);
  }
  return s;
}

function onlyKeys(o: Obj, allowed: string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      fail(`${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }
}

function readWatch(v: unknown, path: string): WatchedProcess {
  const o = obj(v, path);
  onlyKeys(o, ['sampler', 'pids', 'containers'], path);
  const sampler = o.sampler;
  if (sampler !== 'proc' && sampler !== 'cadvisor') {
    fail(`${path}.sampler`, `expected "proc" or "cadvisor", got ${describe(sampler)}`);
  }
  const out: WatchedProcess = { sampler };
  if (o.pids !== undefined) {
    if (!Array.isArray(o.pids) || o.pids.some((p) => !Number.isInteger(p) || (p as number) < 1)) {
      fail(`${path}.pids`, 'expected an array of positive integer process ids');
    }
    out.pids = o.pids as number[];
  }
  if (o.containers !== undefined) {
    if (!Array.isArray(o.containers) || o.containers.some((c) => typeof c !== 'string' || c === '')) {
      fail(`${path}.containers`, 'expected an array of container names');
    }
    out.containers = o.containers as string[];
  }
  return out;
}

function readHost(v: unknown, path: string): HostInfo {
  const o = obj(v, path);
  onlyKeys(o, ['hostname', 'kernel', 'os', 'arch', 'cpus', 'cpuModel', 'memTotalBytes', 'nodeVersion'], path);
  return {
    hostname: str(o, 'hostname', path),
    kernel: str(o, 'kernel', path),
    os: str(o, 'os', path),
    arch: str(o, 'arch', path),
    cpus: num(o, 'cpus', path, { integer: true, min: 1 }),
    cpuModel: str(o, 'cpuModel', path),
    memTotalBytes: num(o, 'memTotalBytes', path, { min: 0 }),
    nodeVersion: str(o, 'nodeVersion', path),
  };
}

function readResources(v: unknown, path: string): ResourceStats {
  const o = obj(v, path);
  onlyKeys(o, ['cpuCores', 'cpuCoresMax', 'memoryBytesAvg', 'memoryBytesMax', 'samples'], path);
  const r: ResourceStats = {
    cpuCores: num(o, 'cpuCores', path, { min: 0 }),
    cpuCoresMax: num(o, 'cpuCoresMax', path, { min: 0 }),
    memoryBytesAvg: num(o, 'memoryBytesAvg', path, { min: 0 }),
    memoryBytesMax: num(o, 'memoryBytesMax', path, { min: 0 }),
    samples: num(o, 'samples', path, { integer: true, min: 1 }),
  };
  if (r.memoryBytesMax < r.memoryBytesAvg) {
    fail(`${path}.memoryBytesMax`, `is below memoryBytesAvg (${r.memoryBytesMax} < ${r.memoryBytesAvg})`);
  }
  return r;
}

function readClient(v: unknown, path: string): ClientStats {
  const o = obj(v, path);
  onlyKeys(o, ['requests', 'achievedRps', 'errors', 'timeouts', 'non2xx', 'latencyMs', 'latencyMeanMs', 'latencyMaxMs'], path);
  const lp = `${path}.latencyMs`;
  const lat = obj(o.latencyMs, lp);
  const latencyMs: Record<string, number> = {};
  for (const k of Object.keys(lat)) {
    if (!/^p[0-9]+(_[0-9]+)?$/.test(k)) {
      fail(`${lp}.${k}`, 'percentile keys look like "p50", "p99" or "p99_9"');
    }
    latencyMs[k] = num(lat, k, lp, { min: 0 });
  }
  for (const k of ['p50', 'p90', 'p99']) {
    if (latencyMs[k] === undefined) {
      fail(`${lp}.${k}`, 'missing (p50, p90 and p99 are required)');
    }
  }
  if (!(latencyMs.p50 <= latencyMs.p90 && latencyMs.p90 <= latencyMs.p99)) {
    fail(lp, `percentiles are not ordered (p50 ${latencyMs.p50}, p90 ${latencyMs.p90}, p99 ${latencyMs.p99})`);
  }
  return {
    requests: num(o, 'requests', path, { integer: true, min: 0 }),
    achievedRps: num(o, 'achievedRps', path, { min: 0 }),
    errors: num(o, 'errors', path, { integer: true, min: 0 }),
    timeouts: num(o, 'timeouts', path, { integer: true, min: 0 }),
    non2xx: num(o, 'non2xx', path, { integer: true, min: 0 }),
    latencyMs: latencyMs as ClientStats['latencyMs'],
    latencyMeanMs: num(o, 'latencyMeanMs', path, { min: 0 }),
    latencyMaxMs: num(o, 'latencyMaxMs', path, { min: 0 }),
  };
}

function readRun(v: unknown, path: string, hasAgent: boolean): BenchRun {
  const o = obj(v, path);
  onlyKeys(o, ['rateRps', 'index', 'startedAt', 'durationSeconds', 'client', 'service', 'agent'], path);
  const run: BenchRun = {
    rateRps: num(o, 'rateRps', path, { positive: true }),
    index: num(o, 'index', path, { integer: true, min: 1 }),
    startedAt: isoTime(o, 'startedAt', path),
    durationSeconds: num(o, 'durationSeconds', path, { positive: true }),
    client: readClient(o.client, `${path}.client`),
    service: readResources(o.service, `${path}.service`),
  };
  if (hasAgent) {
    if (o.agent === undefined) {
      fail(`${path}.agent`, 'missing: every run of an agent configuration records the agent\'s CPU and memory');
    }
    run.agent = readResources(o.agent, `${path}.agent`);
  } else if (o.agent !== undefined) {
    fail(`${path}.agent`, 'present in a baseline file (agent.kind "none")');
  }
  return run;
}

/**
 * Parses a result file.
 * @param input JSON text or an already-parsed value.
 * @throws EbpfModelError (`bad_result`) naming the first problem and its path.
 * @example parseResult(fs.readFileSync('beyla.json', 'utf8')).agent.name // "Beyla"
 */
export function parseResult(input: string | unknown): BenchResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new EbpfModelError('bad_result', `not JSON: ${(e as Error).message}`);
    }
  }
  const root = obj(value, '$');
  if (root.schema !== RESULT_SCHEMA_ID) {
    fail('$.schema', `expected "${RESULT_SCHEMA_ID}", got ${describe(root.schema)}; is this a Bellwether ebpf-bench result?`);
  }
  onlyKeys(root, ['schema', 'meta', 'target', 'load', 'agent', 'runs'], '$');

  const m = obj(root.meta, '$.meta');
  onlyKeys(m, ['tool', 'toolVersion', 'createdAt', 'host', 'notes'], '$.meta');
  const meta: BenchResult['meta'] = {
    tool: str(m, 'tool', '$.meta'),
    toolVersion: str(m, 'toolVersion', '$.meta'),
    createdAt: isoTime(m, 'createdAt', '$.meta'),
    host: readHost(m.host, '$.meta.host'),
  };
  if (m.notes !== undefined) {
    meta.notes = str(m, 'notes', '$.meta');
  }

  const t = obj(root.target, '$.target');
  onlyKeys(t, ['name', 'url', 'method', 'watch'], '$.target');
  const target: BenchResult['target'] = {
    name: str(t, 'name', '$.target'),
    url: str(t, 'url', '$.target'),
    method: str(t, 'method', '$.target'),
    watch: readWatch(t.watch, '$.target.watch'),
  };

  const l = obj(root.load, '$.load');
  onlyKeys(
    l,
    ['generator', 'generatorVersion', 'openLoop', 'ratesRps', 'connections', 'warmupSeconds', 'durationSeconds', 'runsPerRate', 'latencyResolutionMs'],
    '$.load'
  );
  if (!Array.isArray(l.ratesRps) || l.ratesRps.length === 0) {
    fail('$.load.ratesRps', 'expected a non-empty array of request rates');
  }
  const ratesRps = (l.ratesRps as unknown[]).map((_, i) => num(l.ratesRps as unknown as Obj, String(i), '$.load.ratesRps', { positive: true }));
  if (typeof l.openLoop !== 'boolean') {
    fail('$.load.openLoop', `expected true or false, got ${describe(l.openLoop)}`);
  }
  const load: BenchResult['load'] = {
    generator: str(l, 'generator', '$.load'),
    generatorVersion: str(l, 'generatorVersion', '$.load'),
    openLoop: l.openLoop,
    ratesRps,
    connections: num(l, 'connections', '$.load', { integer: true, min: 1 }),
    warmupSeconds: num(l, 'warmupSeconds', '$.load', { min: 0 }),
    durationSeconds: num(l, 'durationSeconds', '$.load', { positive: true }),
    runsPerRate: num(l, 'runsPerRate', '$.load', { integer: true, min: 1 }),
    latencyResolutionMs: num(l, 'latencyResolutionMs', '$.load', { positive: true }),
  };

  const a = obj(root.agent, '$.agent');
  onlyKeys(a, ['name', 'kind', 'version', 'config', 'watch'], '$.agent');
  if (a.kind !== 'none' && a.kind !== 'ebpf' && a.kind !== 'apm') {
    fail('$.agent.kind', `expected "none", "ebpf" or "apm", got ${describe(a.kind)}`);
  }
  const agent: BenchResult['agent'] = { name: str(a, 'name', '$.agent'), kind: a.kind };
  for (const k of ['version', 'config'] as const) {
    if (a[k] !== undefined) {
      agent[k] = str(a, k, '$.agent');
    }
  }
  if (a.watch !== undefined) {
    agent.watch = readWatch(a.watch, '$.agent.watch');
  }
  const hasAgent = agent.kind !== 'none';
  if (hasAgent && !agent.watch) {
    fail('$.agent.watch', 'missing: an agent configuration says which processes or containers are the agent');
  }

  if (!Array.isArray(root.runs) || root.runs.length === 0) {
    fail('$.runs', 'expected a non-empty array of runs');
  }
  const runs = root.runs.map((r, i) => readRun(r, `$.runs[${i}]`, hasAgent));

  const seen = new Set<string>();
  runs.forEach((r, i) => {
    if (!ratesRps.includes(r.rateRps)) {
      fail(`$.runs[${i}].rateRps`, `${r.rateRps} is not one of load.ratesRps (${ratesRps.join(', ')})`);
    }
    const key = `${r.rateRps}#${r.index}`;
    if (seen.has(key)) {
      fail(`$.runs[${i}].index`, `duplicate run ${r.index} at ${r.rateRps} req/s`);
    }
    seen.add(key);
  });
  for (const rate of ratesRps) {
    if (!runs.some((r) => r.rateRps === rate)) {
      fail('$.runs', `no run at ${rate} req/s although load.ratesRps lists it`);
    }
  }
  return { schema: RESULT_SCHEMA_ID, meta, target, load, agent, runs };
}
