/**
 * The home page's "Anomalous now" asks each default golden signal what the shipped alert rules on
 * the same expression ask (vmalert file), so the page and the alerts agree on what is anomalous:
 * the same detector options, with only the page's output-only `explain=true` added.
 */
import { join } from 'node:path';
import { PROVISIONING, readYaml } from './files';
import { anomalyQuery } from '../../../src/pages/home/anomalous';
import { GOLDEN_SIGNALS, parseSignal } from '../../../src/pages/home/selectors';

const VMALERT_RULES = join(PROVISIONING, 'vmalert', 'bellwether.rules.yml');

/** `anomaly_score(<inner>[, "<options>"])` → inner and its options, sorted; undefined if not one. */
function call(expr: string): { inner: string; options: string[] } | undefined {
  const m = /anomaly_score\((.*?)(?:,\s*"([^"]*)")?\)\s*(?:[<>]|$)/.exec(expr.trim());
  return m ? { inner: m[1].trim(), options: (m[2] ?? '').split(/\s+/).filter(Boolean).sort() } : undefined;
}

const ruleCalls = (readYaml(VMALERT_RULES).groups as Array<{ rules: Array<{ expr?: string }> }>)
  .flatMap((g) => g.rules)
  .map((r) => (r.expr ? call(r.expr) : undefined))
  .filter((c): c is NonNullable<typeof c> => c !== undefined);

it('finds the shipped anomaly rules it compares with (CPU and p99 latency)', () => {
  const inners = new Set(ruleCalls.map((c) => c.inner));
  expect(inners).toEqual(
    new Set(['instance:node_cpu_utilisation:rate5m', 'http_request_duration_seconds{quantile="0.99"}'])
  );
});

it.each(GOLDEN_SIGNALS.filter((s) => ruleCalls.some((c) => c.inner === s.expr)))(
  '$title: the scan asks what every shipped rule on $expr asks',
  (signal) => {
    const scan = call(anomalyQuery(signal.expr, signal.rules));
    for (const rule of ruleCalls.filter((c) => c.inner === signal.expr)) {
      expect(scan?.options.filter((o) => o !== 'explain=true')).toEqual(rule.options);
    }
    // The same selector typed in the URL asks the same.
    expect(parseSignal(signal.expr).rules).toEqual(signal.rules);
  }
);
