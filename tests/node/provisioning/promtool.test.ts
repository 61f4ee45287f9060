/**
 * `promtool check rules` (Debian's /usr/bin/promtool) accepts the Prometheus rules files and
 * `promtool check config` the compose Prometheus config; a deliberately broken copy is rejected,
 * so the check can fail.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from '../../support/prometheus';
import { BELLWETHER_RULES, filesUnder, PROM_RULES_DIR, PROVISIONING } from './files';

const exec = promisify(execFile);
const promtool = requireBinary('promtool');

async function check(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(promtool, ['check', ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

it('accepts every Prometheus rules file', async () => {
  const files = filesUnder(PROM_RULES_DIR, /\.ya?ml$/);
  expect(files).toContain(BELLWETHER_RULES);
  const r = await check('rules', ...files);
  expect(r).toEqual({ code: 0, output: expect.stringContaining('SUCCESS: 9 rules found') });
});

it('accepts the compose Prometheus config', async () => {
  const r = await check('config', '--syntax-only', join(PROVISIONING, 'prometheus', 'prometheus.yml'));
  expect(r.code).toBe(0);
});

it('rejects a rules file with a PromQL error (the check can fail)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-rules-'));
  try {
    const broken = join(dir, 'broken.rules.yml');
    copyFileSync(BELLWETHER_RULES, broken);
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('node_cpu:anomaly_score > 0.76', 'node_cpu:anomaly_score > > 0.76'));
    const r = await check('rules', broken);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/parse error/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
