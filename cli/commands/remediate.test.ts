import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture, spawnCli } from '../testCli';
import { run } from './remediate';

const ROOT = join(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bellwether-remediate-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('exits 2 with one line per configuration problem', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    'auditLog: /tmp/a.jsonl\ndryrun: false\nallow: { namespaces: [web] }\nrules: [{ name: x, matchers: [\'a="b"\'], action: reboot, target: { namespace: web, name: api } }]\n'
  );
  const r = await capture(run, ['--config', file]);
  expect(r.code).toBe(2);
  expect(r.err).toBe(
    'bellwether remediate: unknown key dryrun; did you mean dryRun?\n' +
      'bellwether remediate: rules[0].action must be one of restart, scale, expandPvc, runJob, cordon, got "reboot"\n'
  );
});

it('needs --config', async () => {
  const r = await capture(run, []);
  expect(r.code).toBe(2);
  expect(r.err).toContain('--config is required');
});

it('exits 2 naming an unreadable config file', async () => {
  const r = await capture(run, ['--config', join(dir, 'missing.yaml')]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^bellwether remediate: cannot read config file .*missing\.yaml: no such file \(ENOENT\)\n$/);
});

it('prints the RBAC checked in for the example config (the real binary, as the container runs it)', () => {
  const r = spawnCli(['remediate', '--config', 'companion/remediate.example.yaml', '--print-rbac']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toBe(readFileSync(join(ROOT, 'deploy/kubernetes/remediate-rbac.yaml'), 'utf8'));
});
