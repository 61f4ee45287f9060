/**
 * The request target (`req.url`) read as Prometheus' Go server reads it: the path percent-decoded
 * once (a malformed escape is a 400, never an exception), and a path that is not clean (`//x`,
 * `/a/./b`, `/a/../b`) redirected with 301 to its clean form, as Go's http.ServeMux does. Never
 * resolved against a base URL: `new URL('//x/api/v1/query', base)` would take `x` for a host.
 */
import { ApiError } from './apiError';

/** Where a request goes: its decoded, clean path and its raw query string. */
export interface RequestTarget {
  /** Percent-decoded path, e.g. `/api/v1/label/job/values`. */
  path: string;
  /** The query string without `?`, undecoded. */
  search: string;
  searchParams: URLSearchParams;
}

/** A target whose path is not clean: answer 301 with this Location. */
export interface Redirect {
  redirect: string;
}

/** Reads a request target; throws ApiError (bad_data, 400) for one that cannot be read. */
export function readRequestTarget(rawUrl: string): RequestTarget | Redirect {
  // Absolute form (`GET http://host/path`) is legal on the wire; only its path and query matter.
  const raw = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  if (!raw.startsWith('/')) {
    throw new ApiError('bad_data', `request target must be a path starting with "/", got ${quote(raw)}`);
  }
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const search = q < 0 ? '' : raw.slice(q + 1).replace(/#.*$/, '');
  const path = decodePath(rawPath);
  const clean = cleanPath(path);
  if (clean !== path) {
    return { redirect: encodePath(clean) + (search ? '?' + search : '') };
  }
  return { path, search, searchParams: new URLSearchParams(search) };
}

/** Decodes `%XX` escapes (UTF-8); a malformed escape or a NUL byte is a 400. */
export function decodePath(rawPath: string): string {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new ApiError(
      'bad_data',
      `invalid URL escape in path ${quote(rawPath)}: "%" must be followed by two hex digits of UTF-8`
    );
  }
  if (path.includes('\0')) {
    throw new ApiError('bad_data', `path ${quote(rawPath)} contains a NUL byte`);
  }
  return path;
}

/**
 * Go's cleanPath (net/http): one slash between segments, no `.`, `..` removes the segment before
 * it (never above the root), a trailing slash kept.
 */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') {
      out.pop();
    } else if (seg !== '' && seg !== '.') {
      out.push(seg);
    }
  }
  const clean = '/' + out.join('/');
  return path.endsWith('/') && clean !== '/' ? clean + '/' : clean;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(/%(3A|40|24|2C|3B|3D|2B)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    )
    .join('/');
}

function quote(s: string): string {
  return JSON.stringify(s.length > 200 ? s.slice(0, 200) + '…' : s);
}
