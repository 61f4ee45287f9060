/** 2026-12-06 12:00 UTC: a time in a warning, true whenever the warning is read. */
export function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
