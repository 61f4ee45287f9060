/**
 * The shipped alerting files pass their tools' own checks, and the three rule files (Prometheus on
 * recorded series, vmalert and Grafana-managed on the companion) carry the same tiers:
 * `amtool check-config` and `amtool config routes test` on the Alertmanager routing, `vmalert
 * -dryRun` on the vmalert rules (`promtool check rules` on the Prometheus ones is in
 * ../provisioning/promtool.test.ts). Broken copies are rejected, so each check can fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from '../../support/prometheus';
import { GRAFANA_ALERTS, PROVISIONING, readYaml } from '../provisioning/files';
import { durationSeconds } from './loopFixtures';
import { ANOMALY_ALERT_SCORE } from '../../../src/common/anomalyAlertScore';
import { exhaustionTier, TIER_WINDOWS } from '../../../src/common/exhaustionTiers';
import { DEFAULT_OPTIONS } from '../../../src/panels/anomaly/types';

const exec = promisify(execFile);
const VMALERT_RULES = join(PROVISIONING, 'vmalert', 'bellwether.rules.yml');
const PROMETHEUS_RULES = join(PROVISIONING, 'prometheus', 'rules', 'bellwether.rules.yml');
const ALERTMANAGER = join(PROVISIONING, 'alertmanager', 'alertmanager.yml');

async function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(bin, args);
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/** Runs `check` on a copy of `file` with `edit` applied, in a temporary directory. */
async function onBrokenCopy(
  file: string,
  edit: (text: string) => string,
  check: (path: string) => Promise<{ code: number; output: string }>
) {
  const dir = mkdtempSync(join(tmpdir(), 'bw-alerting-'));
  try {
    const copy = join(dir, 'broken.yml');
    const text = readFileSync(file, 'utf8');
    const broken = edit(text);
    expect(broken).not.toBe(text);
    writeFileSync(copy, broken);
    return await check(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Alertmanager routing (amtool)', () => {
  const amtool = requireBinary('amtool');

  it('passes amtool check-config with two inhibit rules and three receivers', async () => {
    const r = await run(amtool, ['check-config', ALERTMANAGER]);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.output).toMatch(/2 inhibit rules/);
    expect(r.output).toMatch(/3 receivers/);
  });

  it.each([
    ['critical', 'bellwether-p0-page'],
    ['warning', 'bellwether-p1-tickets'],
    ['info', 'bellwether-p2-digest'],
  ])('routes severity=%s to %s', async (severity, receiver) => {
    const r = await run(amtool, [
      'config',
      'routes',
      'test',
      `--config.file=${ALERTMANAGER}`,
      `severity=${severity}`,
      'alertname=X',
    ]);
    // stdout names the receiver; stderr may add a warning about --alertmanager.url
    expect([r.code, r.output.trim().split('\n')[0]]).toEqual([0, receiver]);
  });

  it('inhibits the warning and info about the same signal and series, as the rules label them', () => {
    const doc = readYaml(ALERTMANAGER);
    expect(doc.inhibit_rules.map((r: any) => [r.source_matchers, r.target_matchers])).toEqual([
      [['severity="critical"'], ['severity="warning"']],
      [['severity=~"critical|warning"'], ['severity="info"']],
    ]);
    for (const r of doc.inhibit_rules) {
      expect(r.equal).toEqual(expect.arrayContaining(['signal', 'instance', 'mountpoint']));
    }
  });

  it("tells the latency alerts' series apart in inhibition and grouping: the apiserver's p99 has verb and resource, no instance", () => {
    const doc = readYaml(ALERTMANAGER);
    for (const r of doc.inhibit_rules) {
      expect(r.equal).toEqual(expect.arrayContaining(['verb', 'resource']));
    }
    expect(doc.route.group_by).toEqual(expect.arrayContaining(['verb', 'resource']));
  });

  it('rejects a routing that names a missing receiver (the check can fail)', async () => {
    const r = await onBrokenCopy(
      ALERTMANAGER,
      (t) => t.replace('receiver: bellwether-p0-page', 'receiver: nobody'),
      (p) => run(amtool, ['check-config', p])
    );
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/nobody/);
  });
});

describe('vmalert rules (vmalert -dryRun)', () => {
  const vmalert = requireBinary('vmalert');

  it('accepts the shipped file, expressions and templates included', async () => {
    const r = await run(vmalert, ['-dryRun', `-rule=${VMALERT_RULES}`]);
    expect([r.code, r.output.match(/.*(error|fatal).*/gi) ?? []]).toEqual([0, []]);
  });

  it('rejects a rule with a syntax error (the check can fail)', async () => {
    const r = await onBrokenCopy(
      VMALERT_RULES,
      (t) => t.replace('< 14400', '< < 14400'),
      (p) => run(vmalert, ['-dryRun', `-rule=${p}`])
    );
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/bad prometheus expr/);
  });
});

/** One rule's tier, in a form the three files share. */
interface Tier {
  signal: string;
  severity: string;
  priority: string;
  forSeconds: number;
  /** The threshold its condition compares with (seconds for time to exhaustion). */
  threshold: number | undefined;
}

/** The number after the condition's `<` or `>` (allowing Prometheus' `4 * 3600` arithmetic). */
function thresholdOf(expr: string): number | undefined {
  const m = /[<>]\s*([\d.*\s]+)$/.exec(expr.trim());
  return m ? m[1].split('*').reduce((p, x) => p * Number(x), 1) : undefined;
}

function tiersOfRuleFile(file: string): Tier[] {
  return readYaml(file).groups.flatMap((g: any) =>
    g.rules.map((r: any) => ({
      signal: r.labels.signal,
      severity: r.labels.severity,
      priority: r.labels.priority,
      forSeconds: durationSeconds(r.for),
      // The leak rules differ on purpose (see the vmalert file): compare thresholds elsewhere.
      threshold: r.labels.signal === 'memory_leak' ? undefined : thresholdOf(String(r.expr)),
    }))
  );
}

function tiersOfGrafana(): Tier[] {
  return readYaml(GRAFANA_ALERTS).groups.flatMap((g: any) =>
    g.rules.map((r: any) => {
      const c = r.data.find((d: any) => d.refId === r.condition).model;
      return {
        signal: r.labels.signal,
        severity: r.labels.severity,
        priority: r.labels.priority,
        forSeconds: durationSeconds(r.for),
        threshold: c.type === 'threshold' ? c.conditions[0].evaluator.params[0] : undefined,
      };
    })
  );
}

const sortTiers = (t: Tier[]) => t.map((x) => JSON.stringify(x)).sort();

describe('tiers', () => {
  it('are the same in the Prometheus, vmalert and Grafana-managed rules', () => {
    const prom = sortTiers(tiersOfRuleFile(PROMETHEUS_RULES));
    expect(sortTiers(tiersOfRuleFile(VMALERT_RULES))).toEqual(prom);
    expect(sortTiers(tiersOfGrafana())).toEqual(prom);
  });

  it('follow the policy: critical/P0 full within 4 h or a 15-minute anomaly; warning/P1 2 days, a leak, a 5-minute anomaly or a pod out of line for 10 minutes; info/P2 30 days', () => {
    const tiers = tiersOfRuleFile(PROMETHEUS_RULES).map((t) => [
      t.signal,
      t.severity,
      t.priority,
      t.forSeconds,
      t.threshold,
    ]);
    expect(tiers.sort()).toEqual(
      [
        ['cpu_anomaly', 'critical', 'P0', 900, 0.76],
        ['cpu_anomaly', 'warning', 'P1', 300, 0.76],
        ['disk_full', 'critical', 'P0', 300, 4 * 3600],
        ['disk_full', 'info', 'P2', 1800, 30 * 86400],
        ['disk_full', 'warning', 'P1', 900, 2 * 86400],
        ['latency_anomaly', 'critical', 'P0', 900, 0.76],
        ['latency_anomaly', 'warning', 'P1', 60, 0.76],
        ['memory_leak', 'warning', 'P1', 3600, undefined],
        ['pod_outlier', 'warning', 'P1', 600, 0.5],
      ].sort()
    );
  });

  it("fire above the anomaly panel's default score threshold (common/anomalyAlertScore.ts), in all three files", () => {
    const anomaly = (tiers: Tier[]) =>
      tiers.filter((t) => t.signal.endsWith('_anomaly')).map((t) => [t.signal, t.severity, t.threshold]);
    for (const tiers of [tiersOfRuleFile(PROMETHEUS_RULES), tiersOfRuleFile(VMALERT_RULES), tiersOfGrafana()]) {
      expect(anomaly(tiers).length).toBeGreaterThan(0);
      expect(anomaly(tiers)).toEqual(anomaly(tiers).map(([s, v]) => [s, v, ANOMALY_ALERT_SCORE]));
    }
    // A dashboard on companion scores (score only, no flag) marks every point that pages.
    expect(DEFAULT_OPTIONS.scoreThreshold).toBe(ANOMALY_ALERT_SCORE);
  });

  it("are the home page's and the forecast panel's colours (common/exhaustionTiers.ts): the disk-full windows, compared with `<`", () => {
    const disk = (tiers: Tier[]) =>
      Object.fromEntries(tiers.filter((t) => t.signal === 'disk_full').map((t) => [t.severity, t.threshold]));
    expect(disk(tiersOfRuleFile(PROMETHEUS_RULES))).toEqual({ ...TIER_WINDOWS });
    // Every disk-full condition is "less than", as exhaustionTier compares (a time at the window's end
    // fires no alert of that tier, and is coloured as the next).
    for (const file of [PROMETHEUS_RULES, VMALERT_RULES]) {
      for (const r of readYaml(file).groups.flatMap((g: any) => g.rules)) {
        if (r.labels.signal === 'disk_full') {
          expect([r.alert, /[^<>=!]<\s*[\d.*\s]+$/.test(String(r.expr).trim())]).toEqual([r.alert, true]);
        }
      }
    }
    for (const r of readYaml(GRAFANA_ALERTS).groups.flatMap((g: any) => g.rules)) {
      if (r.labels.signal === 'disk_full') {
        const c = r.data.find((d: any) => d.refId === r.condition).model;
        expect([r.uid, c.conditions[0].evaluator.type]).toEqual([r.uid, 'lt']);
      }
    }
    const next = { critical: 'warning', warning: 'info', info: 'ok' };
    for (const [tier, w] of Object.entries(TIER_WINDOWS) as Array<[keyof typeof next, number]>) {
      expect([tier, exhaustionTier(w - 1), exhaustionTier(w)]).toEqual([tier, tier, next[tier]]);
    }
  });

  it('the Prometheus rules keep firing through a companion restart (keep_firing_for), the Grafana rules keep their state on errors', () => {
    for (const g of readYaml(PROMETHEUS_RULES).groups) {
      for (const r of g.rules) {
        expect([r.alert, r.keep_firing_for]).toEqual([r.alert, '10m']);
      }
    }
    for (const g of readYaml(GRAFANA_ALERTS).groups) {
      for (const r of g.rules) {
        expect([r.uid, r.execErrState]).toEqual([r.uid, 'KeepLast']);
      }
    }
  });
});
