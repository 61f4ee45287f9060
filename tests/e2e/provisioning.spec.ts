// Runs against the Grafana of `docker compose up` (npm run e2e); not part of npm test.
// Checks what provisioning/ sets up: data sources that pass their health check, dashboards the app
// includes rendering our panels, and an alert rule whose preview evaluates through the companion.
import { test, expect } from './fixtures';

const DASHBOARD_PANELS: Array<{ uid: string; title: string; testId: string }> = [
  { uid: 'bellwether-node-overview', title: 'CPU utilisation — expected band from the companion', testId: 'bw-anomaly-panel' },
  { uid: 'bellwether-node-overview', title: 'Request rate — scored in the browser', testId: 'bw-anomaly-panel' },
  { uid: 'bellwether-capacity', title: 'Filesystem available — forecast to empty', testId: 'bw-forecast-panel' },
  { uid: 'bellwether-capacity', title: 'Resident memory — forecast and leak test', testId: 'bw-forecast-panel' },
];

test.describe('data sources', () => {
  for (const name of ['Prometheus', 'Bellwether (Prometheus API)', 'Bellwether ML']) {
    test(`${name} passes its health check`, async ({ readProvisionedDataSource, gotoDataSourceConfigPage }) => {
      const ds = await readProvisionedDataSource({ fileName: 'datasources.yaml', name });
      const configPage = await gotoDataSourceConfigPage(ds.uid);
      await expect(configPage.saveAndTest()).toBeOK();
    });
  }
});

test.describe('provisioned dashboards', () => {
  for (const { uid, title, testId } of DASHBOARD_PANELS) {
    test(`${uid}: "${title}" renders`, async ({ gotoDashboardPage }) => {
      const dashboardPage = await gotoDashboardPage({ uid });
      const panel = dashboardPage.getPanelByTitle(title);
      await expect(panel.locator.getByTestId(testId)).toBeVisible();
      await expect(panel.locator.locator('.uplot canvas').first()).toBeVisible();
      await expect(panel.getErrorIcon()).toHaveCount(0);
    });
  }

  test('time to exhaustion table lists the demo PostgreSQL volume', async ({ gotoDashboardPage }) => {
    const dashboardPage = await gotoDashboardPage({ uid: 'bellwether-capacity' });
    const panel = dashboardPage.getPanelByTitle('Time to exhaustion (companion)');
    await expect(panel.locator.getByText('/var/lib/postgresql')).toBeVisible();
  });
});

test.describe('alert rules', () => {
  for (const uid of ['bw-disk-tte-2d', 'bw-cpu-anomaly', 'bw-memory-leak']) {
    test(`${uid}: the rule preview evaluates through the companion`, async ({ gotoAlertRuleEditPage }) => {
      const rulePage = await gotoAlertRuleEditPage({ uid });
      await expect(rulePage.evaluate()).toBeOK();
    });
  }
});
