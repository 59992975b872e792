import { expect, holdChunk, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/**
 * A rule item asking for `authentication.mode: test-always-fail` drops what it allows for good
 * (AUTH_REQUIRED): the graph draws those ports as their own verdict, not as a deny rule, and the
 * legend and the edge details say so, naming the rule item. 443/TCP has `mode: disabled` of its
 * own (a narrower item keeps its own mode), so it stays allowed.
 */
const inventory = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
status: {phase: Running, podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: shop, labels: {app: server}}
spec: {containers: [{name: c, image: x}]}
status: {phase: Running, podIP: 10.244.0.11}
`;
const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mtls-only, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: client}}]
    authentication: {mode: test-always-fail}
  - fromEndpoints: [{matchLabels: {app: client}}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
    authentication: {mode: disabled}
`;

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
])
  test(`authentication that always fails is its own verdict (${size.width}x${size.height})`, async ({ app, page }) => {
    await page.setViewportSize(size);
    await app.goto();
    await app.openFiles([
      { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: Buffer.from(inventory) },
      { name: 'policy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(policy) },
    ]);
    await page.waitForFunction(() => (window.__graphTestApi?.edges() ?? []).some((e) => e.verdict === 'auth-denied'), undefined, { timeout: 30_000 });
    const edges = await page.evaluate(() => window.__graphTestApi?.edges() ?? []);
    const auth = edges.find((e) => e.verdict === 'auth-denied');
    expect(edges.some((e) => e.verdict === 'explicit-deny')).toBe(false);
    expect(edges.some((e) => e.verdict === 'allowed' && e.ports === '443/TCP')).toBe(true);
    await expect(page.getByTestId('graph-legend')).toContainText('Dropped: authentication always fails');
    await page.evaluate((id) => window.__graphTestApi?.select(id), auth?.id ?? '');
    const details = page.getByTestId('edge-details');
    await expect(details).toBeVisible();
    await expect(page.getByTestId('edge-verdict-tag')).toHaveText('Dropped: authentication always fails');
    await expect(details).toContainText('authentication always fails (test-always-fail) by');
    await expect(details).toContainText('spec.ingress[0]');
    await page.screenshot({ path: test.info().outputPath(`authdenied-${size.width}x${size.height}.png`) });
  });

test('the engine code for authentication modes comes late (a chunk of its own): the graph and the answer wait for it, nothing fails', async ({ app, page }) => {
  // core/engine/conflictCode.ts: the load worker fetches it before its analysis, the page before it
  // compiles the model that answers queries. Held here until a query has been asked.
  const chunk = await holdChunk(page, /\/assets\/conflictChunk-[^/]*\.js$/);
  const q = new QueryPanel(page);
  await app.gotoDemo();
  expect(chunk.requests()).toBe(0);
  await app.openFiles([
    { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: Buffer.from(inventory) },
    { name: 'policy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(policy) },
  ]);
  await expect.poll(chunk.requests).toBeGreaterThan(0);
  await q.ask('shop/client', 'shop/server', '80/TCP');
  await page.waitForTimeout(1000);
  // No answer without it (and none wrong): the verdict waits.
  await expect(q.verdict.filter({ hasText: /^(Allowed|Denied)/ })).toHaveCount(0);
  chunk.release();
  await app.waitForLoaded();
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict).toContainText('test-always-fail');
  await page.waitForFunction(() => (window.__graphTestApi?.edges() ?? []).some((e) => e.verdict === 'auth-denied'), undefined, { timeout: 30_000 });
  await expect(page.getByText(/needed but not loaded/)).toHaveCount(0);
  await expect(app.loadError).toHaveCount(0);
});
