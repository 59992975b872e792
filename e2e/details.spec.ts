import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import type { AppPage } from './pages/AppPage.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import { docsDir } from '../test/paths.ts';

const MAILER = 'w:acme-jobs/Deployment/mailer';
const FRONTEND_TO_API = 'e:w:acme-web/Deployment/frontend|w:acme-web/Deployment/api|allowed';
const MAILER_SMTP = 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny';

async function openAppPlatform(app: AppPage, q: QueryPanel): Promise<void> {
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
  await q.graphReady();
  await expect.poll(async () => (await q.nodeIds()).includes(MAILER)).toBe(true);
}

test.describe('details', () => {
  test('clicking a workload shows labels, pods, bandwidth and the policies that select it', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await q.tap(MAILER);
    await expect.poll(() => q.selection()).toEqual([MAILER]);
    const d = q.workloadDetails;
    await expect(d.getByRole('heading', { name: 'mailer' })).toBeVisible();
    await expect(d.getByRole('list', { name: 'Pod labels' })).toContainText('app=mailer');
    await expect(d.locator('.pod-table tbody tr')).toHaveCount(1);
    await expect(d.getByTestId('bandwidth')).toContainText('10M');
    await expect(d.getByTestId('bandwidth')).toContainText('kubernetes.io/egress-bandwidth');
    const egress = d.getByTestId('policies-egress');
    await expect(egress).toContainText('tenant-egress-baseline');
    await expect(egress).toContainText('mailer-smtp-relay');
    await expect(egress).toContainText('denies entity world on 25/TCP');
    await expect(egress).toContainText('FQDN matchName smtp.mailgun.org');
    await expect(d.getByTestId('policies-ingress')).toContainText('tenant-ingress-baseline');
  });

  test('clicking an edge on the canvas shows its ports, verdict per side and explanation', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await q.tap(FRONTEND_TO_API);
    await expect.poll(() => q.selection()).toEqual([FRONTEND_TO_API]);
    const e = q.edgeDetails;
    await expect(e.getByRole('heading', { level: 3 })).toHaveText('frontend → api');
    // same-tenant allows every port; the explanation is for the port api declares.
    await expect(e.getByTestId('edge-ports')).toHaveText('all ports');
    await expect(q.edgeExplanation).toContainText('acme-web/frontend → acme-web/api on 9000/TCP');
    await expect(e.getByTestId('edge-verdict-tag')).toHaveText('Allowed');
    await expect(q.edgeExplanation).toHaveText(/^Allowed/);
    await expect(q.edgeExplanation.getByTestId('side-egress')).toContainText('CNP acme-web/same-tenant spec.egress[0]');
    await expect(q.edgeExplanation.getByTestId('side-ingress')).toContainText('CNP acme-web/same-tenant spec.ingress[0]');
  });

  test('the carved-out SMTP edge explains as the egressDeny; "check another port" fills the path query', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await q.tap(MAILER_SMTP);
    await expect(q.edgeExplanation).toHaveText(/^Denied/);
    await expect(q.edgeExplanation).toContainText('CCNP tenant-egress-baseline spec.egressDeny[0]');
    await page.getByTestId('edge-to-query').click();
    await expect(q.from).toHaveValue('acme-jobs/mailer');
    await expect(q.port).toHaveValue('25/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
  });

  test('from the keyboard: a workload’s paths lead to the edge explanation', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const mailer = await app.workloadInList('mailer');
    await mailer.focus();
    await page.keyboard.press('Enter');
    const link = q.workloadDetails.locator(`[data-testid="path-link"][data-edge="${MAILER_SMTP}"]`);
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(q.edgeDetails).toBeVisible();
    await expect(q.edgeExplanation).toHaveText(/^Denied/);
    await expect.poll(() => q.selection()).toEqual([MAILER_SMTP]);
  });

  test('observed flows of an edge are listed in a virtualised table', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const observed = (await q.edges()).filter((e) => e.observed > 0).sort((a, b) => b.observed - a.observed);
    // The app-platform export's flows are on the edges they belong to (223 flows, most of them observed edges).
    expect(observed.length).toBeGreaterThan(5);
    await q.tap(observed[0]?.id ?? '');
    const table = page.getByTestId('flow-table');
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveText(['Time', 'Verdict', 'Cilium recorded', 'Check', 'Drop reason', 'Port', 'TCP flags']);
    const rows = table.getByTestId('flow-table-row');
    expect(await rows.count()).toBeGreaterThan(0);
    // Only the rows in view are in the DOM.
    expect(await rows.count()).toBeLessThanOrEqual(20);
    await expect(rows.first().getByRole('cell').nth(1)).toHaveText(/FORWARDED|DROPPED|AUDIT|ERROR/);
  });

  test('the details column with an edge explanation has no serious axe violations', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await q.tap(FRONTEND_TO_API);
    await expect(q.edgeExplanation).toBeVisible();
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(q.verdict).toBeVisible();
    const results = await new AxeBuilder({ page }).include('[data-testid="details-panel"]').include('[data-testid="query-form"]').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
});

const docs = (name: string): string => path.join(docsDir, name);

// Writes docs/screenshot-edge.png: `UPDATE_SCREENSHOTS=1 npx playwright test e2e/details.spec.ts`.
test.describe('edge explanation screenshot', { tag: '@screenshots' }, () => {
  test('a red path across tenants (globex storefront → acme api), explained with its dropped flows', async ({ app, page }) => {
    const q = new QueryPanel(page);
    // Tall enough for the explanation and the flows table together.
    await page.setViewportSize({ width: 1400, height: 1250 });
    await openAppPlatform(app, q);
    const id = 'e:w:globex-shop/Deployment/storefront|w:acme-web/Deployment/api|default-deny';
    await q.tap(id);
    await expect(q.edgeExplanation).toHaveText(/^Denied/);
    await expect(page.getByTestId('flow-table-row').first()).toBeVisible();
    await page.getByTestId('graph-fit').click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: docs('screenshot-edge.png') });
  });
});
