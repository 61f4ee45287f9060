/**
 * Recognises fields that already carry model output (expected value, band edges, anomaly score),
 * so panels draw them instead of recomputing. The accepted naming convention (docs/panels.md):
 *
 * 1. a label `bw_role` (or `ml_role`) with the role as value: `expected`, `upper`, `lower`, `score`,
 *    `anomaly`;
 * 2. a label `ml_forecast` with `yhat` / `yhat_upper` / `yhat_lower` (the companion's recording rules);
 * 3. the field's name, display name or `__name__` label ending in the role after `:`, `_`, `.`, `-` or
 *    a space, e.g. `cpu:anomaly_upper`, `latency_expected`, `requests upper`, `yhat_lower`;
 * 4. one of the companion's wrapper functions around the query, e.g. `anomaly_score(rate(x[5m]))`.
 *
 * Anything else is a plain (base) series.
 */

/** What a field holds. */
export type FieldRole = 'value' | 'expected' | 'upper' | 'lower' | 'score' | 'anomaly';

const ROLE_WORDS: Record<string, FieldRole> = {
  expected: 'expected',
  yhat: 'expected',
  predicted: 'expected',
  anomaly_expected: 'expected',
  upper: 'upper',
  yhat_upper: 'upper',
  anomaly_upper: 'upper',
  lower: 'lower',
  yhat_lower: 'lower',
  anomaly_lower: 'lower',
  score: 'score',
  anomaly_score: 'score',
  anomaly: 'anomaly',
  is_anomaly: 'anomaly',
};

/** Longest words first, so `anomaly_upper` wins over `upper`. */
const WORDS = Object.keys(ROLE_WORDS).sort((a, b) => b.length - a.length);

/**
 * Labels that name a role or the function that made a field (`bw_output`, on every frame of the data
 * source's derived outputs); they are ignored when matching a derived field to its series.
 */
export const ROLE_LABELS = ['bw_role', 'ml_role', 'ml_forecast', 'bw_output'];

/** The role of a field from its labels and names (see the module comment for the rules). */
export function fieldRole(names: string[], labels: Record<string, string> | undefined): FieldRole {
  const byLabel = labels?.bw_role ?? labels?.ml_role ?? labels?.ml_forecast;
  if (byLabel && ROLE_WORDS[byLabel.toLowerCase()]) {
    return ROLE_WORDS[byLabel.toLowerCase()];
  }
  for (const raw of [...names, labels?.__name__ ?? '']) {
    const name = raw.trim().toLowerCase();
    if (!name) {
      continue;
    }
    const call = /^([a-z_]+)\s*\(/.exec(name);
    if (call && ROLE_WORDS[call[1]] && call[1].startsWith('anomaly_')) {
      return ROLE_WORDS[call[1]];
    }
    for (const word of WORDS) {
      if (name === word) {
        return ROLE_WORDS[word];
      }
      if (name.endsWith(word)) {
        const before = name.charAt(name.length - word.length - 1);
        if (before === ':' || before === '_' || before === '.' || before === '-' || before === ' ') {
          return ROLE_WORDS[word];
        }
      }
    }
  }
  return 'value';
}

/** A label set without role labels and `__name__`, as a stable key for matching series. */
export function identityKey(labels: Record<string, string> | undefined): string {
  if (!labels) {
    return '';
  }
  return Object.keys(labels)
    .filter((k) => k !== '__name__' && !ROLE_LABELS.includes(k))
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
