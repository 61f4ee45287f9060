/**
 * Words and colours of the home page's rows: "full in 12.0 d (11.0–13.0 d)", the alert tier a time to
 * exhaustion falls in (the windows of the shipped rules, provisioning/prometheus/rules/
 * bellwether.rules.yml). The trend test's phrase is in trendPhrase.ts (it needs Grafana's units).
 */
import { formatSpan, formatSpanInterval } from '../../common/duration';
import type { ExhaustionGate, TteVerdict } from './companionClient';
import { type ExhaustionTier, exhaustionTier } from '../../common/exhaustionTiers';

export { TIER_WINDOWS } from '../../common/exhaustionTiers';
export type Tier = ExhaustionTier | 'none';

/** The time cell of a leak whose resets recur clear of the limit (the engine's 'no_trend' with its gate significant). */
export const RESETS_FIRST = 'not full before the next reset';

/** The same with one reset seen (src/ml/tte oneRestart.ts): a guess that it recurs, as the panel says it. */
export const ONE_RESET_FIRST = 'not full before the next reset, if one comes (one seen)';

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
 * Under "not full before the next reset, if one comes (one seen)": the crossing that one restart
 * denied, in the engine's words ("the segment alone would reach the limit in 2.4 d", its warning, the
 * CLI's and the panel's): a restart that does not come lets it through. Undefined otherwise: resets
 * that recur (`resetsSeen` 2 or more) are a pattern measured, and their warning words the crossing
 * differently when the rate was carried across the last reset.
 */
export function deniedCrossingText(
  segmentAloneSeconds: number | undefined,
  verdict?: TteVerdict,
  resetsSeen?: number
): string | undefined {
  if (
    verdict !== 'no_trend' ||
    resetsSeen !== 1 ||
    segmentAloneSeconds === undefined ||
    !Number.isFinite(segmentAloneSeconds)
  ) {
    return undefined;
  }
  return `alone would reach the limit in ${formatSpan(segmentAloneSeconds * 1000)}`;
}

/**
 * "full in 12.0 d (11.8–12.5 d)" (the forecast panel's form, formatSpanInterval), "full now",
 * "not within 30 d" (a significant trend toward the limit, reaching it later: the engine's
 * 'beyond_horizon', or its 'no_trend' beside a significant trend and no reset), "not full before the
 * next reset" (the engine's 'no_trend' beside a significant trend toward the limit and a reset in the
 * window (`sinceReset`): resets recur like clockwork and each tooth stays clear of it, so "no trend"
 * would contradict the "leak, p < 0.001" printed beside it) or "no trend" (the engine's 'no_trend',
 * or no answer: too little data).
 */
export function exhaustionText(
  seconds: number,
  lower: number,
  upper: number,
  verdict?: TteVerdict,
  gate?: Pick<ExhaustionGate, 'significant'>,
  sinceReset = false,
  resetsSeen?: number
): string {
  if (verdict === 'no_trend' && gate?.significant && resetsSeen === 1) {
    return ONE_RESET_FIRST;
  }
  if (verdict === 'no_trend' && gate?.significant) {
    // Without a reset in the window this is no clockwork of resets but a growth under a daily cycle
    // that the engine's across-days gate calls significant and its plain test does not (src/ml/tte's
    // last 'no_trend'): it reads as the trend toward the limit beside it, not reaching it in 30 d.
    return sinceReset ? RESETS_FIRST : `not within ${formatSpan(HORIZON_S * 1000)}`;
  }
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
