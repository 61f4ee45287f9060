/**
 * `bellwether serve [--config companion.yaml] [--demo] [--port N] [--host H]`: runs the companion
 * (Prometheus-compatible API for derived series). Settings come from the YAML file, then the
 * environment (BELLWETHER_* variables, see docs/companion.md), then these flags.
 * Stops gracefully on SIGINT/SIGTERM.
 */
import { startCompanion } from '../../companion/src/app';
import type { CompanionConfig } from '../../companion/src/config/config';
import { ConfigError, loadConfig, type LoadOptions } from '../../companion/src/config/loadConfig';
import { listenErrorMessage } from '../../companion/src/listenError';
import { reportUsageError, splitEqualsForms, unknownOption } from '../args';
import { EXIT } from '../exitCodes';

export const summary = 'Run the companion: a Prometheus-compatible API for anomaly, forecast and trend series.';

/** Exit codes of `serve` (docs/companion.md, "Exit codes"). */
export const SERVE_EXIT = {
  /** Stopped by SIGINT or SIGTERM. */
  ok: EXIT.ok,
  /** Valid configuration, but the companion cannot run: the port is in use, the host is not ours. */
  runtime: 1,
  /** A wrong option, or a configuration problem: unreadable file, bad YAML, bad or unknown key. */
  config: EXIT.usage,
} as const;

const USAGE = `Usage: bellwether serve [--config companion.yaml] [--demo] [--host HOST] [--port PORT]

  --config FILE  YAML configuration (see companion/companion.example.yaml)
  --demo         use the embedded demo upstream instead of the configured one
  --host HOST    listen address (default 127.0.0.1; BELLWETHER_LISTEN_HOST)
  --port PORT    listen port (default 9091; 0 = any free port; BELLWETHER_LISTEN_PORT)

Exit codes: 0 stopped by a signal, 1 cannot run (e.g. port in use), 2 bad option or configuration.
`;

const VALUE_FLAGS = ['--config', '--port', '--host'];
const FLAGS = [...VALUE_FLAGS, '--demo', '--help'];

export async function run(argv: string[]): Promise<number> {
  const args = splitEqualsForms(argv, VALUE_FLAGS);
  let configPath: string | undefined;
  const flags: LoadOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = args[i + 1];
    const needsValue = a === '--config' || a === '-c' || a === '--port' || a === '--host';
    if (needsValue && value === undefined) {
      return reportUsageError('serve', `${a} needs a value`);
    }
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      return SERVE_EXIT.ok;
    } else if (a === '--config' || a === '-c') {
      configPath = args[++i];
    } else if (a === '--demo') {
      flags.demo = true;
    } else if (a === '--port') {
      flags.port = args[++i];
    } else if (a === '--host') {
      flags.host = args[++i];
    } else {
      return reportUsageError('serve', unknownOption(a, FLAGS));
    }
  }
  let config: CompanionConfig;
  try {
    config = loadConfig(configPath, process.env, flags);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.problems.map((p) => `bellwether serve: ${p}\n`).join(''));
      return SERVE_EXIT.config;
    }
    throw err;
  }
  let companion;
  try {
    companion = await startCompanion(config);
  } catch (err) {
    const message = listenErrorMessage(err, config.listen.host, config.listen.port);
    if (message === undefined) {
      throw err;
    }
    process.stderr.write(`bellwether serve: ${message}\n`);
    return SERVE_EXIT.runtime;
  }
  process.stdout.write(
    `Bellwether companion listening on ${companion.url} (upstream: ${companion.upstream.description})\n`
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      companion.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return SERVE_EXIT.ok;
}
