/**
 * A small typed schema for YAML configuration: each check validates and converts one value and
 * records every problem it finds (not only the first), each naming the key path, so a user fixes a
 * config in one round. A mapping rejects unknown keys with the closest valid one ("did you mean").
 * A YAML key written with no value (`key:`) is null: an empty mapping, but a problem for a scalar.
 */
import { durationProblem, formatDuration, parseDuration } from '../../../src/common/duration';
import { parseByteSize } from './byteSize';
import { closestKey } from './closestKey';

/** One configuration problem: the key path it is about and the one-line text shown to the user. */
export interface Problem {
  path: string;
  text: string;
}

/**
 * Validates `value` found at `path`: returns the converted value, or undefined when the key is
 * absent or invalid (then a problem was recorded).
 */
export type Check<T> = (value: unknown, path: string, problems: Problem[]) => T | undefined;

/** The converted type a check produces. */
export type Checked<C> = C extends Check<infer T> ? T : never;

/** `parent.key`, or `key` at the top level. */
export function childPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) {
    return 'a list';
  }
  if (typeof v === 'object' && v !== null) {
    return 'a mapping';
  }
  return JSON.stringify(v);
}

/**
 * Wraps a scalar check: absent stays absent, `key:` with no value is a problem. `hint` may add a
 * sentence about a rejected value (a typo's nearest valid value, say).
 */
function scalar<T>(what: string, convert: (v: unknown) => T | undefined, hint?: (v: unknown) => string | undefined): Check<T> {
  return (v, path, problems) => {
    if (v === undefined) {
      return undefined;
    }
    if (v === null) {
      problems.push({ path, text: `${path} has no value; give it ${what} or remove the key` });
      return undefined;
    }
    const out = convert(v);
    if (out === undefined) {
      const more = hint?.(v);
      problems.push({ path, text: `${path} must be ${what}, got ${describe(v)}${more ? `; ${more}` : ''}` });
    }
    return out;
  };
}

/** Numbers may come as strings (environment variables are strings). */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : undefined;
  }
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A string (a YAML number is taken as its text); `nonEmpty` rejects "" and blanks. */
export function str(opts: { nonEmpty?: boolean; pattern?: RegExp; what?: string } = {}): Check<string> {
  const what = opts.what ?? (opts.nonEmpty ? 'a non-empty string' : 'a string');
  return scalar(what, (v) => {
    const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    if (s === undefined || (opts.nonEmpty && s.trim() === '') || (opts.pattern && !opts.pattern.test(s))) {
      return undefined;
    }
    return s;
  });
}

/** A secret written inline: a non-empty string, so an empty token cannot silently disable anything. */
export function secret(): Check<string> {
  return (v, path, problems) => {
    if (v === '' || (typeof v === 'string' && v.trim() === '') || v === null) {
      problems.push({ path, text: `${path} is empty; set a value or remove the key` });
      return undefined;
    }
    return str({ nonEmpty: true })(v, path, problems);
  };
}

/** An integer in [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  return scalar(`an integer ${range}`, (v) => {
    const n = toNumber(v);
    return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  });
}

/** Any finite number. */
export function number(): Check<number> {
  return scalar('a number', toNumber);
}

/** A number in [min, max] (or (min, max) with `exclusive`). */
export function num(min: number, max: number, exclusive = false): Check<number> {
  const what = exclusive ? `a number between ${min} and ${max} (exclusive)` : `a number from ${min} to ${max}`;
  return scalar(what, (v) => {
    const n = toNumber(v);
    const inRange = n !== undefined && (exclusive ? n > min && n < max : n >= min && n <= max);
    return inRange ? n : undefined;
  });
}

/** A boolean: true/false (or "true"/"false" from the environment). */
export function bool(): Check<boolean> {
  return scalar('true or false', (v) =>
    v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined
  );
}

/**
 * One of `values`; `what` says what they are ("a detector", printed before the list) and `hint` may
 * add a sentence about a rejected value.
 */
export function oneOf<T extends string>(
  values: readonly T[],
  opts: { what?: string; hint?: (v: unknown) => string | undefined } = {}
): Check<T> {
  const list = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
  return scalar(
    opts.what ? `${opts.what}: ${list}` : list,
    (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined),
    opts.hint
  );
}

/** A Prometheus duration in ms, at least `minMs` (default: more than zero). */
export function duration(minMs = 1): Check<number> {
  return (v, path, problems) => {
    if (v === undefined) {
      return undefined;
    }
    if (v === null || (typeof v !== 'string' && typeof v !== 'number')) {
      problems.push({
        path,
        text: `${path} must be a duration like 30s or 5m, got ${v === null ? 'no value' : describe(v)}`,
      });
      return undefined;
    }
    const text = String(v);
    const ms = parseDuration(text);
    if (ms === undefined) {
      problems.push({ path, text: `${path}: ${durationProblem(text)}` });
      return undefined;
    }
    if (ms < minMs) {
      const least = minMs === 1 ? 'more than 0s' : `at least ${formatDuration(minMs)}`;
      problems.push({ path, text: `${path} must be ${least}, got ${text}` });
      return undefined;
    }
    return ms;
  };
}

/** A Prometheus duration kept as written (where it is passed on as text, e.g. into a query). */
export function durationText(minMs = 1): Check<string> {
  return (v, path, problems) => (duration(minMs)(v, path, problems) === undefined ? undefined : String(v));
}

/** A size in bytes: a whole number of bytes, or a number and a unit like `512 MiB` or `1GiB`. */
export function byteSize(min = 0): Check<number> {
  return (v, path, problems) => {
    const n = scalar('a size like 512 MiB, 1GiB or 536870912 (bytes)', parseByteSize)(v, path, problems);
    if (n !== undefined && n < min) {
      problems.push({ path, text: `${path} must be at least ${min} bytes, got ${JSON.stringify(v)}` });
      return undefined;
    }
    return n;
  };
}

/** A mapping of header names to string values. */
export function stringMap(): Check<Record<string, string>> {
  return (v, path, problems) => {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      problems.push({ path, text: `${path} must be a mapping of names to values, got ${describe(v)}` });
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v)) {
      const s = str()(item, childPath(path, k), problems);
      if (s !== undefined) {
        out[k] = s;
      }
    }
    return out;
  };
}

/**
 * A list of items, each checked by `item` at `path[i]`. An invalid item stays in its place as
 * undefined, so later checks can still name items by their index.
 */
export function list<T>(item: Check<T>, example: string): Check<Array<T | undefined>> {
  return (v, path, problems) => {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (!Array.isArray(v)) {
      problems.push({ path, text: `${path} must be a list like ${example}, got ${describe(v)}` });
      return undefined;
    }
    return v.map((x, i) => item(x, `${path}[${i}]`, problems));
  };
}

/** Whether a problem about `path` or anything under it was recorded. */
export function hasProblemAt(problems: readonly Problem[], path: string): boolean {
  return problems.some((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
}

type Shape = Record<string, Check<unknown>>;

/** The converted mapping: every key optional (absent or invalid). */
export type MappingOf<S extends Shape> = { [K in keyof S]?: Checked<S[K]> };

/**
 * A mapping with exactly the keys of `shape`. An unknown key is a problem naming the closest
 * valid key; `key:` with no value is an empty mapping.
 */
export function mapping<S extends Shape>(shape: S): Check<MappingOf<S>> {
  const keys = Object.keys(shape);
  return (v, path, problems) => {
    if (v === undefined || v === null) {
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      const what = path ? `${path} must be a mapping` : 'the configuration must be a mapping of keys';
      problems.push({ path, text: `${what} (${keys.slice(0, 3).join(', ')}, …), got ${describe(v)}` });
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      const at = childPath(path, k);
      if (!Object.prototype.hasOwnProperty.call(shape, k)) {
        const near = closestKey(k, keys);
        problems.push({
          path: at,
          text: near
            ? `unknown key ${at}; did you mean ${childPath(path, near)}?`
            : `unknown key ${at}; valid keys here: ${keys.join(', ')}`,
        });
        continue;
      }
      const checked = shape[k](item, at, problems);
      if (checked !== undefined) {
        out[k] = checked;
      }
    }
    return out as MappingOf<S>;
  };
}
