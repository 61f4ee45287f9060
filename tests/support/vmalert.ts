/**
 * Starts a real vmalert (Debian package `victoria-metrics`, /usr/bin/vmalert) for integration tests:
 * rule files evaluated against a Prometheus-compatible data source (here, the companion) every
 * `evaluationInterval`, alerts sent to an Alertmanager. vmalert cannot listen on port 0 and report
 * the port, so it gets a port that was free a moment ago, and the helper checks that the process
 * answering there is this one (its /flags name its rule files). Waits on conditions; never skips.
 *
 * @example
 *   const vm = await startVmalert({ ruleFiles, datasourceUrl: companion.url, notifierUrl: am.url });
 *   const before = await vm.executions();
 *   await until('3 more evaluations', async () => (await vm.executions()).total >= before.total + 3);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { captureLog, exitedCheck, freePort, requireBinary, stopChild } from './prometheus';
import { until } from './until';

/** Options of {@link startVmalert}. */
export interface VmalertOptions {
  ruleFiles: string[];
  /** Prometheus-compatible query API, e.g. the companion's base URL. */
  datasourceUrl: string;
  /** Alertmanager base URL. */
  notifierUrl: string;
  /** Default 1s. */
  evaluationInterval?: string;
  /** More flags, e.g. ['-rule.resendDelay=5s']. */
  args?: string[];
}

/** Rule executions so far (vmalert_execution_total and vmalert_execution_errors_total). */
export interface Executions {
  total: number;
  errors: number;
}

/** A running test vmalert. */
export interface TestVmalert {
  url: string;
  /** Rule executions so far, from vmalert's /metrics. */
  executions(): Promise<Executions>;
  /** Active alerts as vmalert's /api/v1/alerts reports them. */
  alerts(): Promise<Array<{ name: string; labels: Record<string, string>; state: string }>>;
  stop(): Promise<void>;
}

export async function startVmalert(opts: VmalertOptions): Promise<TestVmalert> {
  const bin = requireBinary('vmalert');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = spawn(
      bin,
      [
        `-httpListenAddr=127.0.0.1:${port}`,
        ...opts.ruleFiles.map((f) => `-rule=${f}`),
        `-datasource.url=${opts.datasourceUrl}`,
        `-notifier.url=${opts.notifierUrl}`,
        `-evaluationInterval=${opts.evaluationInterval ?? '1s'}`,
        ...(opts.args ?? []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    );
    const log = captureLog(proc);
    const url = `http://127.0.0.1:${port}`;
    try {
      await until(`vmalert at ${url} to answer /flags with its rule files`, async () => {
        exitedCheck(proc, log, 'vmalert');
        const r = await fetch(url + '/flags').catch(() => undefined); // not answering yet
        const text = r?.status === 200 ? await r.text() : '';
        return opts.ruleFiles.every((f) => text.includes(f));
      });
    } catch (err) {
      await stopChild(proc);
      // The port was taken between freePort() and vmalert's bind: try another one.
      if (attempt < 3 && /address already in use/.test(log.all)) {
        continue;
      }
      throw err;
    }
    return vmalertHandle(url, proc);
  }
}

function vmalertHandle(url: string, proc: ChildProcess): TestVmalert {
  return {
    url,
    executions: async () => {
      const text = await (await fetch(url + '/metrics')).text();
      const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return { total: metric('vmalert_execution_total'), errors: metric('vmalert_execution_errors_total') };
    },
    alerts: async () => {
      const body = (await (await fetch(url + '/api/v1/alerts')).json()) as {
        data: { alerts: Array<{ name: string; labels: Record<string, string>; state: string }> | null };
      };
      return body.data.alerts ?? [];
    },
    stop: () => stopChild(proc),
  };
}

/** Options of {@link replayVmalert}. */
export interface VmalertReplayOptions {
  ruleFiles: string[];
  datasourceUrl: string;
  /** Remote-write receiver base URL (vmalert appends /api/v1/write). */
  remoteWriteUrl: string;
  /** Replayed range, ms (inclusive). */
  from: number;
  to: number;
  /** Evaluations per query_range request (-replay.maxDatapointsPerQuery); default 1000. */
  maxDatapointsPerQuery?: number;
  /**
   * The query_range step (-datasource.queryStep): give the groups' evaluation interval. vmalert's
   * default, 5m, would replay one evaluation in five of a 1m group.
   */
  queryStep: string;
}

/**
 * Runs vmalert's replay mode (rules backfilling): it evaluates every rule over [from, to] with
 * query_range at each group's interval, applies `for` as in live evaluation, writes the results
 * (for alerting rules the `ALERTS` and `ALERTS_FOR_STATE` series) to remote write, and exits.
 * Resolves when it exits 0; rejects with its log otherwise.
 */
export async function replayVmalert(opts: VmalertReplayOptions): Promise<void> {
  const bin = requireBinary('vmalert');
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  const proc = spawn(
    bin,
    [
      ...opts.ruleFiles.map((f) => `-rule=${f}`),
      `-datasource.url=${opts.datasourceUrl}`,
      `-remoteWrite.url=${opts.remoteWriteUrl}`,
      `-replay.timeFrom=${iso(opts.from)}`,
      `-replay.timeTo=${iso(opts.to)}`,
      `-replay.maxDatapointsPerQuery=${opts.maxDatapointsPerQuery ?? 1000}`,
      `-datasource.queryStep=${opts.queryStep}`,
      '-replay.ruleRetryAttempts=1',
      '-replay.rulesDelay=0s',
      '-replay.disableProgressBar',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  const log = captureLog(proc);
  proc.stdout!.on('data', (c: Buffer) => (log.all = (log.all + c.toString()).slice(-65536)));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`vmalert replay exited with ${code}:\n${log.tail()}`);
  }
}
