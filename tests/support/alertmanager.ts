/**
 * Starts a real Alertmanager (Debian package `prometheus-alertmanager`) for integration tests: a
 * port the OS assigns (read from its log), its own temporary storage, no cluster listener, and the
 * configuration given as text. Waits on conditions (the log line, /-/ready); never skips.
 *
 * @example
 *   const am = await startAlertmanager(configYaml);
 *   const prom = await startPrometheus({ ruleFiles, alertmanagers: [am.host] });
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLog, exitedCheck, requireBinary, stopChild } from './prometheus';
import { until } from './until';

/** A running test Alertmanager. */
export interface TestAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, for Prometheus' alerting config. */
  host: string;
  stop(): Promise<void>;
}

/** Starts Alertmanager with `config` (YAML text); resolves when /-/ready answers 200. */
export async function startAlertmanager(config: string): Promise<TestAlertmanager> {
  const bin = requireBinary('prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'bellwether-am-'));
  let child: ChildProcess | undefined;
  try {
    const configFile = join(dir, 'alertmanager.yml');
    writeFileSync(configFile, config);
    const proc = spawn(
      bin,
      [
        `--config.file=${configFile}`,
        `--storage.path=${join(dir, 'data')}`,
        '--web.listen-address=127.0.0.1:0',
        // No gossip port: one instance, and nothing else on the machine to talk to.
        '--cluster.listen-address=',
        '--log.level=info',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    child = proc;
    const log = captureLog(proc);
    const port = await until('alertmanager to log its listening address', () => {
      exitedCheck(proc, log, 'alertmanager');
      const m = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log.all);
      return m ? Number(m[1]) : undefined;
    });
    const url = `http://127.0.0.1:${port}`;
    await until(`alertmanager at ${url} to be ready (/-/ready)`, async () => {
      exitedCheck(proc, log, 'alertmanager');
      const r = await fetch(url + '/-/ready').catch(() => undefined); // not answering yet
      return r?.status === 200;
    });
    return {
      url,
      host: `127.0.0.1:${port}`,
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
