/**
 * `bellwether demo [--port 3100] [--host 127.0.0.1] [--no-build]`: the quick start (`npm start`).
 * Builds what is missing (the plugin's dist/ via `npm run build`, the harness vendor bundle and the
 * preview script via esbuild), starts the companion on the embedded demo upstream (deterministic
 * demo series: CPU with incidents, a memory leak, a filling disk, latency spikes, request rates,
 * plus a web-1 CPU incident under way at the start, so the page's one time is now),
 * and serves the preview page that renders the built panels and eBPF page over the companion's
 * Prometheus API. Needs no Prometheus and no Grafana. Stops cleanly on SIGINT/SIGTERM.
 */
import { startCompanion, type Companion } from '../../companion/src/app';
import { fromRaw } from '../../companion/src/config/loadConfig';
import { liveIncidentAt } from '../../companion/src/upstream/demo/demoSeries';
import { DemoUpstream } from '../../companion/src/upstream/demo/demoUpstream';
import type * as PreviewBuild from '../../preview/build';
import type * as PluginBuild from '../../preview/pluginBuild';
import type * as PreviewServerModule from '../../preview/server';
import { parseOrExit, splitEqualsForms, unknownOption } from '../args';

// The preview modules need the checkout's dev dependencies (esbuild): loaded by run() only, so
// `bellwether help` also works in the companion's container image, which has no preview.
/* eslint-disable @typescript-eslint/no-require-imports */
const previewBuild = () => require('../../preview/build') as typeof PreviewBuild;
const pluginBuild = () => require('../../preview/pluginBuild') as typeof PluginBuild;
const previewServer = () => require('../../preview/server') as typeof PreviewServerModule;
/* eslint-enable @typescript-eslint/no-require-imports */

export const summary = 'Quick start: the companion on demo data plus a preview page with the panels (no Grafana needed).';

const USAGE = `Usage: bellwether demo [--port PORT] [--host HOST] [--no-build]

  --port PORT  port of the preview page (default 3100; 0 = any free port)
  --host HOST  listen address (default 127.0.0.1; 0.0.0.0 to reach it from other machines)
  --no-build   do not rebuild dist/ when src/ is newer (it is still built when missing)
`;

export interface DemoArgs {
  port: number;
  host: string;
  build: boolean;
}

const VALUE_FLAGS = ['--port', '--host'];

/** The demo's flags; exported for its test. */
export function parseArgs(argv: string[]): DemoArgs | string {
  const args = splitEqualsForms(argv, VALUE_FLAGS);
  const out: DemoArgs = { port: 3100, host: '127.0.0.1', build: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port') {
      const p = Number(args[++i]);
      if (!Number.isInteger(p) || p < 0 || p > 65535) {
        return `--port needs a port number from 0 to 65535, got ${JSON.stringify(args[i] ?? '')}`;
      }
      out.port = p;
    } else if (a === '--host') {
      if (!args[i + 1]) {
        return '--host needs an address';
      }
      out.host = args[++i];
    } else if (a === '--no-build') {
      out.build = false;
    } else {
      return unknownOption(a, [...VALUE_FLAGS, '--no-build', '--help']);
    }
  }
  return out;
}

async function ensurePluginBuilt(allowRebuild: boolean): Promise<boolean> {
  const { buildReason, runPluginBuild } = pluginBuild();
  const reason = buildReason();
  if (!reason || (reason === 'stale' && !allowRebuild)) {
    return true;
  }
  process.stderr.write(reason === 'missing' ? 'Building the plugin (dist/ is missing)…\n' : 'Rebuilding the plugin (src/ is newer than dist/)…\n');
  const code = await runPluginBuild();
  if (code === 0) {
    return true;
  }
  if (reason === 'stale') {
    process.stderr.write(`bellwether demo: npm run build failed (exit ${code}); showing the previous build in dist/.\n`);
    return true;
  }
  process.stderr.write(`bellwether demo: npm run build failed (exit ${code}); the preview needs dist/.\n`);
  return false;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseOrExit('demo', argv, USAGE, parseArgs);
  if (typeof args === 'number') {
    return args;
  }
  // Signals during start-up stop it too: remember them and shut down whatever has started.
  let stopRequested = false;
  let wake: (() => void) | undefined;
  const onSignal = () => {
    stopRequested = true;
    wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let companion: Companion | undefined;
  let preview: PreviewServerModule.PreviewServer | undefined;
  try {
    if (!(await ensurePluginBuilt(args.build)) || stopRequested) {
      return stopRequested ? 0 : 1;
    }
    // Bundling the preview takes tens of seconds on a slow machine: say so, or it looks hung.
    process.stderr.write('Starting the demo: bundling the preview page and starting the companion on demo data…\n');
    await previewBuild().buildPreview();
    const config = fromRaw({ listen: { host: '127.0.0.1', port: 0 }, upstream: { type: 'demo' }, log: { level: 'warn' } });
    // An incident under way at the start (web-1's CPU, from 15 min before): the page then shows
    // "Anomalous now" at now, and every view reads the time the companion calls now.
    const started = Date.now();
    companion = await startCompanion(config, { upstream: new DemoUpstream(Date.now, { live: liveIncidentAt(started) }) });
    try {
      preview = await previewServer().startPreviewServer(args.host, args.port, companion.url);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      process.stderr.write(
        e.code === 'EADDRINUSE'
          ? `bellwether demo: port ${args.port} is in use; choose another with --port\n`
          : `bellwether demo: cannot listen on ${args.host}:${args.port}: ${e.message}\n`
      );
      return 1;
    }
    process.stdout.write(
      [
        `Bellwether demo: ${preview.url}`,
        `  companion (Prometheus API on demo data): ${preview.url}api/v1/query_range — try anomaly_score(instance:node_cpu_utilisation:rate5m)`,
        '  Press Ctrl-C to stop.',
        '',
      ].join('\n')
    );
    if (!stopRequested) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    process.stdout.write('Stopping…\n');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await preview?.close();
    await companion?.close();
  }
}
