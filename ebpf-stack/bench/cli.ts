/**
 * `bellwether ebpf-bench <run|compare|validate|selftest>`: the harness's command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AgentKind, computeOverhead, Delta, parseResult, RunSummary, WatchedProcess } from '../../src/ebpf';
import { runBench } from './harness';
import { runSelfTest } from './selftest';

const USAGE = `Usage:
  bellwether ebpf-bench run --target-url URL (--service-pid PID | --service-container NAME)
      [--agent NAME --kind ebpf|apm (--agent-pid PID | --agent-container NAME)]
      [--rates 100,500] [--runs 3] [--duration 30] [--warmup 10] [--connections 10]
      [--cadvisor-url http://127.0.0.1:8081] [--out result.json] [--notes TEXT]
      Without --agent the configuration is the baseline. PIDs include their descendants.
  bellwether ebpf-bench compare BASELINE.json AGENT.json... [--rate R]
  bellwether ebpf-bench validate FILE.json...
  bellwether ebpf-bench selftest [--cores 0.25] [--rate 100] [--runs 3] [--duration 5]
      Loopback check of this host: sample service + synthetic agent burning --cores.`;

function list(v: string | string[] | undefined): string[] {
  return (Array.isArray(v) ? v : v ? [v] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

function numberOpt(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) {
    return dflt;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new UsageError(`--${name} must be a number ≥ 0, got "${v}"`);
  }
  return n;
}

class UsageError extends Error {}

function watchOf(pids: string[], containers: string[], what: string): WatchedProcess {
  if (pids.length && containers.length) {
    throw new UsageError(`give either --${what}-pid or --${what}-container, not both`);
  }
  if (pids.length) {
    const p = pids.map(Number);
    if (p.some((x) => !Number.isInteger(x) || x < 1)) {
      throw new UsageError(`--${what}-pid must be process ids`);
    }
    return { sampler: 'proc', pids: p };
  }
  if (containers.length) {
    return { sampler: 'cadvisor', containers };
  }
  throw new UsageError(`--${what}-pid or --${what}-container is required`);
}

async function cmdRun(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'target-url': { type: 'string' },
      'target-name': { type: 'string' },
      method: { type: 'string' },
      'service-pid': { type: 'string', multiple: true },
      'service-container': { type: 'string', multiple: true },
      agent: { type: 'string' },
      kind: { type: 'string' },
      'agent-version': { type: 'string' },
      'agent-config': { type: 'string' },
      'agent-pid': { type: 'string', multiple: true },
      'agent-container': { type: 'string', multiple: true },
      rates: { type: 'string' },
      runs: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'sample-interval-ms': { type: 'string' },
      'cadvisor-url': { type: 'string' },
      out: { type: 'string' },
      notes: { type: 'string' },
    },
  });
  const url = values['target-url'];
  if (!url) {
    throw new UsageError('--target-url is required');
  }
  const isAgent = values.agent !== undefined && values.agent !== 'baseline';
  const kind = (isAgent ? values.kind ?? 'ebpf' : 'none') as AgentKind;
  if (!['none', 'ebpf', 'apm'].includes(kind)) {
    throw new UsageError('--kind is ebpf or apm');
  }
  const rates = list(values.rates ?? '100').map(Number);
  if (rates.some((r) => !(r > 0))) {
    throw new UsageError('--rates must be positive numbers');
  }
  const result = await runBench({
    target: {
      name: values['target-name'] ?? 'sample-service',
      url,
      method: values.method,
      watch: watchOf(list(values['service-pid']), list(values['service-container']), 'service'),
    },
    agent: {
      name: isAgent ? values.agent! : 'baseline',
      kind,
      version: values['agent-version'],
      config: values['agent-config'],
      watch: isAgent ? watchOf(list(values['agent-pid']), list(values['agent-container']), 'agent') : undefined,
    },
    ratesRps: rates,
    runs: Math.max(1, Math.round(numberOpt(values.runs, 'runs', 3))),
    durationSeconds: numberOpt(values.duration, 'duration', 30),
    warmupSeconds: numberOpt(values.warmup, 'warmup', 10),
    connections: Math.max(1, Math.round(numberOpt(values.connections, 'connections', 10))),
    sampleIntervalMs: values['sample-interval-ms'] ? numberOpt(values['sample-interval-ms'], 'sample-interval-ms', 250) : undefined,
    cadvisorUrl: values['cadvisor-url'],
    notes: values.notes,
    log: (l) => process.stderr.write(l + '\n'),
  });
  const json = JSON.stringify(result, null, 2) + '\n';
  if (values.out) {
    writeFileSync(values.out, json);
    process.stderr.write(`wrote ${values.out}\n`);
  } else {
    process.stdout.write(json);
  }
  return 0;
}

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const spread = (s: RunSummary, d = 3) => `${f(s.median, d)} [${f(s.min, d)}–${f(s.max, d)}]`;
const delta = (x: Delta, d = 3) =>
  `${x.delta >= 0 ? '+' : ''}${f(x.delta, d)} (${Number.isFinite(x.deltaPercent) ? (x.deltaPercent >= 0 ? '+' : '') + f(x.deltaPercent, 1) + '%' : 'n/a'})${x.significant ? '' : ' n.s.'}`;

/** Overhead table of agent files against a baseline, one row per agent and rate. */
export function compareTable(baselineText: string, agentTexts: Array<[string, string]>, rate?: number): string {
  const baseline = parseResult(baselineText);
  const header = ['agent', 'rate', 'agent CPU cores', '% node', 'agent MiB avg', 'agent MiB max', 'service CPU Δ', 'p50 Δ ms', 'p99 Δ ms', 'achieved req/s', 'failed'];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const [name, text] of agentTexts) {
    const agent = parseResult(text);
    const rates = rate !== undefined ? [rate] : agent.load.ratesRps.filter((r) => baseline.load.ratesRps.includes(r));
    if (rates.length === 0) {
      throw new Error(`${name} shares no request rate with the baseline`);
    }
    for (const r of rates) {
      const o = computeOverhead(baseline, agent, r);
      const mib = (s: RunSummary) => ({ ...s, median: s.median / 2 ** 20, min: s.min / 2 ** 20, max: s.max / 2 ** 20 });
      rows.push([
        o.agent,
        String(r),
        spread(o.agentCpuCores),
        f(o.agentCpuPercentOfNode.median, 2),
        spread(mib(o.agentMemoryBytesAvg), 1),
        f(o.agentMemoryBytesMax.median / 2 ** 20, 1),
        delta(o.serviceCpuCores),
        delta(o.p50Ms, 2),
        delta(o.p99Ms, 2),
        spread(o.achievedRps.agent, 1),
        String(o.failedRequests.agent.median),
      ]);
      notes.push(...o.warnings.map((w) => `${o.agent}: ${w}`));
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '',
    'medians over runs, [min–max]; Δ = agent − baseline; n.s. = within the baseline run-to-run spread',
    ...notes.map((n) => `warning: ${n}`),
  ].join('\n');
}

async function cmdCompare(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { rate: { type: 'string' } } });
  if (positionals.length < 2) {
    throw new UsageError('compare needs a baseline file and at least one agent file');
  }
  const [base, ...agents] = positionals;
  const rate = values.rate !== undefined ? numberOpt(values.rate, 'rate', 0) : undefined;
  process.stdout.write(compareTable(readFileSync(base, 'utf8'), agents.map((a) => [a, readFileSync(a, 'utf8')]), rate) + '\n');
  return 0;
}

async function cmdValidate(args: string[]): Promise<number> {
  if (args.length === 0) {
    throw new UsageError('validate needs at least one file');
  }
  let bad = 0;
  for (const file of args) {
    try {
      const r = parseResult(readFileSync(file, 'utf8'));
      process.stdout.write(`${file}: ok (${r.agent.name}, ${r.runs.length} runs at ${r.load.ratesRps.join(', ')} req/s)\n`);
    } catch (e) {
      bad++;
      process.stdout.write(`${file}: ${(e as Error).message}\n`);
    }
  }
  return bad ? 1 : 0;
}

async function cmdSelftest(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { cores: { type: 'string' }, rate: { type: 'string' }, runs: { type: 'string' }, duration: { type: 'string' }, out: { type: 'string' } },
  });
  const cores = numberOpt(values.cores, 'cores', 0.25);
  const r = await runSelfTest({
    agentCores: cores,
    rateRps: numberOpt(values.rate, 'rate', 100),
    runs: Math.max(1, Math.round(numberOpt(values.runs, 'runs', 3))),
    durationSeconds: numberOpt(values.duration, 'duration', 5),
    warmupSeconds: 2,
    log: (l) => process.stderr.write(l + '\n'),
  });
  if (values.out) {
    writeFileSync(`${values.out}-baseline.json`, JSON.stringify(r.baseline, null, 2) + '\n');
    writeFileSync(`${values.out}-agent.json`, JSON.stringify(r.agent, null, 2) + '\n');
  }
  process.stdout.write(compareTable(JSON.stringify(r.baseline), [['synthetic', JSON.stringify(r.agent)]]) + '\n');
  const measured = r.overhead.agentCpuCores.median;
  process.stdout.write(`\nsynthetic agent: nominal ${cores} core, measured ${measured.toFixed(3)} core (error ${(measured - cores >= 0 ? '+' : '') + (measured - cores).toFixed(3)})\n`);
  return 0;
}

/** Entry point for `bellwether ebpf-bench`. */
export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'run':
        return await cmdRun(rest);
      case 'compare':
        return await cmdCompare(rest);
      case 'validate':
        return await cmdValidate(rest);
      case 'selftest':
        return await cmdSelftest(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE + '\n');
        return sub ? 0 : 2;
      default:
        throw new UsageError(`unknown subcommand "${sub}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ebpf-bench: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`ebpf-bench: ${(e as Error).message}\n`);
    return 1;
  }
}
