/**
 * The cache's default size, from the memory limit the companion runs under. The cache is most of
 * what grows with load, but not all: Node.js itself, the queries in flight and the garbage
 * collector's headroom take the rest, so the default leaves them NON_CACHE_RESERVE.
 */

const MiB = 2 ** 20;

/**
 * The memory limit the defaults are sized for: the Kubernetes manifest's
 * (deploy/kubernetes/companion.yaml, `resources.limits.memory: 512Mi`).
 */
export const DOCUMENTED_MEMORY_LIMIT = 512 * MiB;

/**
 * Memory the companion needs beside its cache on the home page's fleet scan, measured with
 * `BW_SCAN_MEM_TRACE=1` on bench/support/coldScanChild.ts (docs/scaling.md, "Memory"): about 110 MiB
 * resident at start, and up to some 150 MiB for the scan's two shards in flight (each a 30-day
 * history window of 100 series, read and copied, and its detector runs being fed), with the rest
 * the garbage collector's headroom.
 */
export const NON_CACHE_RESERVE = 320 * MiB;

/** The smallest default cache: below it a detector run of one 100-series shard would not stay cached. */
const MIN_CACHE = 64 * MiB;

/** The default `cache.maxBytes` under a memory limit of `limitBytes`. */
export function cacheBudget(limitBytes: number): number {
  return Math.max(MIN_CACHE, limitBytes - NON_CACHE_RESERVE);
}
