/**
 * Static file serving shared by the harness server and the quick start's preview server: URL path
 * prefixes mapped to directories, with content types and no escape from a mounted directory.
 */
import { createReadStream, statSync } from 'node:fs';
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

/**
 * The harness vendor bundle, the built plugin, and Grafana's icons where Grafana serves them
 * (@grafana/ui's <Icon> fetches /public/build/img/icons/...; the SVGs ship in @grafana/ui).
 */
export const PLUGIN_MOUNTS: Mount[] = [
  ['/harness/', join(ROOT, 'harness', 'dist')],
  ['/dist/', join(ROOT, 'dist')],
  ['/public/build/img/', join(ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img')],
];

/** Streams `file` with its content type; a file that cannot be read is a 404, not a crash. */
export function sendFile(res: ServerResponse, file: string): void {
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  const stream = createReadStream(file);
  stream.on('error', () => {
    if (res.headersSent) {
      res.destroy();
    } else {
      sendPlain(res, 404, 'not found');
    }
  });
  stream.pipe(res);
}

/** Answers a short plain-text status (404, 405, 400). */
export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/**
 * The decoded path of a request target, or undefined when it cannot be a file path: a malformed
 * percent-escape (`/%zz`, `/%`), invalid UTF-8, or a NUL byte. Callers answer 400.
 */
export function decodeRequestPath(rawUrl: string): string | undefined {
  try {
    const path = decodeURIComponent(rawUrl.split('?')[0]);
    return path.includes('\0') ? undefined : path;
  } catch {
    return undefined;
  }
}

/** Serves `path` from the first mount whose prefix it starts with; false when no file is there. */
export function serveFromMounts(res: ServerResponse, path: string, mounts: Mount[]): boolean {
  for (const [prefix, dir] of mounts) {
    if (!path.startsWith(prefix)) {
      continue;
    }
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) || !isFile(file)) {
      return false;
    }
    sendFile(res, file);
    return true;
  }
  return false;
}

/** Whether `file` is a readable regular file; a name the OS refuses (too long, ...) is not. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Where @grafana/ui's <Icon> fetches its SVGs. */
export const ICONS_PREFIX = '/public/build/img/icons/';

/**
 * Answers an icon Grafana ships in its own build rather than in @grafana/ui (e.g.
 * `unicons/spinner.svg`, shown while lazy pages load) with a plain ring, as a stand-in.
 */
export function sendStandInIcon(res: ServerResponse): void {
  res.setHeader('Content-Type', 'image/svg+xml');
  res.end('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/></svg>');
}
