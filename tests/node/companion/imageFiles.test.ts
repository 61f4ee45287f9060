/**
 * The container image (companion/Dockerfile) holds every source file the `bellwether` commands
 * load — `serve`, `remediate` and the rest: each command is loaded in a child process as
 * bin/bellwether.mjs loads it, and every repository file it pulls in must lie under a path the
 * Dockerfile copies and its .dockerignore lets through. (No image is built here.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

const LOADER = `
const { createRequire } = require('node:module');
require('tsx/cjs/api').register();
const root = process.argv[1];
const { commandNames } = require(root + '/cli/main.ts');
for (const n of commandNames()) require(root + '/cli/commands/' + n + '.ts');
// Loaded by a command only when it runs (remediate's Kubernetes client).
require(root + '/companion/src/remediate/startRemediate.ts');
process.stdout.write(Object.keys(require.cache).filter((f) => f.startsWith(root + '/') && !f.includes('/node_modules/')).map((f) => f.slice(root.length + 1)).join('\\n'));
`;

it('copies every file the commands load', () => {
  const r = spawnSync(process.execPath, ['-e', LOADER, ROOT], { encoding: 'utf8', cwd: ROOT });
  expect(r.stderr).toBe('');
  const loaded = r.stdout.split('\n').filter(Boolean);
  expect(loaded).toEqual(
    expect.arrayContaining(['cli/commands/remediate.ts', 'companion/src/remediate/kubeClient.ts'])
  );
  const dockerfile = readFileSync(join(ROOT, 'companion/Dockerfile'), 'utf8');
  const copied = [...dockerfile.matchAll(/^COPY (\S+) \.\/\S+$/gm)].map((m) => m[1].replace(/\/?$/, '/'));
  const admitted = readFileSync(join(ROOT, 'companion/Dockerfile.dockerignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => l.slice(1).replace(/\/?$/, '/'));
  const missing = loaded.filter((f) => !copied.some((c) => f.startsWith(c)) || !admitted.some((a) => f.startsWith(a)));
  expect(missing).toEqual([]);
});
