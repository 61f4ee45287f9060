/**
 * Reads a Prometheus range query's answer straight from its bytes into columns (matrixColumns.ts),
 * without JSON.parse building an array and a string per sample. A cold detector query reads its
 * run's whole history in one answer (1,000 series x 9 days at 5 minutes: 2.6 million samples, 57 MB
 * of JSON); JSON.parse, the strings, and collecting them were about a tenth of the cold query's
 * time (docs/companion.md, "Performance").
 *
 * Exact by construction, or not at all:
 * - Only `data.result` is read here, in a strict grammar: series objects with exactly the keys
 *   `metric` (JSON.parse'd on its own) and `values` (`[number, "string"]` pairs). The rest of the
 *   envelope (status, warnings, errors) is JSON.parse'd with the result cut out, so it is what
 *   JSON.parse gives and is validated by it.
 * - A number is read exactly as JSON.parse and Number() read it: a decimal with at most 15
 *   significant digits and a power of ten within 1e±22 is one correctly rounded multiplication or
 *   division of exact doubles (Clinger's fast path: the same double a correctly rounding parser
 *   gives); anything longer goes through Number() on its text. Value strings that are not decimals
 *   ("NaN", "+Inf", "-Inf") go through parseValue, as before.
 * - Anything else (another key, an escape in a value or key, an object where a number belongs,
 *   malformed JSON) gives `undefined`, and the caller parses the answer the old way, so errors and
 *   odd-but-valid answers come out exactly as they did.
 */
import type { PromEnvelope } from '../../../src/common/promApi';
import { type MatrixColumns, upstreamValue } from './matrixColumns';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const UPPER_E = 0x45;
const LBRACK = 0x5b;
const BACKSLASH = 0x5c;
const RBRACK = 0x5d;
const LOWER_E = 0x65;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** Exact powers of ten (10^22 is the largest a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Thrown inside the scanner when the answer is not in the shape read here; never escapes it. */
const GIVE_UP = new Error('not a plain matrix answer');

/** A range query's answer: its envelope (with `data.result` empty) and the result as columns. */
export interface ScannedMatrix {
  body: PromEnvelope;
  matrix: MatrixColumns[];
}

/**
 * The answer in `buf` as columns, or `undefined` when it is not a plain matrix answer (the caller
 * then JSON.parses it). Throws only what parseValue throws for a garbled sample value.
 */
export function scanMatrix(buf: Buffer): ScannedMatrix | undefined {
  try {
    return new Scanner(buf).envelope();
  } catch (err) {
    if (err === GIVE_UP) {
      return undefined;
    }
    throw err;
  }
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

class Scanner {
  private i = 0;
  private readonly n: number;
  /** Sample columns of the series being read, grown as needed and copied out per series. */
  private times = new Float64Array(1024);
  private values = new Float64Array(1024);

  constructor(private readonly b: Buffer) {
    this.n = b.length;
  }

  envelope(): ScannedMatrix {
    let found: { open: number; close: number; matrix: MatrixColumns[] } | undefined;
    let sawData = false;
    this.expect(LBRACE);
    if (this.peek() === RBRACE) {
      throw GIVE_UP;
    }
    for (;;) {
      if (this.key() === 'data') {
        if (sawData) {
          throw GIVE_UP;
        }
        sawData = true;
        found = this.data();
      } else {
        this.skipValue();
      }
      if (this.closes(RBRACE)) {
        break;
      }
    }
    this.ws();
    if (this.i !== this.n || !found) {
      throw GIVE_UP;
    }
    let body: PromEnvelope<{ result?: unknown }>;
    try {
      body = JSON.parse(this.b.toString('utf8', 0, found.open + 1) + this.b.toString('utf8', found.close, this.n));
    } catch {
      throw GIVE_UP;
    }
    const result = body?.data?.result;
    if (!Array.isArray(result) || result.length !== 0) {
      throw GIVE_UP;
    }
    return { body, matrix: found.matrix };
  }

  /** The `data` object: finds `result` and reads it; other keys are skipped. */
  private data(): { open: number; close: number; matrix: MatrixColumns[] } | undefined {
    if (this.peek() !== LBRACE) {
      throw GIVE_UP;
    }
    this.i++;
    if (this.peek() === RBRACE) {
      throw GIVE_UP;
    }
    let found: { open: number; close: number; matrix: MatrixColumns[] } | undefined;
    for (;;) {
      if (this.key() === 'result') {
        if (found || this.peek() !== LBRACK) {
          throw GIVE_UP;
        }
        const open = this.i;
        const matrix = this.seriesList();
        found = { open, close: this.i - 1, matrix };
      } else {
        this.skipValue();
      }
      if (this.closes(RBRACE)) {
        return found;
      }
    }
  }

  private seriesList(): MatrixColumns[] {
    this.i++; // [
    const out: MatrixColumns[] = [];
    if (this.peek() === RBRACK) {
      this.i++;
      return out;
    }
    do {
      out.push(this.series());
    } while (!this.closes(RBRACK));
    return out;
  }

  private series(): MatrixColumns {
    this.expect(LBRACE);
    let metric: Record<string, string> | undefined;
    let cols: { times: Float64Array; values: Float64Array } | undefined;
    if (this.peek() === RBRACE) {
      throw GIVE_UP;
    }
    do {
      const k = this.key();
      if (k === 'metric' && !metric) {
        metric = this.metric();
      } else if (k === 'values' && !cols) {
        cols = this.samples();
      } else {
        throw GIVE_UP;
      }
    } while (!this.closes(RBRACE));
    if (!metric || !cols) {
      throw GIVE_UP;
    }
    return { metric, times: cols.times, values: cols.values };
  }

  /** A series' labels: the object's own text, JSON.parse'd (labels may hold any escape). */
  private metric(): Record<string, string> {
    if (this.peek() !== LBRACE) {
      throw GIVE_UP;
    }
    const a = this.i;
    this.skipValue();
    try {
      return JSON.parse(this.b.toString('utf8', a, this.i));
    } catch {
      throw GIVE_UP;
    }
  }

  /** `[[ts, "value"], ...]`: the hot loop, once per sample. */
  private samples(): { times: Float64Array; values: Float64Array } {
    this.expect(LBRACK);
    let k = 0;
    if (this.peek() === RBRACK) {
      this.i++;
    } else {
      do {
        this.expect(LBRACK);
        this.ws();
        const t = this.jsonNumber();
        this.expect(COMMA);
        this.ws();
        const v = this.valueString();
        this.expect(RBRACK);
        if (k === this.times.length) {
          this.grow();
        }
        this.times[k] = t;
        this.values[k] = v;
        k++;
      } while (!this.closes(RBRACK));
    }
    return { times: this.times.slice(0, k), values: this.values.slice(0, k) };
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const values = new Float64Array(this.values.length * 2);
    times.set(this.times);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }

  /**
   * The number being read, built as its digits are checked (one pass): significant digits `m` (at
   * most 15: `exact` turns false at a 16th), the power of ten `scale` it is scaled by, and the
   * exponent's digits `e` (counted up to just past 400, where the value is Number()'s to read).
   */
  private m = 0;
  private sig = 0;
  private scale = 0;
  private exact = true;
  private e = 0;

  private startNumber(): void {
    this.m = 0;
    this.sig = 0;
    this.scale = 0;
    this.exact = true;
    this.e = 0;
  }

  /** A JSON number (strict grammar: no "+", no leading zero, digits after a dot), as JSON.parse reads it. */
  private jsonNumber(): number {
    const b = this.b;
    const a = this.i;
    let i = a;
    this.startNumber();
    if (b[i] === MINUS) {
      i++;
    }
    if (b[i] === ZERO) {
      i++;
    } else if (isDigit(b[i])) {
      i = this.digits(i, false);
    } else {
      throw GIVE_UP;
    }
    if (b[i] === DOT) {
      i++;
      if (!isDigit(b[i])) {
        throw GIVE_UP;
      }
      i = this.digits(i, true);
    }
    if (b[i] === LOWER_E || b[i] === UPPER_E) {
      const j = i + 1 + (b[i + 1] === PLUS || b[i + 1] === MINUS ? 1 : 0);
      if (!isDigit(b[j])) {
        throw GIVE_UP;
      }
      i = this.exponent(i);
    }
    this.i = i;
    return this.decimal(a, i);
  }

  /**
   * A quoted sample value. A decimal in parseValue's grammar (`[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?`)
   * is read here; anything else ("NaN", "+Inf", garbage) goes to parseValue as a string.
   */
  private valueString(): number {
    const b = this.b;
    if (b[this.i] !== QUOTE) {
      throw GIVE_UP;
    }
    const a = this.i + 1;
    let i = a;
    this.startNumber();
    if (b[i] === PLUS || b[i] === MINUS) {
      i++;
    }
    const intAt = i;
    i = this.digits(i, false);
    let digits = i - intAt;
    if (b[i] === DOT) {
      i++;
      const fracAt = i;
      i = this.digits(i, true);
      digits += i - fracAt;
    }
    if (digits > 0 && (b[i] === LOWER_E || b[i] === UPPER_E)) {
      // An exponent without digits ("1e") is not a decimal: parseValue refuses it below.
      const j = i + 1 + (b[i + 1] === PLUS || b[i + 1] === MINUS ? 1 : 0);
      i = isDigit(b[j]) ? this.exponent(i) : i;
    }
    if (digits > 0 && b[i] === QUOTE) {
      this.i = i + 1;
      return this.decimal(a, i);
    }
    // Not a decimal: the raw string, which must need no decoding (no escape, control or non-ASCII byte).
    let q = a;
    while (q < this.n && b[q] !== QUOTE) {
      if (b[q] === BACKSLASH || b[q] < SPACE || b[q] >= 0x80) {
        throw GIVE_UP;
      }
      q++;
    }
    if (q >= this.n) {
      throw GIVE_UP;
    }
    this.i = q + 1;
    return upstreamValue(this.b.toString('latin1', a, q));
  }

  /**
   * A run of digits from `i` into the number being read (`fraction`: after the dot, each digit a
   * tenth); the index after it. Leading zeros are not significant.
   */
  private digits(i: number, fraction: boolean): number {
    const b = this.b;
    let m = this.m;
    let sig = this.sig;
    let scale = this.scale;
    let exact = this.exact;
    for (let c = b[i]; c >= ZERO && c <= NINE; c = b[++i]) {
      if (fraction) {
        scale--;
      }
      if (sig > 0 || c !== ZERO) {
        if (sig === 15) {
          exact = false;
        } else {
          m = m * 10 + (c - ZERO);
          sig++;
        }
      }
    }
    this.m = m;
    this.sig = sig;
    this.scale = scale;
    this.exact = exact;
    return i;
  }

  /** A validated exponent at `i` ("e", an optional sign, digits) into the number being read; the index after it. */
  private exponent(i: number): number {
    const b = this.b;
    i++;
    const neg = b[i] === MINUS;
    if (b[i] === PLUS || b[i] === MINUS) {
      i++;
    }
    let e = 0;
    for (let c = b[i]; c >= ZERO && c <= NINE; c = b[++i]) {
      if (e <= 400) {
        e = e * 10 + (c - ZERO);
      }
    }
    this.e = neg ? -e : e;
    return i;
  }

  /**
   * The value of the decimal just read, whose text is [a, end): exact (see the file's comment) or
   * through Number() on its text.
   */
  private decimal(a: number, end: number): number {
    const b = this.b;
    if (!this.exact || this.e > 400 || this.e < -400) {
      return Number(b.toString('latin1', a, end));
    }
    const neg = b[a] === MINUS;
    if (this.m === 0) {
      // Zero whatever the exponent, with its sign (JSON.parse and Number() read "-0" as -0).
      return neg ? -0 : 0;
    }
    const scale = this.scale + this.e;
    if (scale < -22 || scale > 22) {
      return Number(b.toString('latin1', a, end));
    }
    const x = scale >= 0 ? this.m * POW10[scale] : this.m / POW10[-scale];
    return neg ? -x : x;
  }

  /** A key without escapes and its colon. A key with an escape gives up (it might spell one we look for). */
  private key(): string {
    this.expect(QUOTE);
    const b = this.b;
    const a = this.i;
    while (this.i < this.n && b[this.i] !== QUOTE) {
      if (b[this.i] === BACKSLASH) {
        throw GIVE_UP;
      }
      this.i++;
    }
    if (this.i >= this.n) {
      throw GIVE_UP;
    }
    const k = b.toString('latin1', a, this.i);
    this.i++;
    this.expect(COLON);
    return k;
  }

  /**
   * Skips any value (loosely: the envelope's JSON.parse validates what is skipped, and a metric's
   * JSON.parse validates it).
   */
  private skipValue(): void {
    const b = this.b;
    const c = this.peek();
    if (c === QUOTE) {
      this.skipString();
      return;
    }
    if (c === LBRACE || c === LBRACK) {
      let depth = 0;
      while (this.i < this.n) {
        const d = b[this.i];
        if (d === QUOTE) {
          this.skipString();
          continue;
        }
        if (d === LBRACE || d === LBRACK) {
          depth++;
        } else if (d === RBRACE || d === RBRACK) {
          depth--;
          if (depth === 0) {
            this.i++;
            return;
          }
        }
        this.i++;
      }
      throw GIVE_UP;
    }
    const a = this.i;
    while (this.i < this.n) {
      const d = b[this.i];
      if (d === COMMA || d === RBRACE || d === RBRACK || d === SPACE || d === TAB || d === LF || d === CR) {
        break;
      }
      this.i++;
    }
    if (this.i === a) {
      throw GIVE_UP;
    }
  }

  private skipString(): void {
    const b = this.b;
    this.i++;
    while (this.i < this.n) {
      const d = b[this.i];
      if (d === BACKSLASH) {
        this.i += 2;
      } else if (d === QUOTE) {
        this.i++;
        return;
      } else {
        this.i++;
      }
    }
    throw GIVE_UP;
  }

  /** After a member: true at the closing `close` (consumed), false at a comma (consumed). */
  private closes(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === close) {
      return true;
    }
    if (c === COMMA) {
      return false;
    }
    throw GIVE_UP;
  }

  private ws(): void {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i];
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        i++;
      } else {
        break;
      }
    }
    this.i = i;
  }

  private peek(): number {
    this.ws();
    return this.i < this.n ? this.b[this.i] : -1;
  }

  private expect(c: number): void {
    this.ws();
    if (this.b[this.i] !== c) {
      throw GIVE_UP;
    }
    this.i++;
  }
}
