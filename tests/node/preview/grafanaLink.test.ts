/**
 * The home page's links into Grafana (Explore, dashboards) answer a page that says where they go and
 * what they ask, not a bare "not found": the preview has no Grafana.
 */
import { startPreviewServer } from '../../../preview/server';
import { forecastLink } from '../../../src/pages/home/links';

jest.mock('@grafana/runtime', () => ({ config: { appSubUrl: '' } }));

it('answers an Explore link with the queries it carries, and a dashboard link with its name', async () => {
  // The companion is never reached: these paths are the preview's own.
  const server = await startPreviewServer('127.0.0.1', 0, 'http://127.0.0.1:9/');
  try {
    const expr = 'node_filesystem_avail_bytes{instance="db-1:9100"}';
    const row = { train: '14d', step: '1h', refit: '1h', at: 1796655293 };
    const explore = await fetch(new URL(forecastLink('ds-uid', expr, 0, 'down', row), server.url));
    expect(explore.status).toBe(200);
    const page = await explore.text();
    expect(page).toContain('This link opens Grafana&#39;s Explore');
    for (const output of ['raw', 'forecast', 'tte']) {
      expect(page).toContain(`<code>${output}: node_filesystem_avail_bytes{instance=&quot;db-1:9100&quot;}</code>`);
    }
    const dashboard = await (await fetch(new URL('/d/bellwether-capacity?var-instance=db-1', server.url))).text();
    expect(dashboard).toContain('This link opens the Grafana dashboard bellwether-capacity');
    // Anything else is still not found.
    expect((await fetch(new URL('/no-such-page', server.url))).status).toBe(404);
  } finally {
    await server.close();
  }
});
