/**
 * CPU and memory of a process tree from Linux procfs: CPU time is utime + stime from
 * `/proc/<pid>/stat` (fields 14 and 15, in clock ticks), resident memory is `VmRSS` from
 * `/proc/<pid>/status`. Descendants are found through the ppid field (stat field 4) so an agent
 * that forks workers is measured whole.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of `/proc/<pid>/stat` the harness uses. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** User-mode CPU time, clock ticks. */
  utime: number;
  /** Kernel-mode CPU time, clock ticks. */
  stime: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. `comm` may contain spaces and parentheses, so the fields are
 * split after the last `)` (proc(5)).
 * @example parseProcStat('42 (my (odd) app) S 1 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 1 0 5 0 0')
 *   // { pid: 42, comm: 'my (odd) app', ppid: 1, utime: 250, stime: 30 }
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) {
    throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  // After ")": field 3 (state) is index 0, so field N is index N - 3.
  const rest = line.slice(close + 2).trim().split(/\s+/);
  if (rest.length < 13) {
    throw new Error(`truncated /proc/<pid>/stat line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  const field = (n: number) => Number(rest[n - 3]);
  return { pid: Number(line.slice(0, open).trim()), comm: line.slice(open + 1, close), ppid: field(4), utime: field(14), stime: field(15) };
}

/**
 * Resident set size in bytes from `/proc/<pid>/status` (`VmRSS:  1234 kB`); 0 for kernel threads and
 * zombies, which have no VmRSS line.
 */
export function parseStatusRss(text: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return m ? Number(m[1]) * 1024 : 0;
}

let ticks: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`), 100 on every mainstream Linux when getconf is missing. */
export function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** `roots` and all their live descendants. */
export function processTree(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    const st = readStat(Number(name));
    if (st) {
      const list = children.get(st.ppid) ?? [];
      list.push(st.pid);
      children.set(st.ppid, list);
    }
  }
  const out = new Set<number>();
  const queue = [...roots];
  while (queue.length) {
    const p = queue.shift()!;
    if (!out.has(p)) {
      out.add(p);
      queue.push(...(children.get(p) ?? []));
    }
  }
  return [...out];
}

/**
 * Cumulative CPU seconds per process (or container) and current resident bytes of the whole set.
 * CPU stays keyed so that a process appearing or exiting between two readings does not count as a
 * negative or huge jump.
 */
export interface ResourceReading {
  cpuSeconds: Record<string, number>;
  memoryBytes: number;
}

/**
 * Reads CPU seconds and RSS of `pids` now. Processes that have exited are skipped.
 * @throws when none of the root processes exists any more (the measurement would be meaningless).
 */
export function readProcesses(pids: number[]): ResourceReading {
  const hz = clockTicksPerSecond();
  const cpu: Record<string, number> = {};
  let mem = 0;
  let alive = 0;
  for (const pid of pids) {
    const st = readStat(pid);
    if (!st) {
      continue;
    }
    alive++;
    cpu[String(pid)] = (st.utime + st.stime) / hz;
    try {
      mem += parseStatusRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      // exited after reading stat: its CPU is counted, its memory is gone
    }
  }
  if (alive === 0) {
    throw new Error(`none of the processes ${pids.join(', ')} is running`);
  }
  return { cpuSeconds: cpu, memoryBytes: mem };
}
