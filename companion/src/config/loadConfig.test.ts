import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, fromRaw, loadConfig } from './loadConfig';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-config-'));

  it('reads the example file', () => {
    const cfg = loadConfig(join(__dirname, '../../companion.example.yaml'), {});
    expect(cfg.upstream).toMatchObject({ type: 'prometheus', url: 'http://localhost:9090', timeoutMs: 30_000 });
    expect(cfg.rules.list.map((r) => r.name)).toEqual(['node_disk', 'api_latency']);
    expect(cfg.limits.maxPoints).toBe(11_000);
  });

  it('lets the environment override the file', () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'upstream:\n  url: http://a:9090\nlisten:\n  port: 1234\n');
    const cfg = loadConfig(file, {
      BELLWETHER_UPSTREAM_URL: 'http://b:9090',
      BELLWETHER_LISTEN_PORT: '4321',
      BELLWETHER_AUTH_TOKEN: 't',
    });
    expect(cfg.upstream).toMatchObject({ url: 'http://b:9090' });
    expect(cfg.listen.port).toBe(4321);
    expect(cfg.authToken).toBe('t');
  });

  it('reads secrets from files', () => {
    const secret = join(dir, 'token');
    writeFileSync(secret, 'abc\n');
    const cfg = fromRaw({ upstream: { url: 'http://p:9090', bearerTokenFile: secret } });
    expect(cfg.upstream).toMatchObject({ bearerToken: 'abc' });
  });

  it.each([
    [{ upstream: { type: 'prometheus', url: 'ftp://x' } }, 'upstream.url must be an http(s) URL, got "ftp://x"'],
    [{ upstream: { type: 'mimir' } }, 'upstream.type must be "prometheus" or "demo", got "mimir"'],
    [{ limits: { maxConcurrent: 0 } }, 'limits.maxConcurrent must be an integer between 1 and 9007199254740991, got 0'],
    [{ limits: { queryTimeout: 'soon' } }, 'limits.queryTimeout must be a duration like 30s or 5m, got "soon"'],
    [
      { rules: { series: [{ name: 'a', expr: 'anomaly_score(x)' }] } },
      'rules.series[0].expr must be plain PromQL; the record list chooses our functions',
    ],
    [
      { rules: { series: [{ name: 'a', expr: 'x', record: ['forecast'] }] } },
      'rules.series[0].horizon must be a duration like 1d when forecast is recorded',
    ],
    [
      { rules: { series: [{ name: 'a', expr: 'x', record: ['trends'] }] } },
      'rules.series[0].record entries must be anomaly, forecast, time_to_exhaustion or trend, got "trends"',
    ],
    [
      { rules: { series: [{ name: 'a', expr: 'x', record: 'trend' }] } },
      'rules.series[0].record must be a non-empty list like [anomaly, trend], got "trend"',
    ],
    [
      { rules: { series: [{ name: 'a-b', expr: 'x' }] } },
      'rules.series[0].name must be a metric-name prefix like node_disk, got "a-b"',
    ],
  ])('rejects %j', (raw, message) => {
    expect(() => fromRaw(raw)).toThrow(new ConfigError(message));
  });

  it('defaults to the demo upstream when no URL is given', () => {
    expect(fromRaw({}).upstream).toEqual({ type: 'demo' });
  });
});
