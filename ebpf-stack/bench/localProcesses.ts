/**
 * Starts the local sample service and the synthetic agent as child processes (loopback self-test and
 * tests), and stops them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A started child and how to stop it. */
export interface Started {
  pid: number;
  /** First stdout line, e.g. "listening 41234". */
  firstLine: string;
  stop(): Promise<void>;
}

/** Spawns `node <script> ...args` and waits for its first stdout line. */
export function startNode(script: string, args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not start within 10 s`));
    }, 10_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ pid: child.pid!, firstLine: buf.slice(0, nl), stop });
      }
    });
  });
}

/** Starts ebpf-stack/sample-service on 127.0.0.1 and a free port; resolves with its URL. */
export async function startSampleService(workRounds?: number): Promise<Started & { url: string }> {
  const s = await startNode(join(__dirname, '../sample-service/server.js'), [], {
    PORT: '0',
    HOST: '127.0.0.1',
    ...(workRounds !== undefined ? { WORK_ROUNDS: String(workRounds) } : {}),
  });
  const port = Number(/^listening (\d+)$/.exec(s.firstLine)?.[1]);
  if (!port) {
    await s.stop();
    throw new Error(`unexpected first line from the sample service: ${s.firstLine}`);
  }
  return { ...s, url: `http://127.0.0.1:${port}/work` };
}

/** Starts the synthetic agent burning `cores` of CPU. */
export function startFakeAgent(cores: number, logFile?: string): Promise<Started> {
  return startNode(join(__dirname, 'fake-agent.js'), [String(cores)], logFile ? { FAKE_AGENT_LOG: logFile } : {});
}
