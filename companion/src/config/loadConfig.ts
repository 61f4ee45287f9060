/**
 * Reads companion.yaml, applies environment overrides and validates, with messages that name the
 * offending key. Secrets may come from files (`bearerTokenFile`, `passwordFile`) so they stay out of
 * the YAML and out of process listings.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseDuration } from '../../../src/common/duration';
import { parseQuery } from '../query/parser';
import { type CompanionConfig, DEFAULTS, RECORD_KINDS, type RecordingRule } from './config';

/** Environment variable → config path. Applied after the file. */
export const ENV_OVERRIDES: Record<string, string> = {
  BELLWETHER_LISTEN_HOST: 'listen.host',
  BELLWETHER_LISTEN_PORT: 'listen.port',
  BELLWETHER_UPSTREAM_TYPE: 'upstream.type',
  BELLWETHER_UPSTREAM_URL: 'upstream.url',
  BELLWETHER_UPSTREAM_BEARER_TOKEN: 'upstream.bearerToken',
  BELLWETHER_UPSTREAM_USERNAME: 'upstream.basicAuth.username',
  BELLWETHER_UPSTREAM_PASSWORD: 'upstream.basicAuth.password',
  BELLWETHER_UPSTREAM_TIMEOUT: 'upstream.timeout',
  BELLWETHER_AUTH_TOKEN: 'auth.bearerToken',
  BELLWETHER_CORS_ALLOW_ORIGIN: 'cors.allowOrigin',
  BELLWETHER_CACHE_MAX_BYTES: 'cache.maxBytes',
  BELLWETHER_LOG_LEVEL: 'log.level',
  BELLWETHER_PIXIE_ADDRESS: 'pixie.address',
  BELLWETHER_PIXIE_API_KEY: 'pixie.apiKey',
  BELLWETHER_PIXIE_CLUSTER_ID: 'pixie.clusterId',
};

/** A configuration problem; the message names the key. */
export class ConfigError extends Error {}

/** Loads and validates the config from a YAML file (optional) and the environment. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): CompanionConfig {
  let raw: Record<string, unknown> = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
    }
    try {
      raw = (parse(text) as Record<string, unknown>) ?? {};
    } catch (err) {
      throw new ConfigError(`${path} is not valid YAML: ${(err as Error).message}`);
    }
  }
  for (const [name, keyPath] of Object.entries(ENV_OVERRIDES)) {
    if (env[name] !== undefined && env[name] !== '') {
      setPath(raw, keyPath, env[name]!);
    }
  }
  return fromRaw(raw);
}

/** Validates a raw (parsed YAML) object into a config. */
export function fromRaw(raw: Record<string, unknown>): CompanionConfig {
  const r = new Reader(raw);
  const d = DEFAULTS;
  const upstreamType = r.str('upstream.type', r.has('upstream.url') ? 'prometheus' : 'demo');
  let upstream: CompanionConfig['upstream'];
  if (upstreamType === 'demo') {
    upstream = { type: 'demo' };
  } else if (upstreamType === 'prometheus') {
    const url = r.str('upstream.url', '');
    if (!/^https?:\/\/[^/]/.test(url)) {
      throw new ConfigError(`upstream.url must be an http(s) URL, got ${JSON.stringify(url)}`);
    }
    const username = r.str('upstream.basicAuth.username', '');
    const password = r.secret('upstream.basicAuth.password', 'upstream.basicAuth.passwordFile');
    upstream = {
      type: 'prometheus',
      url,
      bearerToken: r.secret('upstream.bearerToken', 'upstream.bearerTokenFile'),
      basicAuth: username ? { username, password: password ?? '' } : undefined,
      headers: r.obj('upstream.headers') as Record<string, string> | undefined,
      timeoutMs: r.duration('upstream.timeout', 30_000),
    };
  } else {
    throw new ConfigError(`upstream.type must be "prometheus" or "demo", got ${JSON.stringify(upstreamType)}`);
  }
  const cfg: CompanionConfig = {
    listen: { host: r.str('listen.host', d.listen.host), port: r.int('listen.port', d.listen.port, 0, 65535) },
    upstream,
    authToken: r.secret('auth.bearerToken', 'auth.bearerTokenFile'),
    corsOrigin: r.has('cors.allowOrigin') ? r.str('cors.allowOrigin', '') : undefined,
    limits: {
      maxSeries: r.int('limits.maxSeries', d.limits.maxSeries, 1),
      maxPoints: r.int('limits.maxPoints', d.limits.maxPoints, 1),
      maxRangeMs: r.duration('limits.maxRange', d.limits.maxRangeMs),
      maxBodyBytes: r.int('limits.maxBodyBytes', d.limits.maxBodyBytes, 1024),
      maxConcurrent: r.int('limits.maxConcurrent', d.limits.maxConcurrent, 1),
      queryTimeoutMs: r.duration('limits.queryTimeout', d.limits.queryTimeoutMs),
      maxTrainPoints: r.int('limits.maxTrainPoints', d.limits.maxTrainPoints, 10),
      maxForecastSteps: r.int('limits.maxForecastSteps', d.limits.maxForecastSteps, 1),
    },
    cache: {
      maxBytes: r.int('cache.maxBytes', d.cache.maxBytes, 0),
      settleMs: r.duration('cache.settle', d.cache.settleMs),
    },
    defaults: {
      stepMs: r.duration('defaults.step', d.defaults.stepMs),
      trainMs: r.duration('defaults.train', d.defaults.trainMs),
      refitMs: r.duration('defaults.refit', d.defaults.refitMs),
      resolutionMs: r.duration('defaults.resolution', d.defaults.resolutionMs),
      model: r.has('defaults.model') ? r.str('defaults.model', '') : undefined,
      sensitivity: r.has('defaults.sensitivity') ? r.num('defaults.sensitivity', 0.5) : undefined,
      level: r.num('defaults.level', d.defaults.level),
    },
    rules: {
      intervalMs: r.duration('rules.interval', d.rules.intervalMs),
      stepMs: r.duration('rules.step', d.rules.stepMs),
      list: readRules(r),
    },
    log: { level: r.str('log.level', d.log.level) as CompanionConfig['log']['level'] },
    shutdownGraceMs: r.duration('shutdownGrace', d.shutdownGraceMs),
    pixie: {
      address: r.str('pixie.address', d.pixie.address),
      tls: r.has('pixie.tls') ? r.get('pixie.tls') !== false && r.get('pixie.tls') !== 'false' : d.pixie.tls,
      apiKey: r.secret('pixie.apiKey', 'pixie.apiKeyFile'),
      clusterId: r.has('pixie.clusterId') ? r.str('pixie.clusterId', '') : undefined,
      timeoutMs: r.duration('pixie.timeout', d.pixie.timeoutMs),
      maxRows: r.int('pixie.maxRows', d.pixie.maxRows, 1),
      maxBodyBytes: d.pixie.maxBodyBytes,
    },
  };
  if (!['debug', 'info', 'warn', 'error'].includes(cfg.log.level)) {
    throw new ConfigError(`log.level must be debug, info, warn or error, got ${JSON.stringify(cfg.log.level)}`);
  }
  return cfg;
}

function readRules(r: Reader): RecordingRule[] {
  const list = r.get('rules.series');
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new ConfigError('rules.series must be a list');
  }
  const names = new Set<string>();
  return list.map((item, i) => {
    const at = `rules.series[${i}]`;
    const rule = item as Partial<RecordingRule>;
    if (typeof rule.name !== 'string' || !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(rule.name)) {
      throw new ConfigError(`${at}.name must be a metric-name prefix like node_disk, got ${JSON.stringify(rule.name)}`);
    }
    if (names.has(rule.name)) {
      throw new ConfigError(`${at}.name ${rule.name} is used twice`);
    }
    names.add(rule.name);
    if (typeof rule.expr !== 'string' || rule.expr.trim() === '') {
      throw new ConfigError(`${at}.expr must be a PromQL expression`);
    }
    if (parseQuery(rule.expr).kind !== 'passthrough') {
      throw new ConfigError(`${at}.expr must be plain PromQL; the record list chooses our functions`);
    }
    const record = rule.record ?? ['anomaly'];
    if (!Array.isArray(record) || record.length === 0) {
      throw new ConfigError(`${at}.record must be a non-empty list like [anomaly, trend], got ${JSON.stringify(record)}`);
    }
    for (const k of record) {
      if (!RECORD_KINDS.includes(k)) {
        throw new ConfigError(
          `${at}.record entries must be anomaly, forecast, time_to_exhaustion or trend, got ${JSON.stringify(k)}`
        );
      }
    }
    if (record.includes('forecast') && (typeof rule.horizon !== 'string' || !parseDuration(rule.horizon))) {
      throw new ConfigError(`${at}.horizon must be a duration like 1d when forecast is recorded`);
    }
    if (record.includes('time_to_exhaustion') && typeof rule.capacity !== 'number') {
      throw new ConfigError(`${at}.capacity must be a number when time_to_exhaustion is recorded`);
    }
    return {
      name: rule.name,
      expr: rule.expr,
      record,
      options: rule.options,
      horizon: rule.horizon,
      capacity: rule.capacity,
    };
  });
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) {
      cur[k] = {};
    }
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = value;
}

/** Typed access to dotted paths of the raw object, with errors naming the key. */
class Reader {
  constructor(private readonly raw: Record<string, unknown>) {}

  get(path: string): unknown {
    let cur: unknown = this.raw;
    for (const k of path.split('.')) {
      if (typeof cur !== 'object' || cur === null) {
        return undefined;
      }
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur ?? undefined;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  str(path: string, dflt: string): string {
    const v = this.get(path);
    if (v === undefined) {
      return dflt;
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new ConfigError(`${path} must be a string`);
    }
    return String(v);
  }

  num(path: string, dflt: number): number {
    const v = this.get(path);
    if (v === undefined) {
      return dflt;
    }
    const n = Number(v);
    if (!Number.isFinite(n)) {
      throw new ConfigError(`${path} must be a number, got ${JSON.stringify(v)}`);
    }
    return n;
  }

  int(path: string, dflt: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const n = this.num(path, dflt);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${path} must be an integer between ${min} and ${max}, got ${n}`);
    }
    return n;
  }

  duration(path: string, dflt: number): number {
    const v = this.get(path);
    if (v === undefined) {
      return dflt;
    }
    const ms = parseDuration(String(v));
    if (ms === undefined) {
      throw new ConfigError(`${path} must be a duration like 30s or 5m, got ${JSON.stringify(v)}`);
    }
    return ms;
  }

  obj(path: string): Record<string, unknown> | undefined {
    const v = this.get(path);
    if (v !== undefined && (typeof v !== 'object' || Array.isArray(v))) {
      throw new ConfigError(`${path} must be a mapping`);
    }
    return v as Record<string, unknown> | undefined;
  }

  /** A secret given inline or as a file path (file wins; trailing newline trimmed). */
  secret(inline: string, file: string): string | undefined {
    const f = this.get(file);
    if (f !== undefined) {
      try {
        return readFileSync(String(f), 'utf8').trim();
      } catch (err) {
        throw new ConfigError(`${file}: cannot read ${f}: ${(err as Error).message}`);
      }
    }
    const v = this.get(inline);
    return v === undefined || v === '' ? undefined : String(v);
  }
}
