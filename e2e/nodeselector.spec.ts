import { expect, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/**
 * A CiliumNetworkPolicy with fromNodes and no cilium-config: the agent's
 * --enable-node-selector-labels is assumed on (Cilium's default is off, which refuses the policy),
 * and the app's agent settings turn it off and on again.
 */
const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-workers, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: be}}
  ingress:
  - fromNodes: [{matchLabels: {role: worker}}]
---
apiVersion: v1
kind: Pod
metadata: {name: be, namespace: shop, labels: {app: be}}
spec: {nodeName: n1, containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.2}
`;

test('enable-node-selector-labels: assumed on without a cilium-config (the policy loads with a note); off in the agent settings refuses it', async ({ app, page }) => {
  await app.gotoDemo();
  await app.openFiles([{ name: 'from-nodes.yaml', mimeType: 'application/yaml', buffer: Buffer.from(policy) }]);
  await app.waitForLoaded();
  await expect(app.count('policies')).toHaveText('1');
  await app.openPanel('diagnostics');
  await expect(page.getByText(/assumed enable-node-selector-labels=true \(Cilium 1\.19 default: off; no cilium-config loaded\)/)).toBeVisible();
  // A verdict the policy decides (its default deny) says it was read under the assumption (engine/tierWords.ts assumedNotes).
  const q = new QueryPanel(page);
  await q.ask('203.0.113.9', 'shop/be', '80/TCP');
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict.getByTestId('notes')).toContainText(
    'CNP shop/from-workers spec decides this; its policy was read with enable-node-selector-labels assumed true (Cilium 1.19 default: off; no cilium-config loaded) for its fromNodes: with it off the agent refuses the whole policy',
  );
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await q.verdict.getByTestId('notes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/nodeselector-note-${width}.png` });
  }
  await app.openPanel('sources');
  const box = page.getByTestId('agent-node-selector-labels');
  await expect(box).toBeChecked();
  await box.click();
  await app.waitForLoaded();
  await expect(app.count('policies')).toHaveText('0');
  await app.openPanel('sources');
  await expect(page.getByTestId('agent-settings-line')).toContainText('set here: enable-node-selector-labels=false');
  await expect(page.getByTestId('agent-node-selector-labels')).not.toBeChecked();
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/nodeselector-settings-${width}.png` });
  }
  await app.openPanel('diagnostics');
  await expect(page.getByText(/fromNodes needs the agent flag --enable-node-selector-labels \(set off by hand/)).toBeVisible();
  await app.openPanel('sources');
  await page.getByTestId('agent-node-selector-labels').click();
  await app.waitForLoaded();
  await expect(app.count('policies')).toHaveText('1');
});
