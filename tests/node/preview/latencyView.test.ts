/**
 * The preview's p99 latency overlay flags what the shipped latency alerts fire on: its derived series
 * and its fact carry the rules' options (direction=above min_rel=0.5). Without them the panel drew a
 * red region on a healthy 0.42 s (2026-12-05 14:44 UTC, 40 % over the expected) that no alert fires on.
 */
import { join } from 'node:path';
import { PREVIEW_VIEWS } from '../../../preview/views';
import { PROVISIONING, readYaml } from '../provisioning/files';

const shipped = readYaml(join(PROVISIONING, 'vmalert', 'bellwether.rules.yml'));
const latencyRule = shipped.groups
  .flatMap((g: any) => g.rules)
  .find((r: any) => r.alert === 'BellwetherLatencyAnomaly');

it('asks the companion with the latency alert rule options', () => {
  const options = /"([^"]*)"\)\s*>/.exec(latencyRule.expr)![1];
  expect(options).toBe('direction=above min_rel=0.5');
  const view = PREVIEW_VIEWS.find((v) => v.id === 'latency')!;
  const queries = [...view.derived.map((d) => d.expr), ...view.facts.map((f) => f.expr)];
  expect(queries).toHaveLength(4);
  for (const q of queries) {
    expect(q).toContain(`"${options}")`);
  }
});
