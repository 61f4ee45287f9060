// Runs against a real Grafana started by `docker compose up` (npm run e2e); not part of npm test.
import { test, expect } from './fixtures';
import { ROUTES } from '../../src/constants';

test.describe('navigating app', () => {
  test('overview page renders', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await expect(page.getByText(/Anomaly detection, forecasting and time to exhaustion/)).toBeVisible();
  });

  test('eBPF agent overhead page renders', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Ebpf}`);
    await expect(page.getByTestId('data-testid bw-ebpf')).toBeVisible();
  });
});
