import path from 'node:path';
import { tierPlatformFiles, tierPlatformRows } from '../src/core/engine/tierPlatform.fixture.ts';
import { tierPlatformDir } from '../test/paths.ts';
import { expect, test } from './fixtures.ts';
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
