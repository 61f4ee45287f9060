/**
 * The setup check for the shipped rules loaded in Prometheus or vmalert, read through Grafana's
 * `/api/prometheus/{DatasourceUID}/api/v1/rules`. fixtures/prometheus-rules.json is a real
 * Prometheus answer with provisioning/prometheus/rules loaded (see its _source);
 * tests/node/provisioning/rulesCheck.test.ts feeds a live one to the same line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setBackendSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';
import { dataSourceRulesApi, dataSourceRulesCheck } from './dataSourceRules';
import { reconcileRuleLines, SHIPPED_PROM_ALERTS, SHIPPED_RECORDING_RULES } from './dataSourceRulesLine';
import type { CheckLine } from './setupChecks';
import recorded from './fixtures/prometheus-rules.json';

type Answer = { data: unknown } | { error: { status: number; data?: unknown } };

const PROM = { uid: 'prometheus', name: 'Prometheus' };
const COMPANION = { uid: 'bellwether-prom', name: 'Bellwether (Prometheus API)' };
const EMPTY = { status: 'success', data: { groups: [] } };
const companionBuildinfo = { status: 'success', data: { version: '2.53.0', bellwetherVersion: '0.9.0' } };

/** Grafana's backend answering each URL from `answers` (404 for any other). */
function grafanaAnswers(answers: Record<string, Answer>): string[] {
  const urls: string[] = [];
  setBackendSrv({
    fetch: (options: { url: string }) =>
      new Observable((sub) => {
        urls.push(options.url);
        const a = answers[options.url] ?? { error: { status: 404, data: { message: 'Not found' } } };
        if ('data' in a) {
          sub.next({ data: a.data, status: 200, ok: true });
          sub.complete();
        } else {
          sub.error(a.error);
        }
      }),
  } as any);
  return urls;
}

const buildinfo = (uid: string) => `/api/datasources/proxy/uid/${uid}/api/v1/status/buildinfo`;

/** The recorded answer with `edit` applied to every rule (undefined drops it). */
function withRules(edit: (rule: any) => any): unknown {
  const copy = JSON.parse(JSON.stringify(recorded));
  copy.data.groups.forEach((g: any) => (g.rules = g.rules.map(edit).filter(Boolean)));
  return copy;
}

const names = (file: string, key: 'alert' | 'record') =>
  [
    ...readFileSync(join(__dirname, '../../../provisioning', file), 'utf8').matchAll(
      new RegExp(`^ +- ${key}: (\\S+)`, 'gm')
    ),
  ].map((m) => m[1]);

it('knows the names the rule files ship', () => {
  expect(SHIPPED_PROM_ALERTS).toEqual(names('prometheus/rules/bellwether.rules.yml', 'alert'));
  expect(SHIPPED_PROM_ALERTS).toEqual(names('vmalert/bellwether.rules.yml', 'alert'));
  expect(SHIPPED_RECORDING_RULES).toEqual(names('prometheus/rules/node.rules.yml', 'record'));
  expect(SHIPPED_PROM_ALERTS.length).toBe(9);
});

it('is ok when Prometheus holds every shipped rule, and names the companion as holding none by design', async () => {
  const urls = grafanaAnswers({
    [dataSourceRulesApi('prometheus')]: { data: recorded },
    [dataSourceRulesApi('bellwether-prom')]: { data: EMPTY },
    [buildinfo('bellwether-prom')]: { data: companionBuildinfo },
  });
  const line = await dataSourceRulesCheck([PROM, COMPANION]);
  expect(urls).toContain('/api/prometheus/prometheus/api/v1/rules');
  expect(line).toEqual({
    id: 'dsrules',
    title: 'Rules (Prometheus, vmalert)',
    state: 'ok',
    detail: '9 of 9 alert rules and 1 of 1 recording rule loaded in “Prometheus”, none failing.',
    found: 10,
  });
});

it('names the missing rules and the file to load', async () => {
  grafanaAnswers({
    [dataSourceRulesApi('prometheus')]: {
      data: withRules((r) => (r.type === 'recording' || r.name === 'BellwetherPodOutOfLine' ? undefined : r)),
    },
  });
  const line = await dataSourceRulesCheck([PROM]);
  expect(line).toMatchObject({
    state: 'warn',
    detail:
      '8 of 9 alert rules and 0 of 1 recording rule loaded in “Prometheus”, none failing; missing “BellwetherPodOutOfLine”, “instance:node_cpu_utilisation:rate5m”.',
  });
  expect(line.fix).toMatch(
    /^Load provisioning\/prometheus\/rules\/bellwether\.rules\.yml and provisioning\/prometheus\/rules\/node\.rules\.yml in “Prometheus”/
  );
});

it('fails with the erroring rule and its lastError on one line', async () => {
  grafanaAnswers({
    [dataSourceRulesApi('prometheus')]: {
      data: withRules((r) =>
        r.name === 'BellwetherMemoryLeakSuspected'
          ? {
              ...r,
              health: 'err',
              lastError: 'vector contains metrics with the same labelset\n after applying rule labels',
            }
          : r
      ),
    },
  });
  const line = await dataSourceRulesCheck([PROM]);
  expect(line).toMatchObject({
    state: 'fail',
    detail:
      '1 shipped rule fails to evaluate; “BellwetherMemoryLeakSuspected” in “Prometheus”: vector contains metrics with the same labelset after applying rule labels.',
  });
  expect(`${line.detail} ${line.fix}`).not.toMatch(/\n/);
});

it('warns when a Prometheus answered without our rules', async () => {
  grafanaAnswers({
    [dataSourceRulesApi('prometheus')]: { data: EMPTY },
    [dataSourceRulesApi('bellwether-prom')]: { data: EMPTY },
    [buildinfo('bellwether-prom')]: { data: companionBuildinfo },
  });
  const line = await dataSourceRulesCheck([PROM, COMPANION]);
  expect(line).toMatchObject({
    state: 'warn',
    detail:
      'None of the shipped rules is loaded in “Prometheus”. “Bellwether (Prometheus API)” is the companion, which holds no rules by design.',
    found: 0,
  });
  expect(line.fix).toMatch(/^Load provisioning\/prometheus\/rules\/bellwether\.rules\.yml and .*node\.rules\.yml/);
});

it('says unknown, with why, only when no source that can hold rules was read', async () => {
  grafanaAnswers({
    [dataSourceRulesApi('prometheus')]: { error: { status: 403, data: { message: 'Permission denied' } } },
    [dataSourceRulesApi('bellwether-prom')]: { data: EMPTY },
    [buildinfo('bellwether-prom')]: { data: companionBuildinfo },
  });
  const refused = await dataSourceRulesCheck([PROM, COMPANION]);
  expect(refused).toMatchObject({
    state: 'unknown',
    detail:
      'Not checked: no Prometheus data source that can hold rules could be read. Not read: “Prometheus” (HTTP 403: Permission denied). “Bellwether (Prometheus API)” is the companion, which holds no rules by design.',
  });
  expect(refused.fix).toMatch(/may read data source rules/);
  grafanaAnswers({});
  expect(await dataSourceRulesCheck([PROM])).toMatchObject({
    state: 'unknown',
    detail:
      'Not checked: no Prometheus data source that can hold rules could be read. Not read: “Prometheus” (HTTP 404: Not found).',
  });
  expect(await dataSourceRulesCheck([])).toMatchObject({
    state: 'unknown',
    detail: 'Not checked: Grafana has no Prometheus data source (its rules API serves only Prometheus and Loki types).',
  });
});

it('does not warn about the empty home when the other one holds the rules', () => {
  const grafanaNone: CheckLine = {
    id: 'alerts',
    title: 'Alert rules (Grafana)',
    state: 'warn',
    detail: 'None…',
    fix: 'x',
    found: 0,
  };
  const dsOk: CheckLine = { id: 'dsrules', title: 'Rules (Prometheus, vmalert)', state: 'ok', detail: '…', found: 10 };
  expect(reconcileRuleLines(grafanaNone, dsOk)[0]).toMatchObject({
    state: 'ok',
    detail: 'None here: the shipped rules are loaded elsewhere (Rules (Prometheus, vmalert)).',
    fix: undefined,
  });
  const dsNone: CheckLine = { ...dsOk, state: 'warn', found: 0 };
  const grafanaSome: CheckLine = { ...grafanaNone, state: 'warn', found: 6 };
  expect(reconcileRuleLines(grafanaSome, dsNone)).toEqual([
    grafanaSome,
    { ...dsNone, state: 'ok', detail: expect.stringMatching(/^None here/), fix: undefined },
  ]);
});
