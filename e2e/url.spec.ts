import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import type { AppPage } from './pages/AppPage.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

const EDGE = 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny';
/** Parameters the app may write: view state only, never data. */
const ALLOWED_PARAMS = new Set(['demo', 'group', 'collapsed', 'tenants', 'ns', 'verdict', 'proto', 'port', 'show', 'search', 'customer', 'sel', 'from', 'to', 'qport']);

async function openFiles(app: AppPage, q: QueryPanel): Promise<void> {
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
  await q.graphReady();
}

test.describe('URL state', () => {
  test('query, filters, collapse and selection survive a reload with the same files', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await openFiles(app, q);
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
    // The "Decided as" line comes with its own lazy chunk, after the verdict: the whole answer is read once it is there.
    await expect(q.verdict.getByTestId('decided-under')).toBeVisible();
    const verdict = (await q.verdict.textContent()) ?? '';
    await q.setFilter('verdict', ['explicit-deny', 'default-deny']);
    await q.openFilters();
    await page.getByTestId('filter-port').fill('25');
    await q.closeFilters();
    await page.locator('[data-testid="graph-group-toggle"][data-group="g:t:initech"]').click();
    await q.tap(EDGE);
    await expect(q.edgeDetails).toBeVisible();
    await expect.poll(async () => (await q.nodeIds()).some((id) => id.startsWith('w:initech-'))).toBe(false);
    const edges = await q.edgeIds();
    const nodes = await q.nodeIds();

    const url = new URL(page.url());
    expect([...url.searchParams.keys()].filter((k) => !ALLOWED_PARAMS.has(k))).toEqual([]);
    expect(url.searchParams.get('demo')).toBe('0');
    expect(url.searchParams.get('from')).toBe('acme-jobs/mailer');

    await page.reload();
    // Nothing is loaded after a reload (the data never goes into the URL); open the same files again.
    await expect(app.summary).toContainText('Nothing loaded');
    await openFiles(app, q);
    await expect(q.verdict).toHaveText(verdict);
    await expect(q.from).toHaveValue('acme-jobs/mailer');
    await expect(q.to).toHaveValue('198.51.100.25');
    await expect(q.port).toHaveValue('25/TCP');
    await expect(page.getByTestId('filter-verdict')).toContainText('2 selected');
    await expect(page.getByTestId('filter-port')).toHaveValue('25');
    await expect(page.locator('[data-testid="graph-group-toggle"][data-group="g:t:initech"]')).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => q.edgeIds()).toEqual(edges);
    expect(await q.nodeIds()).toEqual(nodes);
    await expect.poll(() => q.selection()).toEqual([EDGE]);
    await expect(q.edgeDetails).toBeVisible();
  });

  test('a shared link opens the demo with its filters and query', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.goto('?verdict=explicit-deny&search=&from=northwind-web%2Fweb&to=entity%3Aworld&qport=25');
    await app.waitForLoaded();
    await q.graphReady();
    await expect.poll(async () => (await q.edges()).every((e) => e.verdict === 'explicit-deny')).toBe(true);
    expect((await q.edges()).length).toBeGreaterThan(0);
    await expect(page.getByTestId('filter-verdict')).toContainText('Denied by a deny rule');
    await expect(q.verdict).toHaveText(/^Denied/);
    await expect(q.from).toHaveValue('northwind-web/web');
  });

  test('a hand-edited URL with unknown values still opens', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.goto('?verdict=nonsense&proto=XYZ&port=99999&show=what&tenants=g:t:nobody&sel=e:nothing');
    await app.waitForLoaded();
    await q.graphReady();
    await expect(page.getByTestId('filter-verdict')).toContainText('all');
    await expect(page.getByTestId('filter-tenant')).toContainText('all');
    await expect(q.details).toContainText('not drawn');
  });
});
