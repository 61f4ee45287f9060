/**
 * `bellwether ebpf-bench`: the eBPF agent-overhead harness (runs, comparison table, file check,
 * loopback self-test). The implementation lives in ebpf-stack/bench beside the compose stack it drives.
 */
import { main } from '../../ebpf-stack/bench/cli';

export const summary = 'Measure eBPF/APM agent overhead (run, compare, validate, selftest).';

export function run(args: string[]): Promise<number> {
  return main(args);
}
