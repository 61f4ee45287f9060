/**
 * A Prometheus remote-write receiver for integration tests: decodes each request (snappy block
 * format, then the `prometheus.WriteRequest` protobuf) and keeps every sample, so a test can read
 * what vmalert's replay mode (`-replay.timeFrom`, `-remoteWrite.url`) wrote, e.g. its `ALERTS`
 * series. Hand-written decoders (a few dozen lines each) instead of a dependency; an input they
 * cannot decode fails the request with 400 and is counted in `errors`, never dropped silently.
 *
 * @example
 *   const rw = await startRemoteWrite();
 *   ... vmalert -replay.timeFrom=... -remoteWrite.url=${rw.url} ...
 *   rw.series.filter((s) => s.labels.__name__ === 'ALERTS')
 *   await rw.close();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One series as written: its labels and its samples ([ms, value]). */
export interface WrittenSeries {
  labels: Record<string, string>;
  samples: Array<[number, number]>;
}

/** A running receiver. */
export interface TestRemoteWrite {
  /** Base URL; vmalert appends /api/v1/write. */
  url: string;
  /** Every sample received, merged by label set. */
  series: WrittenSeries[];
  /** Requests that could not be decoded, with the reason. */
  errors: string[];
  close(): Promise<void>;
}

/** Decodes a snappy block (no framing), as remote write sends it. */
export function snappyDecode(src: Uint8Array): Uint8Array {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = src[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        return result;
      }
    }
  };
  const le = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      v += src[pos++] * 2 ** (8 * i);
    }
    return v;
  };
  const out = new Uint8Array(varint());
  let o = 0;
  while (pos < src.length) {
    const tag = src[pos++];
    const type = tag & 3;
    let len: number;
    let offset: number;
    if (type === 0) {
      len = tag >> 2;
      len = (len < 60 ? len : le(len - 59)) + 1;
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
      continue;
    } else if (type === 1) {
      len = 4 + ((tag >> 2) & 7);
      offset = ((tag >> 5) << 8) | src[pos++];
    } else {
      len = 1 + (tag >> 2);
      offset = le(type === 2 ? 2 : 4);
    }
    if (offset === 0 || offset > o) {
      throw new Error(`snappy: copy offset ${offset} at output ${o}`);
    }
    for (let i = 0; i < len; i++, o++) {
      out[o] = out[o - offset];
    }
  }
  if (o !== out.length) {
    throw new Error(`snappy: ${o} bytes decoded, ${out.length} announced`);
  }
  return out;
}

/** Fields of one protobuf message: [field number, wire type, value (number or bytes)]. */
function fields(buf: Uint8Array): Array<[number, number, number | Uint8Array]> {
  const out: Array<[number, number, number | Uint8Array]> = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = buf[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        return result;
      }
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      out.push([field, wire, varint()]);
    } else if (wire === 1) {
      out.push([field, wire, new DataView(buf.buffer, buf.byteOffset + pos, 8).getFloat64(0, true)]);
      pos += 8;
    } else if (wire === 2) {
      const len = varint();
      out.push([field, wire, buf.subarray(pos, pos + len)]);
      pos += len;
    } else if (wire === 5) {
      pos += 4;
    } else {
      throw new Error(`protobuf: wire type ${wire}`);
    }
  }
  return out;
}

const text = new TextDecoder();

/** The series of a `prometheus.WriteRequest` (timeseries = 1: labels = 1, samples = 2). */
export function decodeWriteRequest(buf: Uint8Array): WrittenSeries[] {
  return fields(buf)
    .filter(([f]) => f === 1)
    .map(([, , ts]) => {
      const labels: Record<string, string> = {};
      const samples: Array<[number, number]> = [];
      for (const [f, , v] of fields(ts as Uint8Array)) {
        const sub = fields(v as Uint8Array);
        const get = (n: number) => sub.find(([g]) => g === n)?.[2];
        if (f === 1) {
          labels[text.decode((get(1) as Uint8Array) ?? new Uint8Array())] = text.decode((get(2) as Uint8Array) ?? new Uint8Array());
        } else if (f === 2) {
          // Sample: value = 1 (double, absent when 0), timestamp = 2 (int64 ms, positive here).
          samples.push([(get(2) as number) ?? 0, (get(1) as number) ?? 0]);
        }
      }
      return { labels, samples };
    });
}

export async function startRemoteWrite(): Promise<TestRemoteWrite> {
  const bySet = new Map<string, WrittenSeries>();
  const errors: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        for (const s of decodeWriteRequest(snappyDecode(new Uint8Array(Buffer.concat(chunks))))) {
          const key = JSON.stringify(Object.entries(s.labels).sort());
          const have = bySet.get(key);
          if (have) {
            have.samples.push(...s.samples);
          } else {
            bySet.set(key, s);
          }
        }
        res.writeHead(204).end();
      } catch (err) {
        errors.push(`${req.url}: ${(err as Error).message}`);
        res.writeHead(400).end((err as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get series() {
      return [...bySet.values()];
    },
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
