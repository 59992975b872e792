import { expect, test } from './fixtures.ts';
import { appPlatformAttributionDir, appPlatformFile } from '../test/paths.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import path from 'node:path';

/** The app-platform policies and inventory with the capture that carries Cilium's attribution. */
const files = [appPlatformFile('policies.yaml'), appPlatformFile('inventory.yaml'), path.join(appPlatformAttributionDir, 'flows.jsonl')];
const ENVOY_TO_FRONTEND = 'e:w:platform-ingress/Deployment/envoy|w:acme-web/Deployment/frontend|allowed';
const FRONTEND_TO_API = 'e:w:acme-web/Deployment/frontend|w:acme-web/Deployment/api|allowed';

test.describe('Cilium recorded beside computed', () => {
  test('the planted disagreement shows what Cilium recorded, what is computed and the likely cause, per edge and per flow', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await app.openFiles(files);
    await app.waitForLoaded();
    await q.graphReady();
    await expect.poll(async () => (await q.nodeIds()).includes('w:acme-web/Deployment/frontend')).toBe(true);
    await q.tap(ENVOY_TO_FRONTEND);
    const e = q.edgeDetails;
    await expect(e.getByTestId('edge-mismatch')).toContainText('Cilium recorded another policy');
    const attribution = e.getByTestId('edge-attribution');
    await expect(attribution).toContainText('ingress of acme-web/frontend');
    await expect(attribution).toContainText('Cilium recorded: allowed by CNP acme-web/allow-from-envoy');
    await expect(attribution).toContainText('computed: allowed by CCNP tenant-ingress-baseline');
    await expect(e.getByTestId('edge-likely-cause')).toContainText('Likely cause: stale policy set.');
    await expect(e.getByTestId('edge-likely-cause')).toContainText('CiliumNetworkPolicy/acme-web/allow-from-envoy');
    const table = e.getByTestId('flow-table');
    await expect(table).toContainText('CNP acme-web/allow-from-envoy');
    await expect(table).toContainText('stale policy set');
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: test.info().outputPath(`attribution-${size.width}.png`) });
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`attribution-flows-${size.width}.png`) });
    }
  });

  test('an edge where Cilium names the computed policy agrees, and trace events say nothing was recorded for them', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await app.openFiles(files);
    await app.waitForLoaded();
    await q.graphReady();
    await q.tap(FRONTEND_TO_API);
    const e = q.edgeDetails;
    await expect(e.getByTestId('edge-mismatch')).toHaveCount(0);
    await expect(e.getByTestId('edge-attribution')).toContainText('Cilium recorded: allowed by CNP acme-web/same-tenant');
    await expect(e.getByTestId('edge-attribution')).toContainText('computed: allowed by CNP acme-web/same-tenant');
    await expect(e.getByTestId('flow-table')).toContainText('agrees');
  });

  test('the demo shows the policy Cilium recorded beside the computed one', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await q.graphReady();
    const edge = 'e:w:northwind-web/Deployment/web|w:northwind-web/Deployment/orders-api|allowed';
    await expect.poll(async () => (await q.edges()).some((e) => e.id === edge)).toBe(true);
    await q.tap(edge);
    const attribution = q.edgeDetails.getByTestId('edge-attribution');
    await expect(attribution).toContainText('egress of northwind-web/web');
    await expect(attribution).toContainText('Cilium recorded: allowed by CNP northwind-web/tenant-isolation');
    await expect(attribution).toContainText('computed: allowed by CNP northwind-web/tenant-isolation');
  });
});
