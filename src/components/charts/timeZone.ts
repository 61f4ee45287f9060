import uPlot from 'uplot';

/**
 * uPlot's `tzDate` for a Grafana time zone: 'utc', an IANA name such as 'Europe/Berlin', or
 * 'browser' / '' (the browser's own zone, uPlot's default). Returns undefined for the default.
 */
export function tzDateFor(timeZone: string | undefined): ((ts: number) => Date) | undefined {
  if (!timeZone || timeZone === 'browser') {
    return undefined;
  }
  const zone = timeZone === 'utc' ? 'Etc/UTC' : timeZone;
  try {
    // Throws RangeError for a zone the browser does not know; fall back to the browser zone then.
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return undefined;
  }
  return (ts: number) => uPlot.tzDate(new Date(ts * 1000), zone);
}
