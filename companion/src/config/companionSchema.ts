/**
 * Every key of companion.yaml, with its type and range (see docs/companion.md for their meaning and
 * defaults). Anything else in the file is an error naming the closest valid key.
 */
import { DETECTOR_MODELS, isForecastModel } from '../../../src/common/models';
import { closestKey } from './closestKey';
import { RECORD_KINDS } from './config';
import {
  bool,
  byteSize,
  duration,
  durationText,
  int,
  list,
  mapping,
  number,
  num,
  oneOf,
  secret,
  str,
  stringMap,
} from './schema';

/** A file holding a secret (read after validation). */
const secretFile = () => str({ nonEmpty: true, what: 'a file path' });

const URL_RE = /^https?:\/\/[^/\s]+/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Log levels, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * `defaults.model`: the detector of anomaly_* queries that name no model (src/engine/detectRuns.ts);
 * forecasts and time to exhaustion never read it, so a forecaster there is an error, said as such.
 */
const detectorModel = () =>
  oneOf(DETECTOR_MODELS, {
    what: 'a detector (the model of anomaly_* queries without model=)',
    hint: (v) => {
      if (typeof v !== 'string') {
        return undefined;
      }
      if (isForecastModel(v)) {
        return `${v} is a forecaster: forecasts take model= per query, not from defaults.model`;
      }
      const near = closestKey(v, DETECTOR_MODELS);
      return near ? `did you mean ${near}?` : undefined;
    },
  });

/** One entry of `rules.series`. */
export const RULE_SCHEMA = mapping({
  name: str({ pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/, what: 'a metric-name prefix like node_disk' }),
  expr: str({ nonEmpty: true, what: 'a PromQL expression' }),
  record: list(oneOf(RECORD_KINDS), '[anomaly, trend]'),
  options: str(),
  horizon: durationText(),
  capacity: number(),
});

const CONFIG_SHAPE = {
  listen: mapping({ host: str({ nonEmpty: true, what: 'an address like 127.0.0.1 or 0.0.0.0' }), port: int(0, 65535) }),
  upstream: mapping({
    type: oneOf(['prometheus', 'demo'] as const),
    url: str({ pattern: URL_RE, what: 'an http(s) URL like http://prometheus:9090' }),
    timeout: duration(),
    bearerToken: secret(),
    bearerTokenFile: secretFile(),
    basicAuth: mapping({ username: str({ nonEmpty: true }), password: secret(), passwordFile: secretFile() }),
    headers: stringMap(),
  }),
  auth: mapping({ bearerToken: secret(), bearerTokenFile: secretFile() }),
  cors: mapping({ allowOrigin: str({ nonEmpty: true, what: 'an origin like https://grafana.example.com or *' }) }),
  limits: mapping({
    maxSeries: int(1),
    maxPoints: int(1),
    maxRange: duration(),
    maxBodyBytes: byteSize(1024),
    maxConcurrent: int(1),
    queryTimeout: duration(),
    maxTrainPoints: int(10),
    maxForecastSteps: int(1),
  }),
  cache: mapping({ maxBytes: byteSize(0), settle: duration(0) }),
  defaults: mapping({
    step: duration(),
    train: duration(),
    refit: duration(),
    resolution: duration(),
    model: detectorModel(),
    sensitivity: num(0, 1),
    level: num(0, 1, true),
  }),
  rules: mapping({
    interval: duration(1000),
    step: duration(),
    series: list(RULE_SCHEMA, '[{ name: disk, expr: ... }]'),
  }),
  warm: mapping({
    enabled: bool(),
    interval: duration(10_000),
    selectors: list(
      str({
        nonEmpty: true,
        what: 'a PromQL selector as the home page scans it, like instance:node_cpu_utilisation:rate5m',
      }),
      '[instance:node_cpu_utilisation:rate5m]'
    ),
  }),
  log: mapping({ level: oneOf(LOG_LEVELS) }),
  shutdownGrace: duration(0),
  pixie: mapping({
    address: str({ what: 'host:port, e.g. work.withpixie.ai:443 (empty disables Pixie)' }),
    tls: bool(),
    apiKey: secret(),
    apiKeyFile: secretFile(),
    clusterId: str({ pattern: UUID_RE, what: 'a cluster UUID' }),
    timeout: duration(),
    maxRows: int(1),
  }),
};

/** The whole file. */
export const CONFIG_SCHEMA = mapping(CONFIG_SHAPE);

/** The top-level keys of companion.yaml. */
export const CONFIG_KEYS: readonly string[] = Object.keys(CONFIG_SHAPE);
