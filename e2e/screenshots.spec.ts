import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.ts';
import { fixture, TENANT_POLICIES_WITH_PROBLEMS } from './inputs.ts';

const docs = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

// Writes the README screenshots; run with `UPDATE_SCREENSHOTS=1 npx playwright test screenshots`.
test.describe('screenshots', () => {
  test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to refresh docs/*.png');

  test('demo view', async ({ app, page }) => {
    await app.gotoDemo();
    await app.graphArea.getByTestId('workload').filter({ hasText: /^web$/ }).first().click();
    await expect(page.getByTestId('workload-details')).toBeVisible();
    await page.screenshot({ path: docs('screenshot-demo.png') });
  });

  test('diagnostics view', async ({ app, page }) => {
    await app.gotoDemo();
    await app.openFiles([
      { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: readFileSync(fixture('inventory.yaml')) },
      { name: 'tenant-policies.yaml', mimeType: 'application/yaml', buffer: Buffer.from(TENANT_POLICIES_WITH_PROBLEMS) },
    ]);
    await app.waitForLoaded();
    await expect(app.diagnosticsOfFile('tenant-policies.yaml')).toHaveCount(3);
    await page.screenshot({ path: docs('screenshot-diagnostics.png') });
  });
});
