/**
 * The home's "Rules (Prometheus, vmalert)" setup check against real answers: a Prometheus and a
 * vmalert (Debian packages) load the shipped rule files, and their own `GET /api/v1/rules` answer
 * (the format Grafana returns at /api/prometheus/{DatasourceUID}/api/v1/rules) is fed to the line.
 * The tests wait for every rule's first evaluation, not for a fixed time.
 */
import { join } from 'node:path';
import { type Asked, dataSourceRulesLine, type PromRule } from '../../../src/pages/home/dataSourceRulesLine';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus';
import { until } from '../../support/until';
import { startVmalert, type TestVmalert } from '../../support/vmalert';
import { filesUnder, PROM_RULES_DIR, PROVISIONING } from './files';

let prom: TestPrometheus | undefined;
let vmalert: TestVmalert | undefined;

afterAll(async () => {
  await vmalert?.stop();
  await prom?.stop();
});

/** The rules of `base`'s /api/v1/rules once every one has been evaluated. */
async function evaluatedRules(base: string, n: number): Promise<PromRule[]> {
  return until(`${n} evaluated rules at ${base}/api/v1/rules`, async () => {
    const body = (await (await fetch(`${base}/api/v1/rules`)).json()) as {
      data?: { groups?: Array<{ rules: Array<PromRule & { lastEvaluation?: string }> }> };
    };
    const rules = (body.data?.groups ?? []).flatMap((g) => g.rules);
    const done = rules.filter((r) => r.lastEvaluation && !r.lastEvaluation.startsWith('0001-'));
    return rules.length === n && done.length === n && rules;
  });
}

it('says every shipped rule is loaded in a Prometheus that loads provisioning/prometheus/rules', async () => {
  const files = filesUnder(PROM_RULES_DIR, /\.ya?ml$/);
  prom = await startPrometheus({ ruleFiles: files });
  const rules = await evaluatedRules(prom.url, 10);
  const asked: Asked[] = [{ source: { uid: 'prometheus', name: 'Prometheus' }, rules, companion: false }];
  expect(dataSourceRulesLine(asked)).toEqual({
    id: 'dsrules',
    title: 'Rules (Prometheus, vmalert)',
    state: 'ok',
    detail: '9 of 9 alert rules and 1 of 1 recording rule loaded in “Prometheus”, none failing.',
    found: 10,
  });
});

it('in a vmalert whose data source is not the companion, says the rules fail, with the error', async () => {
  // The vmalert copy queries the companion's functions (anomaly_score(...)); a plain Prometheus
  // answers 400, which vmalert reports as health "err" with lastError.
  const base = prom?.url ?? (prom = await startPrometheus({})).url;
  vmalert = await startVmalert({
    ruleFiles: [join(PROVISIONING, 'vmalert', 'bellwether.rules.yml')],
    datasourceUrl: base,
    notifierUrl: base,
  });
  const rules = await evaluatedRules(vmalert.url, 9);
  const line = dataSourceRulesLine([{ source: { uid: 'vm', name: 'VictoriaMetrics' }, rules, companion: false }]);
  expect(line.state).toBe('fail');
  expect(line.detail).toMatch(
    /^9 shipped rules fail to evaluate; “BellwetherCpuAnomalySustained” in “VictoriaMetrics”: unexpected response code 400 for http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query\?query=anomaly_score/
  );
  expect(line.fix).toMatch(/-datasource\.url points at it/);
});
