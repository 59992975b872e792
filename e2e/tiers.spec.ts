import path from 'node:path';
import { tierPlatformFiles, tierPlatformRows } from '../src/core/engine/tierPlatform.fixture.ts';
import { npguardDir, tierPlatformDir } from '../test/paths.ts';
import { expect, holdChunk, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/** The tier-platform fixture with its cilium DaemonSet (image v1.20.0: the tiers are enforced). */
const files = [...tierPlatformFiles, 'cilium.yaml'].map((f) => path.join(tierPlatformDir, f));

test('ClusterNetworkPolicy tiers: the tier-platform expected verdicts in the app, each side naming tier, priority, rule and action', async ({ app, page }) => {
  const q = new QueryPanel(page);
  await app.gotoDemo();
  await app.openFiles(files);
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
  // The tier policies are listed in evaluation order with their tier and priority (in the workload list).
  await app.openPanel('workloads');
  const tiers = page.getByTestId('policy-tiers');
  await expect(tiers.locator('li')).toHaveText([
    /platform-smtp-pass\s*Admin, priority 5/,
    /deny-smtp-egress\s*Admin, priority 10/,
    /acme-baseline\s*Baseline, priority 100/,
    /globex-baseline\s*Baseline, priority 100/,
  ]);
  for (const row of tierPlatformRows) {
    await q.ask(row.from, row.to, `${row.port}/TCP`);
    await expect(q.verdict, `#${row.n}`).toHaveText(row.verdict === 'allowed' ? /^Allowed/ : /^Denied/);
    if (row.says.includes(' tier')) {
      const tierText = row.says.replace(/ \(ClusterNetworkPolicy [^)]*\)/, '');
      await expect(q.verdict, `#${row.n}`).toContainText(tierText);
    }
  }
  // The deciding rule is named as the user wrote it: kind, policy and path.
  await q.ask('acme-web/frontend', '203.0.113.10', '25/TCP');
  await expect(q.verdict.getByTestId('side-egress')).toContainText('ClusterNP deny-smtp-egress spec.egress[0]');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test-results/tiers-verdict-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/tiers-verdict-1920.png' });
  await tiers.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/tiers-list-1920.png' });
});

/**
 * An AdminNetworkPolicy (policy.networking.k8s.io/v1alpha1, np-guard's anp_test_1): no Cilium release
 * reads it, so the app lists it as having no effect and the verdict it would have changed stays.
 */
test('AdminNetworkPolicy v1alpha1: listed as having no effect on Cilium; the explanation says why', async ({ app, page }) => {
  const dir = path.join(npguardDir, 'tests', 'anp_test_1_deny_traffic_at_cluster_level');
  const q = new QueryPanel(page);
  await app.gotoDemo();
  await app.openFiles(['anp.yaml', 'deployments.yaml'].map((f) => path.join(dir, f)));
  await app.waitForLoaded();
  await app.openPanel('workloads');
  const tiers = page.getByTestId('policy-tiers');
  await expect(tiers.locator('li')).toHaveText([/cluster-wide-deny-example\s*Admin, priority 10 · no effect on Cilium \(v1alpha1\)/]);
  await q.ask('foo-ns-1/foo', 'sensitive-ns/sensitive', '5698/TCP');
  await expect(q.verdict).toHaveText(/^Allowed/);
  await expect(q.verdict.getByTestId('notes')).toContainText('1 AdminNetworkPolicy/BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) object(s) have no effect on Cilium');
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await tiers.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/tiers-v1alpha1-${width}.png` });
  }
});

/**
 * The same AdminNetworkPolicy read as np-guard's netpol-analyzer reads it, chosen in the agent
 * settings (the CLI's --tiers-as netpol-analyzer, in its words): the path it denies is denied, and
 * "Use the cluster's" brings back Cilium's reading.
 */
test("AdminNetworkPolicy v1alpha1: the agent settings' tiers switch applies it as netpol-analyzer reads it, and back", async ({ app, page }) => {
  const dir = path.join(npguardDir, 'tests', 'anp_test_1_deny_traffic_at_cluster_level');
  const q = new QueryPanel(page);
  await app.gotoDemo();
  await app.openFiles(['anp.yaml', 'deployments.yaml'].map((f) => path.join(dir, f)));
  await app.waitForLoaded();
  await app.openPanel('sources');
  const tiersAs = page.getByTestId('agent-tiers-as');
  await expect(tiersAs).toHaveValue('cilium');
  await expect(tiersAs.locator('xpath=..')).toHaveAttribute('title', 'AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): cilium (default): no effect, no Cilium release reads them; netpol-analyzer: applied as np-guard reads them');
  await tiersAs.selectOption('netpol-analyzer');
  await app.waitForLoaded();
  await app.openPanel('sources');
  await expect(page.getByTestId('agent-tiers-as')).toHaveValue('netpol-analyzer');
  await expect(page.getByTestId('agent-settings-line')).toContainText('set here: tiers-as=netpol-analyzer');
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('agent-settings').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/tiers-as-settings-${width}.png` });
  }
  await q.ask('foo-ns-1/foo', 'sensitive-ns/sensitive', '5698/TCP');
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict).toContainText("netpol-analyzer's reading");
  await page.screenshot({ path: 'test-results/tiers-as-verdict-1920.png' });
  await page.getByTestId('query-clear').click();
  await app.openPanel('sources');
  await page.getByTestId('agent-settings-reset').click();
  await app.waitForLoaded();
  await q.ask('foo-ns-1/foo', 'sensitive-ns/sensitive', '5698/TCP');
  await expect(q.verdict).toHaveText(/^Allowed/);
});

test('the words of the tier policies come late (a chunk of its own): the load and the answer wait for it, nothing fails', async ({ app, page }) => {
  // core/engine/tierWordsCode.ts: the load worker fetches it before its analysis, the page before
  // it compiles the model that answers queries. Held here until a query has been asked.
  const chunk = await holdChunk(page, /\/assets\/tierWords-[^/]*\.js$/);
  const q = new QueryPanel(page);
  await app.gotoDemo();
  expect(chunk.requests()).toBe(0);
  await app.openFiles(files);
  await expect.poll(chunk.requests).toBeGreaterThan(0);
  await q.ask('acme-web/frontend', '203.0.113.10', '25/TCP');
  await page.waitForTimeout(1000);
  // No answer without it (and none wrong): the verdict waits.
  await expect(q.verdict.filter({ hasText: /^(Allowed|Denied)/ })).toHaveCount(0);
  chunk.release();
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
  await expect(q.verdict).toHaveText(/^Denied/);
  await expect(q.verdict).toContainText('Admin tier, priority 10, rule `deny-smtp`: Deny');
  await expect(page.getByText(/needed but not loaded/)).toHaveCount(0);
  await expect(app.loadError).toHaveCount(0);
});
