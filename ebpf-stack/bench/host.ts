/** Describes the machine the harness runs on, for the result file's `meta.host`. */
import os from 'node:os';
import { HostInfo } from '../../src/ebpf';

/** Host facts from Node's `os` module. */
export function hostInfo(): HostInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    kernel: os.release(),
    os: os.platform(),
    arch: os.arch(),
    cpus: Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length),
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memTotalBytes: os.totalmem(),
    nodeVersion: process.version,
  };
}
