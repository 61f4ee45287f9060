/**
 * Samples a watched group (service or agent) at a fixed interval during one run and turns the
 * readings into `ResourceStats`: average CPU cores over the window, the highest one-interval CPU,
 * and average and highest memory.
 */
import { ResourceStats } from '../../src/ebpf';
import { ResourceReading } from './procfs';

/** Reads the group's cumulative CPU and current memory. */
export type ReadResources = () => Promise<ResourceReading>;

/** One timestamped reading. */
export interface TimedReading {
  /** Seconds, monotonic. */
  t: number;
  reading: ResourceReading;
}

/** CPU seconds used between two readings, per key present in the later one. */
export function cpuBetween(a: ResourceReading, b: ResourceReading): number {
  let sum = 0;
  for (const [k, v] of Object.entries(b.cpuSeconds)) {
    // A key new in `b` started during the interval: all its CPU belongs to it.
    sum += Math.max(0, v - (a.cpuSeconds[k] ?? 0));
  }
  return sum;
}

/**
 * Summarises readings taken over a run (the first at its start, the last at its end).
 * @throws when fewer than two readings or no elapsed time.
 */
export function summarizeReadings(readings: TimedReading[]): ResourceStats {
  if (readings.length < 2) {
    throw new Error(`need at least two readings to measure CPU, got ${readings.length}`);
  }
  let cpu = 0;
  let cpuMax = 0;
  for (let i = 1; i < readings.length; i++) {
    const dt = readings[i].t - readings[i - 1].t;
    const used = cpuBetween(readings[i - 1].reading, readings[i].reading);
    cpu += used;
    if (dt > 0) {
      cpuMax = Math.max(cpuMax, used / dt);
    }
  }
  const elapsed = readings[readings.length - 1].t - readings[0].t;
  if (elapsed <= 0) {
    throw new Error('readings span no time');
  }
  const mem = readings.map((r) => r.reading.memoryBytes);
  return {
    cpuCores: cpu / elapsed,
    cpuCoresMax: cpuMax,
    memoryBytesAvg: mem.reduce((a, b) => a + b, 0) / mem.length,
    memoryBytesMax: Math.max(...mem),
    samples: readings.length,
  };
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Takes readings every `intervalMs` until `stop()`; `stop` returns the summary. */
export function startRecorder(read: ReadResources, intervalMs: number): { ready: Promise<void>; stop: () => Promise<ResourceStats> } {
  const readings: TimedReading[] = [];
  let timer: NodeJS.Timeout | undefined;
  let failure: Error | undefined;
  let pending: Promise<void> = Promise.resolve();
  const take = async () => {
    try {
      const t = now();
      const reading = await read();
      readings.push({ t, reading });
    } catch (e) {
      failure ??= e as Error;
    }
  };
  const ready = take().then(() => {
    timer = setInterval(() => {
      pending = pending.then(take);
    }, intervalMs);
  });
  return {
    ready,
    stop: async () => {
      await ready;
      clearInterval(timer);
      await pending;
      await take();
      if (failure) {
        throw failure;
      }
      return summarizeReadings(readings);
    },
  };
}
