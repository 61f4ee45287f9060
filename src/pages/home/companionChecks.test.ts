/**
 * The setup checks when the companion answers but its upstream does not, and when the companion is
 * down behind a proxy that answers for it: each says which of the two is wrong, in words, never as
 * the raw JSON of an error body.
 */
import { setBackendSrv } from '@grafana/runtime';
import { Observable } from 'rxjs';
import { CompanionClient } from './companionClient';
import { companionBannerTitle, dataSourceAndCompanionChecks, recordingCheck } from './setupChecks';

type Reply = { data: unknown } | { status: number; data: unknown };

/** Grafana's backend client answering each path (the part after the companion base) with `replies`. */
function companionAnswers(replies: Record<string, Reply>): void {
  setBackendSrv({
    fetch: (options: { url: string }) =>
      new Observable((sub) => {
        const path = options.url.replace('/companion', '');
        const reply = replies[path];
        if (reply && !('status' in reply)) {
          sub.next({ data: reply.data, status: 200, ok: true });
          sub.complete();
        } else {
          sub.error({
            status: reply?.status ?? 404,
            statusText: 'Service Unavailable',
            data: reply?.data ?? 'not found',
          });
        }
      }),
  } as any);
}

const ds = { uid: 'ml', name: 'Bellwether ML', companionBase: '/companion', companionUrl: 'http://companion:9091' };
const client = new CompanionClient('/companion');
/** What a proxy in front of a stopped companion answers (preview/server.ts), as a text call receives it. */
const PROXY_DOWN = JSON.stringify({
  status: 'error',
  errorType: 'unavailable',
  error: 'companion unreachable: connect ECONNREFUSED 127.0.0.1:9091',
});

it('says the companion answered but cannot reach its upstream, not that the companion is unreachable', async () => {
  const upstreamDown = 'upstream http://prometheus:9090 is unreachable: ECONNREFUSED';
  companionAnswers({
    '/api/v1/query': { status: 503, data: { status: 'error', errorType: 'unavailable', error: upstreamDown } },
    '/api/v1/status/buildinfo': {
      data: { data: { bellwetherVersion: '0.1.0', bellwetherUpstream: 'prometheus http://prometheus:9090' } },
    },
    // The companion's readiness is text: the reason it is not ready.
    '/-/ready': { status: 503, data: `Bellwether companion is not ready: ${upstreamDown}\n` },
  });
  const [, companion] = await dataSourceAndCompanionChecks(ds, client);
  expect(companion.state).toBe('fail');
  expect(companion.detail).toBe(
    `Bellwether 0.1.0, reading from prometheus http://prometheus:9090; not ready: Bellwether companion is not ready: ${upstreamDown}`
  );
  expect(companionBannerTitle(companion)).toBe('The companion cannot reach its upstream');
});

it('says the companion is not answering when it does not, and reads the error out of a JSON body given as text', async () => {
  companionAnswers({
    '/api/v1/query': { status: 503, data: JSON.parse(PROXY_DOWN) },
    '/api/v1/status/buildinfo': { status: 503, data: JSON.parse(PROXY_DOWN) },
    '/-/ready': { status: 503, data: PROXY_DOWN },
    '/metrics': { status: 503, data: PROXY_DOWN },
  });
  const [, companion] = await dataSourceAndCompanionChecks(ds, client);
  expect(companionBannerTitle(companion)).toBe('The companion is not answering');
  const recording = await recordingCheck(client);
  expect(recording.detail).toBe('Not checked: companion unreachable: connect ECONNREFUSED 127.0.0.1:9091.');
});

it('tells a companion with no recording rules configured from one whose rules have not run yet', async () => {
  const metrics = (configured: number | undefined) =>
    companionAnswers({
      '/metrics': {
        data: `bellwether_rule_evaluations_total 0\n${configured === undefined ? '' : `bellwether_rules_configured ${configured}\n`}`,
      },
    });
  // The demo's companion: none configured.
  metrics(0);
  expect(await recordingCheck(client)).toMatchObject({
    state: 'warn',
    detail: 'This companion has no recording rules configured (rules.series in its companion.yaml is empty).',
    fix: expect.stringMatching(/^Add rules\.series/),
  });
  metrics(3);
  expect(await recordingCheck(client)).toMatchObject({
    state: 'unknown',
    detail: '3 recording rules configured, not evaluated yet: the companion just started.',
  });
  // A companion older than the gauge: either may be true.
  metrics(undefined);
  expect((await recordingCheck(client)).detail).toBe(
    'No recording rule has been evaluated: none are configured, or the companion just started.'
  );
});
