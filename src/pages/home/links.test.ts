import { forecastLink, overlayLink } from './links';

const panes = (url: string) => JSON.parse(decodeURIComponent(/panes=([^&]+)/.exec(url)![1])).a;

it('the Forecast link carries the row training window, step and refit, and opens at the row time, not now', () => {
  const at = Date.UTC(2026, 11, 5, 11, 34) / 1000;
  const a = panes(forecastLink('bw', 'm{job="api"}', 5e11, 'down', { train: '3d', step: '1h', refit: '1h', at }));
  expect(a.range).toEqual({ from: String(at * 1000 - 3 * 86_400_000), to: String(at * 1000) });
  const byRef = Object.fromEntries(a.queries.map((q: any) => [q.refId, q]));
  expect(byRef.A).toMatchObject({ output: 'raw', step: '1h' });
  expect(byRef.B).toMatchObject({ output: 'forecast', train: '3d', step: '1h', refit: '1h' });
  expect(byRef.C).toMatchObject({
    output: 'tte',
    train: '3d',
    step: '1h',
    refit: '1h',
    capacity: 5e11,
    direction: 'down',
  });
});

it('the Overlay link opens on the 6 hours before the page time, not before now', () => {
  const at = Date.UTC(2026, 11, 5, 16, 48) / 1000;
  const a = panes(overlayLink('bw', 'cpu{instance="web-1"}', '3d', '1m', at, { side: 'above', minRel: 0.5 }));
  expect(a.range).toEqual({ from: String((at - 6 * 3600) * 1000), to: String(at * 1000) });
  expect(a.queries.map((q: any) => q.output)).toEqual(['band', 'anomalies']);
  expect(a.queries[0]).toMatchObject({ train: '3d', step: '1m', anomalyDirection: 'above', minRel: 0.5 });
});
