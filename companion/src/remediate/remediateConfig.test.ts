import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../config/loadConfig';
import { loadRemediateConfig, remediateFromRaw } from './remediateConfig';

const ROOT = join(__dirname, '../../..');

function problems(raw: unknown): string[] {
  try {
    remediateFromRaw(raw);
  } catch (e) {
    if (e instanceof ConfigError) {
      return e.problems;
    }
    throw e;
  }
  return [];
}

const restart = {
  name: 'restart-api',
  matchers: ['alertname="BellwetherMemoryLeakSuspected"'],
  action: 'restart',
  target: { namespace: 'web', name: 'api' },
};
const base = { auditLog: '/tmp/audit.jsonl', allow: { namespaces: ['web'] }, rules: [restart] };

it('the shipped example validates, in dry-run', () => {
  const c = loadRemediateConfig(join(ROOT, 'companion/remediate.example.yaml'), {}, { secrets: false });
  expect(c.dryRun).toBe(true);
  expect(c.rules.map((r) => r.action)).toEqual(['restart', 'scale', 'expandPvc', 'runJob', 'cordon']);
});

it('is dry-run unless the file says dryRun: false', () => {
  expect(remediateFromRaw(base).dryRun).toBe(true);
  expect(remediateFromRaw({ ...base, dryRun: false }).dryRun).toBe(false);
});

it('names the closest key of a misspelt one', () => {
  expect(problems({ ...base, dryrun: false })).toEqual(['unknown key dryrun; did you mean dryRun?']);
  expect(
    problems({ ...base, rules: [{ name: 'r', matchers: restart.matchers, target: restart.target, acton: 'restart' }] })
  ).toEqual([
    'unknown key rules[0].acton; did you mean rules[0].action?',
    'rules[0].action is missing: one of restart, scale, expandPvc, runJob, cordon',
  ]);
});

it('reports every problem, one line each', () => {
  const bad = problems({
    allow: { namespaces: ['web'] },
    rules: [
      { ...restart, target: { namespace: 'kube-system', name: 'api' } },
      { ...restart, name: 'scale-api', action: 'scale', scale: { by: 1, min: 5, max: 2 } },
      { ...restart, name: 'bad-matcher', matchers: ['alertname=~"("'] },
      { ...restart, name: 'cordon-node', action: 'cordon', target: { namespace: 'web', name: '{{node}}' } },
      {
        ...restart,
        name: 'expand',
        action: 'expandPvc',
        target: { namespace: 'web', name: 'data' },
        expand: { by: 'lots' },
      },
    ],
  });
  expect(bad).toEqual([
    'rules[4].expand.by must be a storage size like 10Gi, got "lots"',
    'auditLog is missing: give the file the audit log (JSON lines) is appended to',
    'rules[0].target.namespace kube-system is not in allow.namespaces',
    'rules[1].scale: min 5 is more than max 2',
    expect.stringMatching(/^rules\[2\]\.matchers\[0\]: bad regex in "alertname=~\\"\(\\"": /),
    'rules[3].target.namespace: nodes have no namespace; remove the key',
    'rules[4].expand.limit is missing: expand needs by and limit, e.g. { by: 10Gi, limit: 200Gi }',
  ]);
  expect(bad.every((l) => !l.includes('\n'))).toBe(true);
});

it('needs an allow-list before it acts in any namespace', () => {
  expect(
    problems({ auditLog: '/tmp/a', rules: [{ ...restart, target: { namespace: '{{namespace}}', name: 'api' } }] })
  ).toEqual(['allow.namespaces is empty: list the namespaces remediation may act in']);
});

it('the configuration example of docs/remediation.md validates', () => {
  const doc = readFileSync(join(ROOT, 'docs/remediation.md'), 'utf8');
  const blocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => parse(m[1]) as Record<string, unknown>);
  const configs = blocks.filter((b) => 'rules' in b && 'auditLog' in b);
  expect(configs).toHaveLength(1);
  expect(remediateFromRaw(configs[0], { secrets: false }).rules).toHaveLength(1);
});
