import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError';

/**
 * Request parameters as Prometheus reads them: the URL query merged with an
 * `application/x-www-form-urlencoded` body (POST), the body capped at `maxBytes`.
 */
export async function readParams(req: IncomingMessage, url: URL, maxBytes: number): Promise<URLSearchParams> {
  const params = new URLSearchParams(url.search);
  if (req.method !== 'POST') {
    return params;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const type = String(req.headers['content-type'] ?? '');
  if (size > 0 && !type.startsWith('application/x-www-form-urlencoded')) {
    throw new ApiError(
      'bad_data',
      `unsupported Content-Type ${JSON.stringify(type)}; send an application/x-www-form-urlencoded form`
    );
  }
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    params.append(k, v);
  }
  return params;
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    'bad_data',
    `request body is larger than the limit of ${maxBytes} bytes (limits.maxBodyBytes)`,
    413
  );
}
