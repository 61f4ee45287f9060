/**
 * Words and colours of the home page's rows: "full in 12.0 d (11.0–13.0 d)", the alert tier a time to
 * exhaustion falls in (the windows of the shipped rules, provisioning/prometheus/rules/
 * bellwether.rules.yml). The trend test's phrase is in trendPhrase.ts (it needs Grafana's units).
 */
import { formatSpan, formatSpanInterval } from '../../common/duration';
import type { TteVerdict } from './companionClient';
import { type ExhaustionTier, exhaustionTier } from '../../common/exhaustionTiers';

export { TIER_WINDOWS } from '../../common/exhaustionTiers';
export type Tier = ExhaustionTier | 'none';

/** The horizon the companion searches (time_to_exhaustion: +Inf beyond 30 days). */
export const HORIZON_S = 30 * 86400;

/**
 * The tier whose window `seconds` falls in (common/exhaustionTiers.ts, the forecast panel's rule too);
 * 'none' for no answer or the engine's verdict 'no_trend'.
 */
export function tierOf(seconds: number, verdict?: TteVerdict): Tier {
  if (Number.isNaN(seconds) || verdict === 'no_trend') {
    return 'none';
  }
  return exhaustionTier(seconds);
}

/**
 * "full in 12.0 d (11.8–12.5 d)" (the forecast panel's form, formatSpanInterval), "full now",
 * "not within 30 d" (a significant trend toward the limit, reaching it later: the engine's
 * 'beyond_horizon') or "no trend" (the engine's 'no_trend', or no answer: too little data).
 */
export function exhaustionText(seconds: number, lower: number, upper: number, verdict?: TteVerdict): string {
  if (Number.isNaN(seconds) || verdict === 'no_trend') {
    return 'no trend';
  }
  if (seconds === 0) {
    return 'full now';
  }
  if (!Number.isFinite(seconds)) {
    return `not within ${formatSpan(HORIZON_S * 1000)}`;
  }
  return `full in ${formatSpanInterval(seconds * 1000, lower * 1000, upper * 1000)}`;
}
