import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError';

/**
 * Request parameters as Prometheus reads them (Go's `Request.FormValue`): the fields of an
 * `application/x-www-form-urlencoded` body (POST) first, then the URL query's, so a field given in
 * both is taken from the body. The body is capped at `maxBytes`.
 */
export async function readParams(req: IncomingMessage, search: string, maxBytes: number): Promise<URLSearchParams> {
  const fromUrl = new URLSearchParams(search);
  if (req.method !== 'POST') {
    return fromUrl;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        req.resume();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof ApiError) {
      throw err;
    }
    throw new ApiError('canceled', `client broke off its request body: ${(err as Error).message}`);
  }
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (size > 0 && !type.startsWith('application/x-www-form-urlencoded')) {
    throw new ApiError(
      'bad_data',
      `unsupported Content-Type ${JSON.stringify(type)}; send an application/x-www-form-urlencoded form`
    );
  }
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  for (const [k, v] of fromUrl) {
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
