// Runs against a real Grafana started by `docker compose up` (npm run e2e); not part of npm test.
import { test, expect } from './fixtures';

test('the configuration page says the app is enabled and where its settings are', async ({ appConfigPage, page }) => {
  await expect(page.getByText(/The app is enabled/)).toBeVisible();
  await expect(page.getByText(/Bellwether ML data source/)).toBeVisible();
  expect(appConfigPage).toBeTruthy();
});
