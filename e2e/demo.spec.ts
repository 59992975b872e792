import { expect, test } from './fixtures.ts';

test.describe('first start', () => {
  test('shows the built-in demo cluster and its summary', async ({ app }) => {
    await app.gotoDemo();
    await expect(app.count('workloads')).toHaveText('14');
    await expect(app.count('namespaces')).toHaveText('7');
    await expect(app.summary.getByTestId('summary-tenants')).toContainText('3 tenants');
    await expect(app.count('policies')).toHaveText('11');
    await expect(app.count('flows')).toHaveText('48');
    // Sources, diagnostics and the workload list open beside the graph, one at a time.
    await app.openPanel('sources');
    await expect(app.sourceItems).toHaveCount(3);
    await expect(app.source('demo/policies.yaml')).toContainText('CiliumNetworkPolicy');
    // The demo is valid input: nothing in it is an error.
    await app.openPanel('diagnostics');
    await expect(app.diagnosticsPanel).toBeVisible();
    await expect(app.diagnosticsPanel.locator('[data-severity="error"]')).toHaveCount(0);
    // The workload list shows real data: tenants, namespaces, workloads.
    await app.openPanel('workloads');
    await expect(app.graphArea.getByRole('heading', { name: /Tenant northwind/ })).toBeVisible();
    await expect(app.graphArea.getByTestId('namespace-card')).toHaveCount(7);
  });

  test('?demo=0 starts empty and the Demo button loads the demo', async ({ app, page }) => {
    await app.goto('?demo=0');
    await expect(app.summary).toContainText('Nothing loaded');
    await expect(app.graphArea.getByRole('heading', { name: 'Nothing loaded' })).toBeVisible();
    await page.getByTestId('load-demo').click();
    await app.waitForLoaded();
    await expect(app.count('workloads')).toHaveText('14');
    expect(new URL(page.url()).searchParams.get('demo')).toBeNull();
  });

  test('selecting a workload shows its labels and pods in the details column', async ({ app, page }) => {
    await app.gotoDemo();
    await (await app.workloadInList('gateway')).click();
    const details = page.getByTestId('workload-details');
    await expect(details.getByRole('heading', { name: 'gateway' })).toBeVisible();
    await expect(details).toContainText('app.kubernetes.io/name');
    await expect(details.locator('tbody tr')).toHaveCount(2);
  });
});
