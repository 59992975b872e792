import { expect, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/**
 * Version-dependent verdicts say which versions do what, in the app's answer as in `explain`
 * (engine/decide.ts versionNotes): enableDefaultDeny came with Cilium 1.16, older agents ignore it.
 */
const inputs = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: deny-world-only, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  enableDefaultDeny: {ingress: false}
  ingressDeny:
  - fromEntities: [world]
---
apiVersion: v1
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
    'CNP shop/deny-world-only spec sets enableDefaultDeny.ingress: false, which Cilium 1.15 ignores: it puts the pods it selects into default deny for ingress; Cilium 1.16 and later read it (no default deny from this rule)',
  );
  await expect(q.verdict.getByTestId('decided-under')).toContainText('Decided as Cilium 1.15 would (version set by hand)');
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await q.verdict.getByTestId('decided-under').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/versions-default-deny-${width}.png` });
  }
});
