/**
 * The harness's parsing and overhead maths on recorded outputs (testdata/, see its README).
 * Expected numbers are worked out by hand from the recorded files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../src/common/median';
import { computeOverhead, parseResult } from '../../src/ebpf';
import { containerReading, parseExposition } from './cadvisor';
import { compareTable } from './cli';
import { AutocannonResult, clientStatsFromAutocannon } from './load';
import { parseProcStat, parseStatusRss } from './procfs';
import { cpuBetween, summarizeReadings } from './recorder';

const data = (f: string) => readFileSync(join(__dirname, 'testdata', f), 'utf8');

describe('procfs parsing', () => {
  it('reads utime and stime (fields 14, 15) and ppid of a recorded line', () => {
    // Recorded from the sample service: "17352 (node) S 1 ... 11 4 ..." -> utime 11, stime 4.
    const line =
      '17352 (node) S 1 17348 5319 0 -1 4194304 4842 0 0 0 11 4 0 0 20 0 7 0 63661 1018896384 13768 18446744073709551615 11988992 39846385';
    expect(parseProcStat(line)).toEqual({ pid: 17352, comm: 'node', ppid: 1, utime: 11, stime: 4 });
  });

  it('handles a comm with spaces and parentheses (split after the last ")")', () => {
    const line = '42 (my (odd) app) S 7 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 1 0 5 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 42, comm: 'my (odd) app', ppid: 7, utime: 250, stime: 30 });
  });

  it('reads VmRSS in kB as bytes, 0 when absent (kernel threads)', () => {
    expect(parseStatusRss('Name:\tnode\nVmHWM:\t  60000 kB\nVmRSS:\t   55272 kB\nRssAnon:\t 30000 kB\n')).toBe(55272 * 1024);
    expect(parseStatusRss('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBe(0);
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
  });
});

describe('cAdvisor parsing', () => {
  it('sums CPU seconds and working set of the named containers', () => {
    const r = containerReading(data('cadvisor-metrics.txt'), ['bw-beyla']);
    expect(r).toEqual({ cpuSeconds: { 'bw-beyla': 12.25 }, memoryBytes: 62914560 });
    const both = containerReading(data('cadvisor-metrics.txt'), ['bw-beyla', 'bw-sample-service']);
    expect(both.memoryBytes).toBe(62914560 + 52428800);
  });

  it('names the container it cannot find and lists some it can', () => {
    expect(() => containerReading(data('cadvisor-metrics.txt'), ['beyla'])).toThrow(/no series for container name="beyla".*bw-beyla/);
  });

  it('parses escaped label values', () => {
    expect(parseExposition('m{a="x\\"y",b="z"} 2\n', ['m'])).toEqual([{ metric: 'm', labels: { a: 'x"y', b: 'z' }, value: 2 }]);
    expect(parseExposition('m{k="p"} +Inf\nm{k="n"} -Inf\nm{k="z"} NaN\n', ['m']).map((x) => x.value)).toEqual([Infinity, -Infinity, NaN]);
    expect(() => parseExposition('m 1,5\n', ['m'])).toThrow('not a Prometheus sample value: "1,5" in: m 1,5');
  });
});

describe('autocannon result conversion', () => {
  const raw = JSON.parse(data('autocannon-100rps.json')) as AutocannonResult;
  it('achieved rate is completed responses over the measured duration', () => {
    const c = clientStatsFromAutocannon(raw);
    expect(c.requests).toBe(201);
    expect(c.achievedRps).toBeCloseTo(201 / 2.02, 9);
    expect(c.latencyMs.p50).toBe(2);
    expect(c.latencyMs.p99).toBe(25);
    expect(c.latencyMs.p99_9).toBe(raw.latency.p99_9);
    expect(c.errors).toBe(0);
  });
  it('refuses a run without any successful response', () => {
    const dead = { ...raw, requests: { ...raw.requests, total: 0 }, latency: {}, errors: 40 };
    expect(() => clientStatsFromAutocannon(dead)).toThrow(/no successful response.*errors 40/);
  });
});

describe('resource readings', () => {
  it('average cores = CPU seconds over elapsed time; peak = busiest interval', () => {
    // 0 s: 1.0 s CPU; 0.5 s: 1.1; 1.0 s: 1.4 (pid 2 appears with 0.1); 2.0 s: 1.6
    const s = summarizeReadings([
      { t: 0, reading: { cpuSeconds: { 1: 1.0 }, memoryBytes: 100 } },
      { t: 0.5, reading: { cpuSeconds: { 1: 1.1 }, memoryBytes: 200 } },
      { t: 1.0, reading: { cpuSeconds: { 1: 1.3, 2: 0.1 }, memoryBytes: 300 } },
      { t: 2.0, reading: { cpuSeconds: { 1: 1.4, 2: 0.2 }, memoryBytes: 200 } },
    ]);
    expect(s.cpuCores).toBeCloseTo(0.6 / 2, 12); // 0.1 + 0.3 + 0.2 over 2 s
    expect(s.cpuCoresMax).toBeCloseTo(0.3 / 0.5, 12);
    expect(s.memoryBytesAvg).toBe(200);
    expect(s.memoryBytesMax).toBe(300);
    expect(s.samples).toBe(4);
  });
  it('an exited process does not count as negative CPU', () => {
    expect(cpuBetween({ cpuSeconds: { 1: 5, 2: 3 }, memoryBytes: 0 }, { cpuSeconds: { 1: 5.5 }, memoryBytes: 0 })).toBeCloseTo(0.5, 12);
  });
  it('needs two readings', () => {
    expect(() => summarizeReadings([{ t: 0, reading: { cpuSeconds: {}, memoryBytes: 0 } }])).toThrow(/two readings/);
  });
});

describe('overhead on recorded loopback files', () => {
  const baseline = parseResult(data('loopback-baseline.json'));
  const agent = parseResult(data('loopback-agent.json'));
  const o = computeOverhead(baseline, agent, 100);

  it('medians and deltas match a direct reading of the files', () => {
    const svc = (r: typeof baseline) => r.runs.map((x) => x.service.cpuCores);
    expect(o.agentCpuCores.median).toBe(median(agent.runs.map((x) => x.agent!.cpuCores)));
    expect(o.serviceCpuCores.delta).toBeCloseTo(median(svc(agent)) - median(svc(baseline)), 12);
    expect(o.serviceCpuCores.baseline.spread).toBeCloseTo(Math.max(...svc(baseline)) - Math.min(...svc(baseline)), 12);
    expect(o.agentCpuPercentOfNode.median).toBeCloseTo((o.agentCpuCores.median / agent.meta.host.cpus) * 100, 12);
  });

  it('the recorded synthetic agent used about 0.25 core', () => {
    expect(Math.abs(o.agentCpuCores.median - 0.25)).toBeLessThan(0.06);
  });

  it('prints a comparison table with medians, ranges and significance', () => {
    const t = compareTable(data('loopback-baseline.json'), [['loopback-agent.json', data('loopback-agent.json')]]);
    expect(t).toMatch(/^agent\s+rate\s+agent CPU cores/);
    expect(t).toContain(`synthetic agent  100   ${o.agentCpuCores.median.toFixed(3)} [`);
    expect(t).toMatch(/n\.s\. = within the baseline run-to-run spread/);
  });
});
