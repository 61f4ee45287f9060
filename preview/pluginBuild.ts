/**
 * Makes sure the built plugin (dist/) exists for the preview: builds it with `npm run build` when
 * dist/module.js is missing, or older than a file under src/. Builds take the lock file
 * /tmp/bw-build.lock through flock(1) when it is installed, so concurrent builds in one checkout
 * wait for each other instead of racing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..');
const DIST_MODULE = join(REPO_ROOT, 'dist', 'module.js');
const FLOCK = '/usr/bin/flock';
const BUILD_LOCK = '/tmp/bw-build.lock';

/** Newest modification time of any file under `dir`, in ms (0 for an empty or missing dir). */
export function newestMtime(dir: string): number {
  if (!existsSync(dir)) {
    return 0;
  }
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the plugin needs a build, or undefined when dist/ is up to date. */
export function buildReason(): 'missing' | 'stale' | undefined {
  if (!existsSync(DIST_MODULE)) {
    return 'missing';
  }
  return newestMtime(join(REPO_ROOT, 'src')) > statSync(DIST_MODULE).mtimeMs ? 'stale' : undefined;
}

/** Runs `npm run build` (under flock when available); resolves to its exit code. Output goes to stderr. */
export function runPluginBuild(): Promise<number> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [cmd, args] = existsSync(FLOCK)
    ? [FLOCK, [BUILD_LOCK, npm, 'run', 'build']]
    : [npm, ['run', 'build']];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', (err) => {
      process.stderr.write(`could not run ${cmd}: ${err.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
