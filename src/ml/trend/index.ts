/**
 * Trend tests: Mann-Kendall (plain and seasonal), Sen's slope (plain and seasonal) with its confidence interval, and a leak
 * detector built on both.
 */
export { mannKendall, seasonalMannKendall, kendallS } from './mannKendall';
export type { MannKendallResult } from './mannKendall';
export { sensSlope, perSecond, perHour } from './sensSlope';
export { seasonalSensSlope } from './seasonalSensSlope';
export type { SensSlopeResult, SensSlopeOptions } from './sensSlope';
export { detectLeak } from './leak';
export type { LeakOptions, LeakResult } from './leak';
