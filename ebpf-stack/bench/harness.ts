/**
 * The measurement loop: for one configuration (the baseline, or one agent), warm up, then for each
 * rate run the load generator `runs` times while sampling the service's and the agent's CPU and
 * memory, and return one `BenchResult` (schema `bellwether.ebpf-bench/v1`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentKind, BenchResult, BenchRun, parseResult, RESULT_SCHEMA_ID, WatchedProcess } from '../../src/ebpf';
import { readContainers } from './cadvisor';
import { hostInfo } from './host';
import { autocannonVersion, clientStatsFromAutocannon, runAutocannon } from './load';
import { processTree, readProcesses } from './procfs';
import { ReadResources, startRecorder } from './recorder';

/** Everything one harness invocation needs. */
export interface BenchConfig {
  target: { name: string; url: string; method?: string; watch: WatchedProcess };
  agent: { name: string; kind: AgentKind; version?: string; config?: string; watch?: WatchedProcess };
  ratesRps: number[];
  runs: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Pause between runs so the service settles (GC, timers). Default 1 s. */
  pauseSeconds?: number;
  /** Sampling interval of /proc or cAdvisor. Default 250 ms (proc), 1000 ms (cAdvisor: it refreshes about once a second). */
  sampleIntervalMs?: number;
  /** cAdvisor base URL, required when a watch uses the cadvisor sampler. */
  cadvisorUrl?: string;
  notes?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** A reader for a watched group. Process trees are re-resolved on every reading. */
export function readerFor(watch: WatchedProcess, cadvisorUrl: string | undefined): ReadResources {
  if (watch.sampler === 'proc') {
    const roots = watch.pids ?? [];
    if (roots.length === 0) {
      throw new Error('the proc sampler needs at least one pid');
    }
    return async () => readProcesses(processTree(roots));
  }
  const names = watch.containers ?? [];
  if (!cadvisorUrl || names.length === 0) {
    throw new Error('the cadvisor sampler needs --cadvisor-url and at least one container name');
  }
  return () => readContainers(cadvisorUrl, names);
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

/** Runs the configuration and returns its result (already checked with `parseResult`). */
export async function runBench(c: BenchConfig): Promise<BenchResult> {
  const log = c.log ?? (() => undefined);
  const method = c.target.method ?? 'GET';
  if (c.runs < 1 || c.ratesRps.length === 0 || c.ratesRps.some((r) => !(r > 0))) {
    throw new Error('need at least one run and positive request rates');
  }
  if (c.agent.kind !== 'none' && !c.agent.watch) {
    throw new Error(`agent "${c.agent.name}" needs a pid or container to watch`);
  }
  const usesCadvisor = c.target.watch.sampler === 'cadvisor' || c.agent.watch?.sampler === 'cadvisor';
  const interval = c.sampleIntervalMs ?? (usesCadvisor ? 1000 : 250);
  const readService = readerFor(c.target.watch, c.cadvisorUrl);
  const readAgent = c.agent.kind !== 'none' && c.agent.watch ? readerFor(c.agent.watch, c.cadvisorUrl) : undefined;
  // Fail before any load if something is not there.
  await readService();
  await readAgent?.();

  const createdAt = new Date().toISOString();
  if (c.warmupSeconds > 0) {
    log(`warm-up ${c.warmupSeconds}s at ${Math.max(...c.ratesRps)} req/s`);
    await runAutocannon({ url: c.target.url, method, rateRps: Math.max(...c.ratesRps), connections: c.connections, durationSeconds: c.warmupSeconds });
  }
  const runs: BenchRun[] = [];
  for (const rate of c.ratesRps) {
    for (let i = 1; i <= c.runs; i++) {
      await sleep(c.pauseSeconds ?? 1);
      const service = startRecorder(readService, interval);
      const agent = readAgent ? startRecorder(readAgent, interval) : undefined;
      await Promise.all([service.ready, agent?.ready]);
      const startedAt = new Date().toISOString();
      const raw = await runAutocannon({ url: c.target.url, method, rateRps: rate, connections: c.connections, durationSeconds: c.durationSeconds });
      const run: BenchRun = {
        rateRps: rate,
        index: i,
        startedAt,
        durationSeconds: raw.duration,
        client: clientStatsFromAutocannon(raw),
        service: await service.stop(),
      };
      if (agent) {
        run.agent = await agent.stop();
      }
      runs.push(run);
      log(
        `${c.agent.name} ${rate} req/s run ${i}/${c.runs}: achieved ${run.client.achievedRps.toFixed(1)} req/s, ` +
          `p50 ${run.client.latencyMs.p50} ms, p99 ${run.client.latencyMs.p99} ms, errors ${run.client.errors + run.client.non2xx}, ` +
          `service ${run.service.cpuCores.toFixed(3)} cores` +
          (run.agent ? `, agent ${run.agent.cpuCores.toFixed(3)} cores ${(run.agent.memoryBytesAvg / 2 ** 20).toFixed(1)} MiB` : '')
      );
    }
  }
  const result: BenchResult = {
    schema: RESULT_SCHEMA_ID,
    meta: { tool: 'bellwether ebpf-bench', toolVersion: toolVersion(), createdAt, host: hostInfo(), ...(c.notes ? { notes: c.notes } : {}) },
    target: { name: c.target.name, url: c.target.url, method, watch: c.target.watch },
    load: {
      generator: 'autocannon',
      generatorVersion: autocannonVersion(),
      openLoop: true,
      ratesRps: c.ratesRps,
      connections: c.connections,
      warmupSeconds: c.warmupSeconds,
      durationSeconds: c.durationSeconds,
      runsPerRate: c.runs,
      latencyResolutionMs: 1,
    },
    agent: {
      name: c.agent.name,
      kind: c.agent.kind,
      ...(c.agent.version ? { version: c.agent.version } : {}),
      ...(c.agent.config ? { config: c.agent.config } : {}),
      ...(c.agent.watch ? { watch: c.agent.watch } : {}),
    },
    runs,
  };
  return parseResult(result); // the harness never writes a file the page would reject
}
