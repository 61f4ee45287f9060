/**
 * The one colour rule for a time to exhaustion, on the home page and in the forecast panel: the
 * windows of the shipped disk-full alert tiers (provisioning/prometheus/rules/bellwether.rules.yml,
 * the vmalert and Grafana-managed copies), compared as the rules compare: `< window` (Grafana's `lt`),
 * so a time of exactly 4 h is a warning, as no critical alert fires for it.
 */
import { durationProblem, formatDuration, parseDuration } from './duration';

/** Window of each shipped disk-full alert tier, in seconds: critical 4 h, warning 2 d, info 30 d. */
export const TIER_WINDOWS = { critical: 4 * 3600, warning: 2 * 86400, info: 30 * 86400 } as const;

/** The tier a time falls in; 'ok' beyond the info window. */
export type ExhaustionTier = keyof typeof TIER_WINDOWS | 'ok';

/** The critical and warning windows, in seconds. */
export interface TierWindows {
  critical: number;
  warning: number;
}

/**
 * The tier whose window `seconds` falls in (`+Infinity`: 'ok'), the critical window checked first:
 * with a warning window no longer than the critical one no time is a warning (tierWindowsOf says so).
 * `windows` overrides the critical and warning windows (the forecast panel's options); the info window
 * stays the shipped one.
 *
 * @example exhaustionTier(11.5 * 86400) // 'info'
 */
export function exhaustionTier(seconds: number, windows: Partial<TierWindows> = {}): ExhaustionTier {
  if (seconds < (windows.critical ?? TIER_WINDOWS.critical)) {
    return 'critical';
  }
  if (seconds < (windows.warning ?? TIER_WINDOWS.warning)) {
    return 'warning';
  }
  return seconds < TIER_WINDOWS.info ? 'info' : 'ok';
}

/**
 * The windows of the forecast panel's options Critical within and Warning within (durations such as
 * '4h'; a text that is not one keeps the shipped window), and what is wrong with them, one sentence
 * each for the panel's notes: a text that is not a duration, or a warning window no longer than the
 * critical one (a panel saved with Critical within 3d before the warning default became 2d: then
 * nothing would be orange, unsaid).
 *
 * @example tierWindowsOf('3d', '2d').problems // ['Warning within (2d) is not longer than Critical within (3d): ...']
 */
export function tierWindowsOf(critical: string, warning: string): { windows: TierWindows; problems: string[] } {
  const problems: string[] = [];
  // Each window in seconds and as the note writes it: the option's own text, or the shipped window.
  const read = (option: string, name: string, shipped: number): [number, string] => {
    const text = (option ?? '').trim();
    const ms = parseDuration(text);
    if (ms !== undefined) {
      return [ms / 1000, text];
    }
    const fallback = formatDuration(shipped * 1000);
    problems.push(`${name}: ${durationProblem(text)}; the shipped ${fallback} is used.`);
    return [shipped, fallback];
  };
  const [c, cText] = read(critical, 'Critical within', TIER_WINDOWS.critical);
  const [w, wText] = read(warning, 'Warning within', TIER_WINDOWS.warning);
  if (w <= c) {
    problems.push(
      `Warning within (${wText}) is not longer than Critical within (${cText}): no time to exhaustion is orange. ` +
        `Set Warning within longer than ${cText}.`
    );
  }
  const windows = { critical: c, warning: w };
  return { windows, problems };
}
