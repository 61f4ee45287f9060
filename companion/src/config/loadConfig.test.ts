import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseByteSize } from './byteSize';
import { closestKey } from './closestKey';
import { ConfigError, fromRaw, loadConfig } from './loadConfig';

const dir = mkdtempSync(join(tmpdir(), 'bw-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The problems loading `run` throws (the error must be a ConfigError). */
const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) {
      return err.problems;
    }
    throw err;
  }
  throw new Error('no ConfigError');
};

describe('loadConfig', () => {
  it('reads the example file', () => {
    const cfg = loadConfig(join(__dirname, '../../companion.example.yaml'), {});
    expect(cfg.upstream).toMatchObject({ type: 'prometheus', url: 'http://localhost:9090', timeoutMs: 30_000 });
    expect(cfg.rules.list.map((r) => r.name)).toEqual(['node_disk', 'api_latency']);
    expect(cfg.limits.maxPoints).toBe(11_000);
    expect(cfg.cache.maxBytes).toBe(192 * 2 ** 20); // the default, sized for a 512 Mi limit
  });

  it('lets the environment override the file, and flags override both', () => {
    const path = file('a.yaml', 'upstream:\n  url: http://a:9090\nlisten:\n  port: 1234\n');
    const env = {
      BELLWETHER_UPSTREAM_URL: 'http://b:9090',
      BELLWETHER_LISTEN_PORT: '4321',
      BELLWETHER_AUTH_TOKEN: 't',
    };
    const cfg = loadConfig(path, env);
    expect(cfg.upstream).toMatchObject({ url: 'http://b:9090' });
    expect(cfg.listen.port).toBe(4321);
    expect(cfg.authToken).toBe('t');
    expect(loadConfig(path, env, { port: '5555', host: '0.0.0.0' }).listen).toEqual({ host: '0.0.0.0', port: 5555 });
  });

  it('names the variable or flag that set a bad value', () => {
    const path = file('b.yaml', 'upstream:\n  type: demo\n');
    expect(
      problems(() => loadConfig(path, { BELLWETHER_LISTEN_PORT: 'abc', BELLWETHER_CACHE_MAX_BYTES: '1 lot' }))
    ).toEqual([
      'listen.port must be an integer from 0 to 65535, got "abc" (from BELLWETHER_LISTEN_PORT)',
      'cache.maxBytes must be a size like 512 MiB, 1GiB or 536870912 (bytes), got "1 lot" (from BELLWETHER_CACHE_MAX_BYTES)',
    ]);
    expect(problems(() => loadConfig(path, { BELLWETHER_AUTH_TOKEN: '', BELLWETHER_LOG_LEVEL: '' }))).toEqual([
      'auth.bearerToken is empty; set a value or remove the key (from BELLWETHER_AUTH_TOKEN)',
    ]);
    expect(problems(() => loadConfig(path, {}, { port: '99999' }))).toEqual([
      'listen.port must be an integer from 0 to 65535, got "99999" (from --port)',
    ]);
  });

  it("refuses a misspelt BELLWETHER_ variable, naming the one meant, and leaves other commands' alone", () => {
    const path = file('typo.yaml', 'upstream:\n  type: demo\n');
    // Ignored, the first one left the companion open to anyone: no token, nothing said.
    expect(
      problems(() => loadConfig(path, { BELLWETHER_AUTH_TOKN: 's3cret', BELLWETHER_LISTEN_PROT: '9000' }))
    ).toEqual([
      'unknown variable BELLWETHER_AUTH_TOKN; did you mean BELLWETHER_AUTH_TOKEN?',
      'unknown variable BELLWETHER_LISTEN_PROT; did you mean BELLWETHER_LISTEN_PORT?',
    ]);
    // Listed before the file's own problems, all in one round.
    expect(
      problems(() => loadConfig(path, { BELLWETHER_UPSTREAM_URI: 'http://p:9090', BELLWETHER_LISTEN_PORT: 'x' }))
    ).toEqual([
      'unknown variable BELLWETHER_UPSTREAM_URI; did you mean BELLWETHER_UPSTREAM_URL?',
      'listen.port must be an integer from 0 to 65535, got "x" (from BELLWETHER_LISTEN_PORT)',
    ]);
    // The variables of remediate, the tests and the harness are not the companion's business.
    const others = {
      BELLWETHER_REMEDIATE_PORT: '1',
      BELLWETHER_REMEDIATE_DRY_RUN: '1',
      BELLWETHER_HARNESS_HOST: 'h',
      BELLWETHER_SCREENSHOT_NOW: '1',
    };
    expect(loadConfig(path, others).upstream).toMatchObject({ type: 'demo' });
  });

  it('uses the demo upstream only when asked: --demo replaces the file’s upstream', () => {
    const path = file('c.yaml', 'upstream:\n  url: http://a:9090\n  timeout: 5s\n');
    expect(loadConfig(path, {}, { demo: true }).upstream).toEqual({ type: 'demo' });
    expect(loadConfig(undefined, {}, { demo: true }).upstream).toEqual({ type: 'demo' });
    expect(loadConfig(undefined, { BELLWETHER_UPSTREAM_TYPE: 'demo' }).upstream).toEqual({ type: 'demo' });
    expect(problems(() => loadConfig(undefined, {}))).toEqual([
      'upstream is missing: set upstream.url to your Prometheus, or upstream.type: demo (serve --demo) for the built-in demo series',
    ]);
  });

  it('reads secrets from files, and rejects empty or missing ones naming the key', () => {
    const token = file('token', 'abc\n');
    expect(fromRaw({ upstream: { url: 'http://p:9090', bearerTokenFile: token } }).upstream).toMatchObject({
      bearerToken: 'abc',
    });
    const empty = file('empty-token', '\n');
    expect(problems(() => fromRaw({ upstream: { type: 'demo' }, auth: { bearerTokenFile: empty } }))).toEqual([
      `auth.bearerTokenFile: ${empty} is empty`,
    ]);
    const missing = join(dir, 'no-such-token');
    expect(problems(() => fromRaw({ upstream: { type: 'demo' }, pixie: { apiKeyFile: missing } }))).toEqual([
      `pixie.apiKeyFile: cannot read ${missing}: no such file (ENOENT)`,
    ]);
  });

  it('names a missing or unreadable file, and bad YAML with its line and column, in one line', () => {
    const missing = join(dir, 'nope.yaml');
    expect(problems(() => loadConfig(missing, {}))).toEqual([
      `cannot read config file ${missing}: no such file (ENOENT)`,
    ]);
    expect(problems(() => loadConfig(dir, {}))).toEqual([`cannot read config file ${dir}: it is a directory (EISDIR)`]);
    const bad = file('bad.yaml', 'upstream:\n  url: http://a:9090\n  url: http://b:9090\n');
    const [line, ...rest] = problems(() => loadConfig(bad, {}));
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^${bad}:3:3: invalid YAML: Map keys must be unique$`));
  });

  it('reads sizes in bytes or with units', () => {
    const maxBytes = (v: unknown) => fromRaw({ upstream: { type: 'demo' }, cache: { maxBytes: v } }).cache.maxBytes;
    expect(maxBytes('512 MiB')).toBe(536_870_912);
    expect(maxBytes('1GiB')).toBe(2 ** 30);
    expect(maxBytes('1.5 GB')).toBe(1.5e9);
    expect(maxBytes(1_048_576)).toBe(1_048_576);
    expect(maxBytes('0')).toBe(0);
    expect([parseByteSize('-1'), parseByteSize(1.5), parseByteSize('3 parsecs'), parseByteSize('1.5 B')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('rejects a rule interval that would spin, and a duplicate rule name', () => {
    const rule = { name: 'a', expr: 'x' };
    expect(
      problems(() => fromRaw({ upstream: { type: 'demo' }, rules: { interval: '500ms', series: [rule, rule] } }))
    ).toEqual([
      'rules.interval must be at least 1s, got 500ms',
      'rules.series[1].name a is also the name of rules.series[0]',
    ]);
  });
});

describe('closestKey', () => {
  it.each([
    ['upstrem', 'upstream'],
    ['maxbytes', 'maxBytes'],
    ['tiemout', 'timeout'],
    ['lsiten', 'listen'],
  ])('suggests %s -> %s', (typo, key) => {
    expect(closestKey(typo, ['listen', 'upstream', 'maxBytes', 'timeout', 'settle'])).toBe(key);
  });

  it('suggests nothing for a key unlike any', () => {
    expect(closestKey('prometheus', ['listen', 'upstream', 'auth'])).toBeUndefined();
  });
});
