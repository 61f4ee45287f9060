/**
 * The one colour rule for a time to exhaustion, on the home page and in the forecast panel: the
 * windows of the shipped disk-full alert tiers (provisioning/prometheus/rules/bellwether.rules.yml),
 * compared as the rules compare (`< window`).
 */

/** Window of each shipped disk-full alert tier, in seconds: critical 4 h, warning 2 d, info 30 d. */
export const TIER_WINDOWS = { critical: 4 * 3600, warning: 2 * 86400, info: 30 * 86400 } as const;

/** The tier a time falls in; 'ok' beyond the info window. */
export type ExhaustionTier = keyof typeof TIER_WINDOWS | 'ok';

/**
 * The tier whose window `seconds` falls in (`+Infinity`: 'ok'). `windows` overrides the critical and
 * warning windows (the forecast panel's options); the info window stays the shipped one.
 *
 * @example exhaustionTier(11.5 * 86400) // 'info'
 */
export function exhaustionTier(seconds: number, windows: { critical?: number; warning?: number } = {}): ExhaustionTier {
  if (seconds < (windows.critical ?? TIER_WINDOWS.critical)) {
    return 'critical';
  }
  if (seconds < (windows.warning ?? TIER_WINDOWS.warning)) {
    return 'warning';
  }
  return seconds < TIER_WINDOWS.info ? 'info' : 'ok';
}
