/**
 * A range query's answer as the bytes sent, written straight from its columns (query/evaluate.ts
 * RangeAnswer): byte for byte what JSON.stringify gives for Prometheus' success envelope around the
 * matrix of `[seconds, "value"]` pairs (matrixPairs), without building two million pairs and their
 * strings first. Each query time's `,[seconds,"` is encoded once for all series; each value is
 * formatValue's string (as before: two million distinct scores are two million conversions, the
 * largest cost left), copied into the buffer as it comes (docs/companion.md, "Performance").
 */
import { formatValue } from '../../../src/common/promValue';
import type { RangeAnswer } from '../query/evaluate';

const QUOTE = 0x22;
const RBRACKET = 0x5d;
const RBRACE = 0x7d;

/** `{"status":"success","data":{"resultType":"matrix","result":[...]}[,"warnings":[...]]}`, as sendData writes it. */
export function rangeBody(a: RangeAnswer, warnings?: string[]): Buffer {
  // `,[seconds,"` per query time; JSON.stringify writes a number as String() does.
  const open = a.times.map((t) => Buffer.from(`,[${JSON.stringify(t / 1000)},"`, 'latin1'));
  const widest = open.reduce((m, o) => Math.max(m, o.length), 0);
  let values = 0;
  for (const s of a.result) {
    for (const x of s.values) {
      values += x === x ? 1 : 0;
    }
  }
  // About right for full-precision values (about 20 characters each); grown when short.
  const w = new ByteWriter(64 + a.result.length * 64 + values * (widest + 22));
  w.text('{"status":"success","data":{"resultType":"matrix","result":[');
  a.result.forEach((s, k) => {
    w.text(`${k === 0 ? '' : ','}{"metric":${JSON.stringify(s.metric)},"values":[`);
    const v = s.values;
    let first = true;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === v[i]) {
        // Not NaN: a value. formatValue's strings (digits, ".", "e", "+", "-", "Inf") are ASCII and need no escape.
        const str = formatValue(v[i]);
        const o = open[i];
        w.ensure(o.length + str.length + 2);
        w.bytes(o, first ? 1 : 0);
        w.ascii(str);
        w.byte(QUOTE);
        w.byte(RBRACKET);
        first = false;
      }
    }
    w.ensure(2);
    w.byte(RBRACKET);
    w.byte(RBRACE);
  });
  w.text(warnings?.length ? `]},"warnings":${JSON.stringify(warnings)}}` : ']}}');
  return w.done();
}

/** Appends bytes to a buffer that grows when short. */
class ByteWriter {
  private buf: Buffer;
  private p = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.p + n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.p + n));
      this.buf.copy(grown, 0, 0, this.p);
      this.buf = grown;
    }
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    this.ensure(Buffer.byteLength(s));
    this.p += this.buf.write(s, this.p, 'utf8');
  }

  /** ASCII text already made room for. */
  ascii(s: string): void {
    const b = this.buf;
    let p = this.p;
    for (let c = 0; c < s.length; c++) {
      b[p++] = s.charCodeAt(c);
    }
    this.p = p;
  }

  /** `src` from `from` on, already made room for. */
  bytes(src: Buffer, from: number): void {
    const b = this.buf;
    let p = this.p;
    for (let c = from; c < src.length; c++) {
      b[p++] = src[c];
    }
    this.p = p;
  }

  byte(c: number): void {
    this.buf[this.p++] = c;
  }

  /** The bytes written. */
  done(): Buffer {
    return this.buf.subarray(0, this.p);
  }
}
