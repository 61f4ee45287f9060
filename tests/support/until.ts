/**
 * Waiting on a condition instead of a fixed delay. `until` polls `check` until it returns a value
 * (anything but undefined or false) and fails, naming what it waited for, only after a deadline that
 * bounds a hang: a slow but correct run passes, however busy the machine.
 *
 * @example
 *   const result = await until('two recorded series', async () => {
 *     const r = await queryPrometheus(q);
 *     return r.length >= 2 && r;
 *   });
 */

/** The deadline of every wait in the tests: it stops a hang, it is not a speed expectation. */
export const HANG_MS = 5 * 60_000;

const POLL_MS = 100;

export async function until<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  deadlineMs = HANG_MS
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what} after ${deadlineMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
