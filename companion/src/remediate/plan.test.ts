import { planAction } from './plan';
import { formatQuantity, parseQuantity } from './quantity';
import { RateLimiter, SeenAlerts } from './rateLimiter';
import type { RemediationRule } from './remediateConfig';

const rule = (extra: Partial<RemediationRule>): RemediationRule => ({
  name: 'r',
  matchers: [],
  action: 'restart',
  target: { kind: 'Deployment', name: 'x' },
  cooldownMs: 0,
  maxPerHour: 1,
  ...extra,
});
const GI = 2 ** 30;

it('scales within bounds, and not past them', () => {
  const up = rule({ action: 'scale', scale: { by: 2, min: 1, max: 4 } });
  const t = { kind: 'Deployment' as const, namespace: 'web', name: 'api' };
  expect(planAction(up, t, { spec: { replicas: 3 } }, 0, 'k')).toMatchObject({
    change: { replicas: { from: 3, to: 4 } },
  });
  expect(planAction(up, t, { spec: { replicas: 4 } }, 0, 'k')).toBe('already at 4 replicas, the maximum of [1, 4]');
  const down = rule({ action: 'scale', scale: { by: -1, min: 2, max: 4 } });
  expect(planAction(down, t, { spec: { replicas: 2 } }, 0, 'k')).toBe('already at 2 replicas, the minimum of [2, 4]');
});

it('expands a claim up to its limit, never beyond', () => {
  const r = rule({ action: 'expandPvc', expand: { byBytes: 10 * GI, limitBytes: 25 * GI } });
  const t = { kind: 'PersistentVolumeClaim' as const, namespace: 'web', name: 'data' };
  const claim = (storage: string) => ({ spec: { resources: { requests: { storage } } } });
  expect(planAction(r, t, claim('20Gi'), 0, 'k')).toMatchObject({ change: { storage: { from: '20Gi', to: '25Gi' } } });
  expect(planAction(r, t, claim('25Gi'), 0, 'k')).toBe('already at 25Gi, the limit is 25Gi');
  expect(planAction(r, t, claim('1.5x'), 0, 'k')).toMatch(/is not a size$/);
});

it('does not cordon a cordoned node again', () => {
  expect(
    planAction(rule({ action: 'cordon' }), { kind: 'Node', name: 'n' }, { spec: { unschedulable: true } }, 0, 'k')
  ).toBe('the node is already cordoned');
});

it('reads and writes storage quantities', () => {
  expect(parseQuantity('10Gi')).toBe(10 * GI);
  expect(parseQuantity('500M')).toBe(5e8);
  expect(parseQuantity('1e3')).toBeUndefined();
  expect(formatQuantity(1536 * 2 ** 20)).toBe('1536Mi');
  expect(formatQuantity(20 * GI)).toBe('20Gi');
});

it('keeps a cool-down and an hourly limit per target', () => {
  const limiter = new RateLimiter();
  const min = 60_000;
  expect(limiter.check('D/web/api', 0, 10 * min, 2)).toBeUndefined();
  limiter.record('D/web/api', 0);
  expect(limiter.check('D/web/api', 5 * min, 10 * min, 2)).toMatch(/^cool-down: /);
  expect(limiter.check('D/web/other', 5 * min, 10 * min, 2)).toBeUndefined();
  limiter.record('D/web/api', 11 * min);
  expect(limiter.check('D/web/api', 30 * min, 10 * min, 2)).toMatch(
    /^rate limit: 2 actions on D\/web\/api in the last hour/
  );
  expect(limiter.check('D/web/api', 61 * min, 10 * min, 2)).toBeUndefined(); // the first left the hour
});

it('remembers handled alerts for a while, then forgets them', () => {
  const seen = new SeenAlerts(1000);
  seen.add('a', 0);
  expect(seen.has('a', 1000)).toBe(true);
  expect(seen.has('a', 1001)).toBe(false);
});
