/**
 * Sizes in the config: a whole number of bytes (`536870912`), or a number and a unit (`512 MiB`,
 * `1GiB`, `1.5 GB`). Binary units (KiB, MiB, GiB, TiB) are powers of 1024, decimal ones (kB, MB, GB,
 * TB) powers of 1000, as in their standards; `B` is bytes.
 */
const UNITS: Record<string, number> = {
  b: 1,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]+)?$/;

/**
 * Bytes of a size, or undefined when it is not one (negative, fractional bytes, unknown unit).
 *
 * @example parseByteSize('512 MiB') // 536870912
 * @example parseByteSize(1048576) // 1048576
 */
export function parseByteSize(v: unknown): number | undefined {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  }
  if (typeof v !== 'string') {
    return undefined;
  }
  const m = SIZE_RE.exec(v.trim());
  if (!m) {
    return undefined;
  }
  const factor = m[2] === undefined ? 1 : UNITS[m[2].toLowerCase()];
  if (factor === undefined) {
    return undefined;
  }
  const bytes = Number(m[1]) * factor;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
