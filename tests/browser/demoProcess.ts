/**
 * `bellwether demo` (what `npm start` runs) as a child process on a free port, for browser tests of
 * the preview page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A running demo: its preview URL and process. */
export interface Demo {
  url: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Kills it if it still runs. */
  stop(): void;
}

/** Starts the demo and resolves once it prints the preview page's URL. */
export function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'bellwether.mjs'), 'demo', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Bellwether demo: (http:\/\/\S+)/.exec(output);
      if (m) {
        resolve({ url: m[1], process: child, output: () => output, stop: () => child.exitCode === null && child.kill('SIGKILL') });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`bellwether demo exited with ${code} before printing its URL:\n${output}`)));
  });
}
