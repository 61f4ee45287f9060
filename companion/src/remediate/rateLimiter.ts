/**
 * Per-target rate limits and cool-downs: after an action on a target (done or, in dry-run, one that
 * would have been done), no other action on it for the rule's cool-down, and at most `maxPerHour`
 * in any sliding hour. Times come from the caller, so the rules are tested without waiting.
 */
const HOUR_MS = 60 * 60_000;

export class RateLimiter {
  private readonly history = new Map<string, number[]>();

  /** Why an action on `target` at `now` must wait, or undefined when it may go ahead. */
  check(target: string, now: number, cooldownMs: number, maxPerHour: number): string | undefined {
    const times = (this.history.get(target) ?? []).filter((t) => now - t < HOUR_MS);
    this.history.set(target, times);
    const last = times[times.length - 1];
    if (last !== undefined && now - last < cooldownMs) {
      return `cool-down: last action on ${target} ${Math.round((now - last) / 1000)} s ago, cool-down ${Math.round(cooldownMs / 1000)} s`;
    }
    if (times.length >= maxPerHour) {
      return `rate limit: ${times.length} actions on ${target} in the last hour, limit ${maxPerHour}`;
    }
    return undefined;
  }

  /** Records an action on `target` at `now`. */
  record(target: string, now: number): void {
    const times = this.history.get(target) ?? [];
    times.push(now);
    this.history.set(target, times);
  }
}

/**
 * The alerts already handled, by fingerprint, start time and rule: Alertmanager repeats a firing
 * alert every repeat_interval, and each repeat must not act again. Entries older than `keepMs`
 * are forgotten (an alert firing that long has started again by then, with a new start time).
 */
export class SeenAlerts {
  private readonly seen = new Map<string, number>();

  constructor(private readonly keepMs = 7 * 24 * HOUR_MS) {}

  has(key: string, now: number): boolean {
    for (const [k, t] of this.seen) {
      if (now - t <= this.keepMs) {
        break; // insertion order is time order
      }
      this.seen.delete(k);
    }
    return this.seen.has(key);
  }

  add(key: string, now: number): void {
    this.seen.set(key, now);
  }
}
