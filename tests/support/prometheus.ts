/**
 * Starts a real Prometheus (Debian package `prometheus`, /usr/bin/prometheus) for integration tests:
 * a free 127.0.0.1 port, its own temporary data directory, optional history backfilled from
 * OpenMetrics text with `promtool tsdb create-blocks-from openmetrics`, and optional scrape targets.
 * Fails with a message naming the Debian package when the binaries are missing; never skips.
 *
 * @example
 *   const prom = await startPrometheus({ openMetrics: text, scrape: [{ job: 'bellwether', target: '127.0.0.1:9091' }] });
 *   ... fetch(prom.url + '/api/v1/query?query=up') ...
 *   await prom.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/** A scrape target for the test Prometheus. */
export interface ScrapeTarget {
  job: string;
  /** host:port */
  target: string;
  /** Default 1s so tests see samples quickly. */
  interval?: string;
  metricsPath?: string;
  /**
   * Keep the scraped series' own `job`/`instance` labels (needed for the companion's recorded
   * series, which carry the inner series' labels), as for federation.
   */
  honorLabels?: boolean;
}

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  /**
   * History in OpenMetrics text; timestamps in seconds, all in the past. The `# EOF` line is added
   * when missing.
   */
  openMetrics?: string;
  scrape?: ScrapeTarget[];
  /** Milliseconds to wait for readiness (default 60 s; loading backfilled blocks takes a moment). */
  readyTimeoutMs?: number;
}

/** A running test Prometheus. */
export interface TestPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

const exec = promisify(execFile);

/** Path of a binary from PATH or /usr/bin, or a clear error naming the Debian package. */
export function requireBinary(name: 'prometheus' | 'promtool'): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const d of dirs) {
    if (d && existsSync(join(d, name))) {
      return join(d, name);
    }
  }
  throw new Error(
    `${name} not found on PATH or in /usr/bin: install the Debian package "prometheus" (sudo apt-get install prometheus); ` +
      'scripts/ensure-system-deps.sh does this before `npm test`.'
  );
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts Prometheus; resolves when /-/ready answers 200. */
export async function startPrometheus(opts: PrometheusOptions = {}): Promise<TestPrometheus> {
  const prometheus = requireBinary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'bellwether-prom-'));
  const dataDir = join(dir, 'data');
  try {
    if (opts.openMetrics) {
      const promtool = requireBinary('promtool');
      const file = join(dir, 'backfill.om');
      const text = opts.openMetrics.trimEnd();
      writeFileSync(file, text.endsWith('# EOF') ? text + '\n' : text + '\n# EOF\n');
      try {
        await exec(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], { maxBuffer: 1 << 24 });
      } catch (err) {
        const e = err as { stderr?: string; stdout?: string; message: string };
        throw new Error(`promtool backfill failed: ${e.stderr || e.stdout || e.message}`);
      }
    }
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: (opts.scrape ?? []).map((s) => ({
        job_name: s.job,
        scrape_interval: s.interval ?? '1s',
        scrape_timeout: '1s',
        metrics_path: s.metricsPath ?? '/metrics',
        honor_labels: s.honorLabels ?? false,
        static_configs: [{ targets: [s.target] }],
      })),
    };
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, JSON.stringify(config)); // JSON is valid YAML
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const child = spawn(
        prometheus,
        [
          `--config.file=${configFile}`,
          `--storage.tsdb.path=${dataDir}`,
          `--web.listen-address=127.0.0.1:${port}`,
          // Backfilled blocks are old: keep them (default retention 15d would delete them).
          '--storage.tsdb.retention.time=100y',
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] }
      );
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
      try {
        await waitReady(`http://127.0.0.1:${port}`, child, opts.readyTimeoutMs ?? 60_000, () => stderr);
        return {
          url: `http://127.0.0.1:${port}`,
          port,
          dataDir,
          stop: async () => {
            await stopChild(child);
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (err) {
        lastError = err;
        await stopChild(child);
        if (!/address already in use/.test(stderr)) {
          break;
        }
      }
    }
    throw lastError;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`prometheus exited with code ${child.exitCode}: ${stderr()}`);
    }
    try {
      const r = await fetch(url + '/-/ready', { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus at ${url} not ready within ${timeoutMs} ms: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** One OpenMetrics sample line; `t` in ms (written as seconds). */
export function omLine(name: string, labels: Record<string, string>, value: number, t: number): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  return `${name}${l ? `{${l}}` : ''} ${value} ${t / 1000}`;
}
