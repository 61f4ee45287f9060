/**
 * Model functions drop the metric name, as PromQL functions do. Two input series that differ only by
 * their name would then be one series: the companion's store merged their samples (the last written
 * won), and a door that keeps them apart answers two series no one can tell apart. Prometheus refuses
 * such a vector ("vector cannot contain metrics with the same labelset"), and so do we.
 */
import { labelsKey } from './history';

/** The refusal for series whose labels collide once `__name__` is dropped, or null when none do. */
export function sameLabelsetMessage(metrics: Iterable<Record<string, string>>): string | null {
  const names = new Map<string, string>();
  for (const metric of metrics) {
    const { __name__: name = '', ...rest } = metric;
    const key = labelsKey(rest);
    const seen = names.get(key);
    if (seen !== undefined) {
      const labels = Object.entries(rest)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ');
      return (
        `vector cannot contain metrics with the same labelset: ${seen || '(no name)'} and ${name || '(no name)'} ` +
        `both have {${labels}} once the metric name is dropped, as model functions drop it; select one metric, ` +
        `or keep the name as a label with label_replace(<query>, "metric", "$1", "__name__", "(.+)")`
      );
    }
    names.set(key, name);
  }
  return null;
}
