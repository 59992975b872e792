import { generateCluster } from '../src/core/synth/cluster.ts';
import { expect, test } from './fixtures.ts';

/**
 * A cluster of many tenants (120 here; platforms have hundreds): the row of tenant toggles above
 * the graph must not push the canvas off the screen.
 */
test('with 120 tenants the tenant toggles stay a compact scrollable row and the canvas keeps its room', async ({ app, page }) => {
  const synth = generateCluster({ tenants: 120, namespacesPerTenant: 1, workloads: 300, cnps: 130, format: 'json' });
  await app.gotoDemo();
  await app.openFiles(synth.files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.data) })));
  await app.waitForLoaded();
  const toggles = page.getByTestId('graph-group-toggle');
  await expect(toggles).toHaveCount(121);
  const row = page.getByRole('group', { name: /Tenants/ });
  const stage = page.locator('.graph-stage');
  const [rowBox, stageBox] = await Promise.all([row.boundingBox(), stage.boundingBox()]);
  // One row (it scrolls sideways), and the canvas keeps most of the window's height.
  expect(rowBox!.height).toBeLessThanOrEqual(40);
  expect(stageBox!.height).toBeGreaterThanOrEqual(0.75 * (page.viewportSize()?.height ?? 0));
  // Every toggle is still reachable: the row scrolls.
  await toggles.last().scrollIntoViewIfNeeded();
  await expect(toggles.last()).toBeInViewport();
});
