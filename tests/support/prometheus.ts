/**
 * Starts a real Prometheus (Debian package `prometheus`, /usr/bin/prometheus) for integration tests:
 * a port the OS assigns (it listens on 127.0.0.1:0 and the test reads the port from its log), its own
 * temporary data directory, optional history backfilled from OpenMetrics text with
 * `promtool tsdb create-blocks-from openmetrics`, optional rule files, and scrape targets given at
 * start or added later (a server started after Prometheus, on its own OS-assigned port). Every wait
 * is on a condition (the log line, /-/ready, the target list), bounded only against a hang.
 * Fails with a message naming the Debian package when the binaries are missing; never skips.
 *
 * @example
 *   const prom = await startPrometheus({ openMetrics: text });
 *   const companion = await startCompanion(... upstream: prom.url, listen port 0 ...);
 *   await prom.scrape([{ job: 'bellwether', target: new URL(companion.url).host }]);
 *   ... fetch(prom.url + '/api/v1/query?query=up') ...
 *   await prom.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { formatValue } from '../../src/common/promValue';
import { until } from './until';

/** A scrape target for the test Prometheus. */
export interface ScrapeTarget {
  job: string;
  /** host:port */
  target: string;
  /**
   * Default 2s. The scrape timeout equals the interval (Prometheus' upper bound): a slow answer from
   * a busy process still counts, and a failed scrape is simply repeated.
   */
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
  /** Rule files (recording and alerting rules), evaluated every second. */
  ruleFiles?: string[];
  /** Alertmanagers (host:port) that Prometheus sends its alerts to. */
  alertmanagers?: string[];
}

/** A running test Prometheus. */
export interface TestPrometheus {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  /**
   * Replaces the scrape targets (config reload through /-/reload) and resolves once Prometheus lists
   * every one of them as an active target.
   */
  scrape(targets: ScrapeTarget[]): Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

const exec = promisify(execFile);

/** The Debian package that provides each binary the integration tests run. */
const DEBIAN_PACKAGE = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  vmalert: 'victoria-metrics',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  amtool: 'prometheus-alertmanager',
  kubectl: 'kubernetes-client',
} as const;

/** Path of a binary from PATH or /usr/bin, or a clear error naming the Debian package. */
export function requireBinary(name: keyof typeof DEBIAN_PACKAGE): string {
  const pkg = DEBIAN_PACKAGE[name];
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  for (const d of dirs) {
    if (d && existsSync(join(d, name))) {
      return join(d, name);
    }
  }
  throw new Error(
    `${name} not found on PATH or in /usr/bin: install the Debian package "${pkg}" (sudo apt-get install ${pkg}); ` +
      'scripts/ensure-system-deps.sh does this before `npm test`.'
  );
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a test that needs an address where nothing
 * listens. Servers under test listen on port 0 instead: a port found here may be taken by the time
 * a server binds it.
 */
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

/** Prometheus' configuration (JSON is valid YAML). */
function configText(scrape: ScrapeTarget[], ruleFiles: string[], alertmanagers: string[]): string {
  return JSON.stringify({
    global: { scrape_interval: '2s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    alerting: { alertmanagers: alertmanagers.length ? [{ static_configs: [{ targets: alertmanagers }] }] : [] },
    scrape_configs: scrape.map((s) => ({
      job_name: s.job,
      scrape_interval: s.interval ?? '2s',
      scrape_timeout: s.interval ?? '2s',
      metrics_path: s.metricsPath ?? '/metrics',
      honor_labels: s.honorLabels ?? false,
      static_configs: [{ targets: [s.target] }],
    })),
  });
}

/** Starts Prometheus; resolves when /-/ready answers 200. */
export async function startPrometheus(opts: PrometheusOptions = {}): Promise<TestPrometheus> {
  const prometheus = requireBinary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'bellwether-prom-'));
  const dataDir = join(dir, 'data');
  const ruleFiles = opts.ruleFiles ?? [];
  let child: ChildProcess | undefined;
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
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, configText(opts.scrape ?? [], ruleFiles, opts.alertmanagers ?? []));
    const proc = spawn(
      prometheus,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        // Port 0: the OS assigns a free port, which no other test can take; the log names it.
        '--web.listen-address=127.0.0.1:0',
        // POST /-/reload, for targets added after start.
        '--web.enable-lifecycle',
        // Backfilled blocks are old: keep them (default retention 15d would delete them).
        '--storage.tsdb.retention.time=100y',
        // Info level, for the "Listening on" line with the assigned port.
        '--log.level=info',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    child = proc;
    const log = captureLog(proc);
    const port = await until('prometheus to log its listening address', () => {
      exitedCheck(proc, log);
      const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log.all);
      return m ? Number(m[1]) : undefined;
    });
    const url = `http://127.0.0.1:${port}`;
    await until(`prometheus at ${url} to be ready (/-/ready)`, async () => {
      exitedCheck(proc, log);
      const r = await fetch(url + '/-/ready').catch(() => undefined); // not answering yet
      return r?.status === 200;
    });
    return {
      url,
      port,
      dataDir,
      scrape: async (targets) => {
        writeFileSync(configFile, configText(targets, ruleFiles, opts.alertmanagers ?? []));
        const r = await fetch(url + '/-/reload', { method: 'POST' });
        if (r.status !== 200) {
          throw new Error(`prometheus config reload failed (${r.status}): ${await r.text()}`);
        }
        await until(`prometheus to list the targets ${targets.map((t) => t.target).join(', ')}`, async () => {
          const body = (await (await fetch(url + '/api/v1/targets?state=active')).json()) as {
            data: {
              activeTargets: Array<{
                scrapePool: string;
                labels: Record<string, string>;
                discoveredLabels: Record<string, string>;
              }>;
            };
          };
          const active = new Set(
            body.data.activeTargets.map((t) => `${t.scrapePool} ${t.discoveredLabels.__address__}`)
          );
          return targets.every((t) => active.has(`${t.job} ${t.target}`));
        });
      },
      stop: async () => {
        await stopChild(proc);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (child) {
      await stopChild(child);
    }
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Keeps a child's log (stderr): all of it up to 64 KB (for the listening line), and the tail for errors. */
export function captureLog(child: ChildProcess): { all: string; tail(): string } {
  const log = {
    all: '',
    tail: () => log.all.slice(-4000),
  };
  child.stderr!.on('data', (d) => (log.all = (log.all + d).slice(-65536)));
  return log;
}

/** Throws, with the log's tail, when the child has exited. */
export function exitedCheck(child: ChildProcess, log: { tail(): string }, name = 'prometheus'): void {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}): ${log.tail()}`);
  }
}

/** SIGTERM, then SIGKILL if the child has not exited 30 s later; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // SIGTERM lets Prometheus close its TSDB; a process that has not exited after that is killed.
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** One OpenMetrics sample line (specials spelled +Inf, -Inf, NaN); `t` in ms (written as seconds). */
export function omLine(name: string, labels: Record<string, string>, value: number, t: number): string {
  const l = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  return `${name}${l ? `{${l}}` : ''} ${formatValue(value)} ${t / 1000}`;
}
