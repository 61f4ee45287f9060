/**
 * Static file serving shared by the harness server and the quick start's preview server: URL path
 * prefixes mapped to directories, with content types and no escape from a mounted directory.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Repository root. */
export const ROOT = join(__dirname, '..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** A URL path prefix (ending in "/") and the directory it serves. */
export type Mount = [prefix: string, dir: string];

/** The harness vendor bundle and the built plugin, as every page server mounts them. */
export const PLUGIN_MOUNTS: Mount[] = [
  ['/harness/', join(ROOT, 'harness', 'dist')],
  ['/dist/', join(ROOT, 'dist')],
];

/** Streams `file` with its content type. */
export function sendFile(res: ServerResponse, file: string): void {
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  createReadStream(file).pipe(res);
}

/** Serves `path` from the first mount whose prefix it starts with; false when no file is there. */
export function serveFromMounts(res: ServerResponse, path: string, mounts: Mount[]): boolean {
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) {
      continue;
    }
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return false;
    }
    sendFile(res, file);
    return true;
  }
  return false;
}
