/**
 * `bellwether serve [--config companion.yaml] [--demo] [--port N] [--host H]`: runs the companion
 * (Prometheus-compatible API for derived series). Settings come from the YAML file, then the
 * environment (BELLWETHER_* variables, see docs/companion.md), then these flags.
 * Stops gracefully on SIGINT/SIGTERM.
 */
import { startCompanion } from '../../companion/src/app';
import { ConfigError, loadConfig } from '../../companion/src/config/loadConfig';
import { reportUsageError } from '../args';

export const summary = 'Run the companion: a Prometheus-compatible API for anomaly, forecast and trend series.';

const USAGE = `Usage: bellwether serve [--config companion.yaml] [--demo] [--host HOST] [--port PORT]

  --config FILE  YAML configuration (see companion/companion.example.yaml)
  --demo         use the embedded demo upstream instead of a Prometheus
  --host HOST    listen address (default 127.0.0.1; BELLWETHER_LISTEN_HOST)
  --port PORT    listen port (default 9091; 0 = any free port; BELLWETHER_LISTEN_PORT)
`;

export async function run(args: string[]): Promise<number> {
  let configPath: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) {
        throw new ConfigError(`${a} needs a value`);
      }
      return v;
    };
    try {
      if (a === '--help' || a === '-h') {
        process.stdout.write(USAGE);
        return 0;
      } else if (a === '--config' || a === '-c') {
        configPath = value();
      } else if (a === '--demo') {
        env.BELLWETHER_UPSTREAM_TYPE = 'demo';
      } else if (a === '--port') {
        env.BELLWETHER_LISTEN_PORT = value();
      } else if (a === '--host') {
        env.BELLWETHER_LISTEN_HOST = value();
      } else {
        return reportUsageError('serve', `unknown option ${a}`);
      }
    } catch (err) {
      return reportUsageError('serve', (err as Error).message);
    }
  }
  let config;
  try {
    config = loadConfig(configPath, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`bellwether serve: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const companion = await startCompanion(config);
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
  return 0;
}
