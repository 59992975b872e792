import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import type { AppPage } from './pages/AppPage.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

async function openAppPlatform(app: AppPage, q: QueryPanel): Promise<void> {
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
  await q.graphReady();
  await expect.poll(async () => (await q.nodeIds()).includes('w:acme-jobs/Deployment/mailer')).toBe(true);
}

test.describe('filters, search and collapse', () => {
  test('the summary counts paths, denied paths and mismatches', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const all = (await q.edges()).length;
    await expect(app.summary.getByTestId('summary-paths')).toContainText(`${all} paths`);
    const denied = (await q.edges()).filter((e) => e.verdict === 'default-deny' || e.verdict === 'explicit-deny').length;
    await expect(app.summary.getByTestId('summary-denied')).toHaveText(`${denied} denied`);
    await expect(app.summary.getByTestId('summary-mismatches')).toContainText('mismatch');
  });

  test('tenant, verdict, protocol and port filters change what the canvas shows', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const all = await q.edges();

    await q.setFilter('tenant', ['g:t:globex']);
    await expect(page.getByTestId('filter-tenant')).toContainText('globex');
    await expect.poll(async () => (await q.edges()).length).toBeLessThan(all.length);
    const nodes = await q.nodes();
    const globex = new Set(nodes.filter((n) => n.id.startsWith('w:globex-shop/')).map((n) => n.id));
    expect(globex.size).toBeGreaterThan(0);
    for (const e of await q.edges()) expect(globex.has(e.source) || globex.has(e.target), e.id).toBe(true);
    await expect(page.getByTestId('filter-count')).toContainText(`of ${all.length} paths shown`);
    await q.setFilter('tenant', ['g:t:globex']);

    await q.setFilter('verdict', ['explicit-deny']);
    await expect.poll(async () => (await q.edges()).every((e) => e.verdict === 'explicit-deny')).toBe(true);
    expect((await q.edges()).length).toBe(all.filter((e) => e.verdict === 'explicit-deny').length);
    await q.setFilter('verdict', ['explicit-deny']);
    await expect.poll(async () => (await q.edges()).length).toBe(all.length);

    await q.setFilter('protocol', ['UDP']);
    await expect.poll(async () => (await q.edges()).length).toBeLessThan(all.length);
    for (const e of await q.edges()) expect(e.ports, e.id).toMatch(/UDP|all ports|all except/);
    await q.setFilter('protocol', ['UDP']);

    await q.openFilters();
    await page.getByTestId('filter-port').fill('5432');
    await expect.poll(async () => (await q.edges()).length).toBeLessThan(all.length);
    expect((await q.edgeIds()).some((id) => id.includes('w:initech-blog/Deployment/db'))).toBe(true);
    await page.getByTestId('filter-reset').click();
    await expect(page.getByTestId('filter-port')).toHaveValue('');
    await expect.poll(async () => (await q.edges()).length).toBe(all.length);
  });

  test('observed-only, policy-only and mismatches-only', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const all = await q.edges();
    await q.show('observed');
    await expect(page.getByTestId('filter-show-observed')).toBeChecked();
    await expect.poll(async () => (await q.edges()).length).toBe(all.filter((e) => e.observed > 0).length);
    await q.show('mismatches');
    await expect.poll(async () => (await q.edges()).length).toBeLessThanOrEqual(all.filter((e) => e.observed > 0).length);
    await q.show('policy');
    await expect.poll(async () => (await q.edges()).length).toBeGreaterThan(0);
    await q.show('all');
    await expect.poll(async () => (await q.edges()).length).toBe(all.length);
  });

  test('"/" focuses the search box; search narrows the graph to what matches and its neighbours', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const all = await q.edges();
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('/');
    await expect(q.search).toBeFocused();
    await page.keyboard.type('realtime');
    await expect.poll(async () => (await q.edges()).length).toBeLessThan(all.length);
    for (const e of await q.edges()) expect([e.source, e.target].some((id) => id.includes('realtime')), e.id).toBe(true);
    await page.keyboard.press('Escape');
    await expect(q.search).toHaveValue('');
    await expect.poll(async () => (await q.edges()).length).toBe(all.length);
  });

  test('collapsing a tenant draws it as one node with aggregated edges', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await page.locator('[data-testid="graph-group-toggle"][data-group="g:t:acme"]').click();
    await expect.poll(async () => (await q.nodeIds()).some((id) => id.startsWith('w:acme-'))).toBe(false);
    expect((await q.edgeIds()).some((id) => id.startsWith('e:g:t:acme|o:world|'))).toBe(true);
    expect(new URL(page.url()).searchParams.get('collapsed')).toBe('g:t:acme');
    // A path query through the collapsed tenant still finds its edge.
    await q.ask('acme-web/frontend', '93.184.216.34', '443/TCP');
    await expect(q.verdict).toHaveText(/^Allowed/);
    await expect(page.getByTestId('query-lit')).toContainText('1 edge');
  });
});

test.describe('the query and filter row at 1280x720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  /** Every control of the row, and its text, inside the window: nothing cut off its edge. */
  async function cutOff(page: import('@playwright/test').Page): Promise<string[]> {
    return page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>('.controls *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || el.closest('.visually-hidden, [hidden], .combo-list') !== null) continue;
        if (r.right > window.innerWidth + 0.5) out.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').slice(0, 40)}" ends at ${Math.round(r.right)}`);
        if (el.children.length === 0 && el.tagName !== 'INPUT' && el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').slice(0, 40)}" cut: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      return out;
    });
  }

  test('with a search and a filter set, the count and every button stay whole in the window', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    const row = page.locator('.controls');
    const oneRow = (await row.boundingBox())?.height ?? 0;
    expect(await cutOff(page)).toEqual([]);
    await q.search.fill('notifier');
    await q.search.press('Enter');
    // Before: '9 of 22 paths shown' ran past the window's edge ('… paths show').
    await expect(page.getByTestId('filter-count')).toHaveText(/ of \d+ paths shown$/);
    await expect(page.getByTestId('filter-reset')).toBeVisible();
    expect(await cutOff(page)).toEqual([]);
    // The longest status there is: a mismatch filter hiding mismatches, with its button.
    await page.getByTestId('filter-show-mismatches').check({ force: true });
    await expect(page.getByTestId('filter-show-all-mismatches')).toBeVisible();
    expect(await cutOff(page)).toEqual([]);
    await page.screenshot({ path: test.info().outputPath('controls-1280x720.png') });
    // Nothing is drawn: the canvas says why and offers the way back (it was blank).
    await expect.poll(async () => (await q.nodes()).length).toBe(0);
    await expect(page.getByTestId('graph-empty')).toContainText('the filters hide every path');
    // Back to no filter: one row again, and the graph.
    await page.getByTestId('graph-empty-reset').click();
    await expect(page.getByTestId('graph-empty')).toHaveCount(0);
    await expect.poll(async () => (await q.nodes()).length).toBeGreaterThan(0);
    await expect(page.getByTestId('filter-reset')).toHaveCount(0);
    await expect.poll(async () => (await row.boundingBox())?.height).toBe(oneRow);
  });
});
