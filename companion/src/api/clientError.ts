/**
 * Requests Node's HTTP parser refuses before any handler runs (bad request line, bad header,
 * headers over the limit) answered in Prometheus' error envelope instead of Node's empty body.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Largest request head (request line and headers) a server accepts: Go's default
 * (`http.DefaultMaxHeaderBytes`, 1 MiB), so a long GET query that Prometheus takes is taken here
 * too. Node's default is 16 KiB.
 */
export const MAX_HEADER_BYTES = 1 << 20;

/**
 * How long a refused connection is still read (and discarded) after the answer, so that the client,
 * perhaps still sending, reads the answer instead of a reset; Go's server waits 500 ms likewise.
 */
const LINGER_MS = 1000;

/** A `clientError` listener for `http.Server`: one JSON answer, then the connection closes. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          `request line and headers are larger than the limit of ${MAX_HEADER_BYTES} bytes; send a long query as a POST form`,
        ]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request was not received in time']
        : [400, `malformed HTTP request: ${err.code ?? err.message}`];
  const body = JSON.stringify({ status: 'error', errorType: 'bad_data', error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** A `connect` listener for `http.Server`: the API is no proxy, so CONNECT gets a 405, not a silent close. */
export function answerConnect(_req: unknown, socket: Duplex): void {
  const body = JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'method CONNECT not allowed' });
  socket.end(
    `HTTP/1.1 405 ${STATUS_CODES[405]}\r\nContent-Type: application/json\r\nAllow: GET, POST\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
