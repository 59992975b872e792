import { expect, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import { backendInClusterMesh, denyWorldOnly } from '../src/core/engine/versionGaps.fixture.ts';

/**
 * Version-dependent verdicts say which versions do what, in the app's answer as in `explain`
 * (engine/decide.ts versionNotes, engine/versionGaps.ts): enableDefaultDeny came with Cilium 1.16,
 * older agents ignore it; a policy the version refuses is named in the answers it would change.
 */

/** Pods shop/frontend and shop/backend, for both tests' inputs. */
const pods = `apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {app: frontend}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: backend, namespace: shop, labels: {app: backend}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.2}
`;

const inputs = `${denyWorldOnly}---
${pods}`;

test('enableDefaultDeny: false: read from Cilium 1.16 (allowed, said), ignored by 1.15 set in the agent settings (denied, said)', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.gotoDemo();
  await app.openFiles([{ name: 'default-deny.yaml', mimeType: 'application/yaml', buffer: Buffer.from(inputs) }]);
  await app.waitForLoaded();
  const q = new QueryPanel(page);
  await q.ask('shop/frontend', 'shop/backend', '8080/TCP');
  await expect(q.verdict).toHaveText(/^Allowed/);
  // Which version decided it, and where that came from, on screen (was only in Copy explanation).
  await expect(q.verdict.getByTestId('decided-under')).toContainText('Decided as Cilium 1.19 would (version assumed: not in the inputs)');
  await expect.poll(async () => {
    await page.getByTestId('verdict-copy').click();
    return page.evaluate(() => navigator.clipboard.readText());
  }).toContain('enableDefaultDeny.ingress: false (read by Cilium 1.16 and later)');
  await app.openPanel('sources');
  await page.getByTestId('agent-cilium-version').selectOption('1.15');
  await app.waitForLoaded();
  await q.ask('shop/frontend', 'shop/backend', '8080/TCP');
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict.getByTestId('notes')).toContainText(
    'CNP shop/deny-world-only spec.enableDefaultDeny.ingress: Cilium 1.15 ignores it (enableDefaultDeny.ingress: false, so its pods are in default deny for ingress; read from 1.16). On Cilium 1.16 this connection would be ALLOWED',
  );
  await expect(q.verdict.getByTestId('decided-under')).toContainText('Decided as Cilium 1.15 would (version set by hand)');
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await q.verdict.getByTestId('decided-under').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/versions-default-deny-${width}.png` });
  }
});

/**
 * A drop whose answer names a policy the selected version refuses (engine/versionGaps.ts): on
 * Cilium 1.19 (assumed) backend-in, with its entity cluster-mesh (Cilium 1.20), does not import,
 * so only backend-from-db decides frontend → backend (default deny); on 1.20 backend-in allows it.
 */
const refusedInputs = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: backend-from-db, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: db}}]
---
${backendInClusterMesh}---
${pods}`;

test('a drop\'s answer names the policy Cilium 1.19 refuses (entity cluster-mesh), the field, and the verdict on 1.20', async ({ app, page }) => {
  await app.gotoDemo();
  await app.openFiles([{ name: 'refused.yaml', mimeType: 'application/yaml', buffer: Buffer.from(refusedInputs) }]);
  await app.waitForLoaded();
  const q = new QueryPanel(page);
  await q.ask('shop/frontend', 'shop/backend', '8080/TCP');
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict.getByTestId('notes')).toContainText(
    'CNP shop/backend-in spec.ingress[1].fromEntities[0]: Cilium 1.19 refuses this whole policy (entity cluster-mesh; accepted from 1.20), so none of its rules apply. On Cilium 1.20 this connection would be ALLOWED',
  );
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await q.verdict.getByTestId('notes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/versions-refused-${width}.png` });
  }
  // On 1.20 the policy applies: allowed, and no such note.
  await app.openPanel('sources');
  await page.getByTestId('agent-cilium-version').selectOption('1.20');
  await app.waitForLoaded();
  await q.ask('shop/frontend', 'shop/backend', '8080/TCP');
  await expect(q.verdict).toHaveText(/^Allowed/);
  await expect(q.verdict).not.toContainText('refuses this whole policy');
});
