/**
 * The "alert rules are loaded" setup check against Grafana's rules API answer
 * (fixtures/grafana-rules.json has the shape Grafana's own test expects; see its _source), and
 * the shipped titles against the provisioning file. Each state is one line, with the fix when
 * something is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setBackendSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';
import {
  alertRulesCheck,
  GRAFANA_HEALTH_API,
  GRAFANA_RULES_API,
  grafanaCheck,
  SHIPPED_ALERT_TITLES,
} from './setupChecks';
import recorded from './fixtures/grafana-rules.json';

type Answer = { data: unknown } | { error: { status: number; data?: unknown } };

/** Grafana's backend client answering the rules API with `answer`. */
function grafanaAnswers(answer: Answer): string[] {
  const urls: string[] = [];
  setBackendSrv({
    fetch: (options: { url: string }) =>
      new Observable((sub) => {
        urls.push(options.url);
        if ('data' in answer) {
          sub.next({ data: answer.data, status: 200, ok: true });
          sub.complete();
        } else {
          sub.error(answer.error);
        }
      }),
  } as any);
  return urls;
}

/** The recorded answer with `edit` applied to every rule. */
function withRules(edit: (rule: any) => any): unknown {
  const copy = JSON.parse(JSON.stringify(recorded));
  copy.data.groups.forEach((g: any) => (g.rules = g.rules.map(edit).filter(Boolean)));
  return copy;
}

const oneLine = (line: { detail: string; fix?: string }) =>
  expect(`${line.detail} ${line.fix ?? ''}`).not.toMatch(/\n/);

it('lists the titles the provisioning file ships', () => {
  // Each rule's `title:` line (the yaml package's browser build does not load in jsdom).
  const file = readFileSync(join(__dirname, '../../../provisioning/alerting/bellwether-alerts.yaml'), 'utf8');
  const titles = [...file.matchAll(/^ {8}title: (.+)$/gm)].map((m) => m[1].trim());
  expect(titles.length).toBeGreaterThan(0);
  expect(SHIPPED_ALERT_TITLES).toEqual(titles);
});

it('is ok when every shipped rule is loaded and none fails, whatever other rules do', async () => {
  const urls = grafanaAnswers({ data: recorded });
  const line = await alertRulesCheck();
  expect(urls).toEqual([GRAFANA_RULES_API]);
  expect(line).toEqual({
    id: 'alerts',
    title: 'Alert rules (Grafana)',
    state: 'ok',
    detail: '9 of 9 shipped rules loaded, none failing.',
    found: 9,
  });
});

it('fails with the first failing rule and its error on one line, and the fix', async () => {
  grafanaAnswers({
    data: withRules((r) =>
      r.name === 'CPU anomaly'
        ? {
            ...r,
            health: 'error',
            lastError:
              'failed to execute query A:\n  Post "http://companion:9091/api/v1/query": dial tcp: connection refused',
          }
        : r
    ),
  });
  const line = await alertRulesCheck();
  expect(line.state).toBe('fail');
  expect(line.detail).toBe(
    '1 of 9 loaded rules fail to evaluate; “CPU anomaly”: failed to execute query A: Post "http://companion:9091/api/v1/query": dial tcp: connection refused.'
  );
  expect(line.fix).toMatch(/^Check that the Bellwether data source and its companion answer/);
  oneLine(line);
});

it('warns when a rule gets no data, when some are missing, and when none is loaded', async () => {
  grafanaAnswers({ data: withRules((r) => (r.name === 'Memory leak suspected' ? { ...r, health: 'nodata' } : r)) });
  expect(await alertRulesCheck()).toMatchObject({
    state: 'warn',
    detail: '1 of 9 loaded rules get no data (“Memory leak suspected”).',
  });
  grafanaAnswers({
    data: withRules((r) => (r.name.startsWith('p99') || r.name === 'Pod out of line' ? undefined : r)),
  });
  const missing = await alertRulesCheck();
  expect(missing).toMatchObject({
    state: 'warn',
    detail: '6 of 9 shipped rules loaded, none failing; missing “p99 latency anomaly sustained” and 2 more.',
  });
  expect(missing.fix).toMatch(/^Provision provisioning\/alerting\/bellwether-alerts\.yaml/);
  grafanaAnswers({ data: { status: 'success', data: { groups: [] } } });
  expect(await alertRulesCheck()).toMatchObject({
    state: 'warn',
    detail: 'None of the shipped Bellwether alert rules is loaded in Grafana.',
  });
});

it('says unknown, not ok, when Grafana does not list its rules', async () => {
  grafanaAnswers({ error: { status: 403, data: { message: 'Forbidden' } } });
  const refused = await alertRulesCheck();
  expect(refused).toMatchObject({ state: 'unknown', detail: 'Grafana refused to list alert rules (HTTP 403).' });
  expect(refused.fix).toMatch(/may read alert rules/);
  grafanaAnswers({ error: { status: 404 } });
  expect(await alertRulesCheck()).toMatchObject({
    state: 'unknown',
    detail: "Grafana's rules API did not answer (HTTP 404); rules loaded in Prometheus or vmalert have their own line.",
  });
  grafanaAnswers({ data: '<html>login</html>' });
  expect(await alertRulesCheck()).toMatchObject({
    state: 'unknown',
    detail: "Grafana's rules API answered without rule groups (status missing).",
  });
});

describe('the Grafana version, from its server', () => {
  it("reads the server's version from /api/health", async () => {
    const urls = grafanaAnswers({ data: { database: 'ok', version: '12.4.2', commit: 'abc' } });
    expect(await grafanaCheck('12.4.2')).toMatchObject({
      state: 'ok',
      detail: 'Grafana 12.4.2 (supported: 12.4.0 and later).',
    });
    expect(urls).toEqual([GRAFANA_HEALTH_API]);
    grafanaAnswers({ data: { database: 'ok', version: '11.6.0' } });
    expect(await grafanaCheck('11.6.0')).toMatchObject({ state: 'fail', fix: 'Upgrade Grafana to 12.4.0 or later.' });
  });

  it('with no Grafana server (the demo preview), says so instead of "supported"', async () => {
    grafanaAnswers({ error: { status: 404, data: { message: 'not found' } } });
    const line = await grafanaCheck('12.4.2');
    expect(line.state).toBe('unknown');
    expect(line.detail).toMatch(/^Not checked: no Grafana server answered \/api\/health \(HTTP 404\)/);
    oneLine(line);
  });
});
