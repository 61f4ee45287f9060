/**
 * What a significant, steady rise toward a limit is called, by what the series measures. The trend
 * test is the same (src/ml/trend/leak.ts); the word is not: memory, open files or a queue that keeps
 * growing "leaks", a filesystem that keeps growing is "filling" (its writes are the job, not a bug).
 * The forecast panel's badge and the home page's trend column both say it with this.
 */

/** A filesystem or volume, or anything else (memory, file handles, queues, ...). */
export type ResourceKind = 'filesystem' | 'other';

/** Labels node-exporter's filesystem metrics carry. */
const FILESYSTEM_LABELS = ['mountpoint', 'fstype'];

/**
 * Metric names of filesystems and volumes: node-exporter's `node_filesystem_*`, the kubelet's
 * `kubelet_volume_stats_*` (persistent volume claims), cAdvisor's `container_fs_*`.
 */
const FILESYSTEM_NAMES = /\b(?:node_filesystem_|kubelet_volume_stats_|container_fs_)|\bmountpoint\s*=/;

/**
 * The kind of a series, from its labels (a field's, with or without `__name__`) or the PromQL
 * that selects it.
 *
 * @example resourceKind({ labels: { mountpoint: '/', instance: 'db-1' } }) // 'filesystem'
 * @example resourceKind({ expr: 'process_resident_memory_bytes{job="api"}' }) // 'other'
 */
export function resourceKind(of: { labels?: Record<string, string>; expr?: string }): ResourceKind {
  const labels = of.labels ?? {};
  if (FILESYSTEM_LABELS.some((l) => l in labels) || FILESYSTEM_NAMES.test(labels.__name__ ?? '')) {
    return 'filesystem';
  }
  return of.expr !== undefined && FILESYSTEM_NAMES.test(of.expr) ? 'filesystem' : 'other';
}

/**
 * The verdict word of a significant rise toward the limit: "filling" for a filesystem, else "leak".
 *
 * @example growthVerdict('filesystem') // 'filling'
 */
export function growthVerdict(kind: ResourceKind): 'filling' | 'leak' {
  return kind === 'filesystem' ? 'filling' : 'leak';
}
