/**
 * Kubernetes storage quantities (`10Gi`, `500M`, `1073741824`): parsed to bytes to compare and add,
 * and written back in the largest binary unit that divides them exactly, as a user would write them.
 */
const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

const QUANTITY_RE = /^(\d+(?:\.\d+)?)(k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/;

/** Bytes of a quantity, or undefined when it is not one (exponents and milli are not storage sizes). */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) {
    return undefined;
  }
  return Math.round(Number(m[1]) * UNITS[m[2] ?? '']);
}

/** A byte count as a quantity: `20Gi`, `1536Mi`, or plain bytes. */
export function formatQuantity(bytes: number): string {
  for (const unit of ['Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    if (bytes >= UNITS[unit] && bytes % UNITS[unit] === 0) {
      return `${bytes / UNITS[unit]}${unit}`;
    }
  }
  return String(bytes);
}
