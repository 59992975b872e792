import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import type { AppPage, PanelName } from './pages/AppPage.ts';
import { canvasShare, expectInView, outOfView } from './pages/InView.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/**
 * The graph-first page (issue 15): the canvas is the page. Panels open beside it one at a time,
 * the top bar and the query/filter bar take one row each, and in every state the canvas keeps
 * at least half of the window. Every change of what is shown brings what matters into view.
 */

const LAPTOP = { width: 1280, height: 720 };

async function openAppPlatform(app: AppPage, q: QueryPanel): Promise<void> {
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await q.graphReady();
  await expect.poll(async () => (await q.nodeIds()).includes('w:acme-jobs/Deployment/mailer')).toBe(true);
}

/** Heights of the rows above the canvas, and whether any of their items sits below the first line. */
async function rows(page: Page): Promise<{ name: string; height: number; wrapped: string[] }[]> {
  return page.evaluate(() =>
    ['.topbar', '.controls', '.graph-toolbar'].map((sel) => {
      const row = document.querySelector(sel);
      if (!row) return { name: sel, height: -1, wrapped: [] };
      const r = row.getBoundingClientRect();
      const wrapped: string[] = [];
      // Every visible item of the row (and of its groups) lies within the row's one line.
      for (const el of row.querySelectorAll<HTMLElement>('button, input, select, label, .summary-item, .origin')) {
        const b = el.getBoundingClientRect();
        // Popups (filter panels, suggestions, a closed <details>) are not part of the row.
        if (b.width === 0 || b.height === 0 || !el.checkVisibility({ visibilityProperty: true }) || el.closest('.check-panel, .combo-list, .export-popover')) continue;
        // The summary shows whole items only: one that does not fit goes to its clipped second line, unseen.
        const summary = el.closest('.summary')?.getBoundingClientRect();
        if (summary && (b.top >= summary.bottom || b.left >= summary.right)) continue;
        if (b.top < r.top - 1 || b.bottom > r.bottom + 1) wrapped.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').trim().slice(0, 20)}"`);
      }
      return { name: sel, height: r.height, wrapped };
    }),
  );
}

async function expectOneRowEach(page: Page): Promise<void> {
  for (const row of await rows(page)) {
    expect(row.height, `${row.name} height`).toBeGreaterThan(0);
    expect(row.height, `${row.name} is one row`).toBeLessThanOrEqual(44);
    expect(row.wrapped, `${row.name}: items off its one row`).toEqual([]);
  }
}

/** Controls of the query and filter row, or their text, that run past the window's edge. */
async function cutOffControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.controls *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('.visually-hidden, [hidden], .combo-list, .check-panel') !== null) continue;
      if (r.right > window.innerWidth + 0.5) out.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').slice(0, 40)}" ends at ${Math.round(r.right)}`);
    }
    return out;
  });
}

async function expectCanvasHalf(page: Page, state: string): Promise<number> {
  const share = await canvasShare(page);
  expect(share, `canvas share with ${state}`).toBeGreaterThanOrEqual(0.5);
  return share;
}

/** Every node drawn (what a fit of the whole graph must show). */
async function leafIds(q: QueryPanel): Promise<string[]> {
  const nodes = await q.nodes();
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== null));
  return nodes.filter((n) => !parents.has(n.id)).map((n) => n.id);
}

test.describe('graph-first layout', () => {
  test.use({ viewport: LAPTOP });

  test('at 1280x720 the bars are one row each and the canvas keeps at least half the window with any panel open', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await expectOneRowEach(page);
    expect(await expectCanvasHalf(page, 'no panel')).toBeGreaterThanOrEqual(0.8);

    const panels: PanelName[] = ['sources', 'diagnostics', 'findings', 'workloads', 'paths', 'details'];
    for (const name of panels) {
      await app.openPanel(name);
      await expect(page.getByTestId('dock')).toBeVisible();
      await expectCanvasHalf(page, `${name} open`);
      await expectOneRowEach(page);
    }

    // A path query's answer and a selection under the paths table.
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
    await expectCanvasHalf(page, 'a path query answered');
    await expectOneRowEach(page);
    await app.openPanel('paths');
    await page.getByTestId('paths-select').first().click();
    await expect(page.getByTestId('details-panel')).toBeVisible();
    await expect(page.getByTestId('paths-table')).toBeVisible();
    await expectCanvasHalf(page, 'paths table with details');

    await page.getByTestId('whatif-toggle').click();
    await expect(page.getByTestId('whatif-panel')).toBeVisible();
    await expectCanvasHalf(page, 'what-if');
    await expectOneRowEach(page);

    // Filters active and the "Filters" panel open: the query and the filters may take two rows
    // (one cut off the window's edge 'Reset filters' and the count), nothing is cut off, the
    // other bars stay one row and the canvas keeps its half.
    await q.setFilter('verdict', ['explicit-deny']);
    await expect(page.getByTestId('filter-reset')).toBeVisible();
    for (const row of await rows(page)) {
      expect(row.height, `${row.name} height`).toBeLessThanOrEqual(row.name === '.controls' ? 80 : 44);
      if (row.name !== '.controls') expect(row.wrapped, `${row.name}: items off its one row`).toEqual([]);
    }
    expect(await cutOffControls(page)).toEqual([]);
    await expectCanvasHalf(page, 'filters set');
  });

  test('one panel at a time; Escape and × close it; the legend folds and is never cut off', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const dock = page.getByTestId('dock');
    await expect(dock).toHaveCount(0);
    await app.openPanel('diagnostics');
    await expect(dock).toHaveAttribute('data-panel', 'diagnostics');
    await app.openPanel('sources');
    await expect(dock).toHaveAttribute('data-panel', 'sources');
    await expect(app.diagnosticsPanel).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(dock).toHaveCount(0);
    await app.openPanel('findings');
    await page.getByTestId('dock-close').click();
    await expect(dock).toHaveCount(0);
    // The toggle closes what it opened.
    await app.openPanel('workloads');
    await app.panelToggle('workloads').click();
    await expect(dock).toHaveCount(0);

    // Escape in a text field is the field's (the search box clears itself), not the dock's.
    await app.openPanel('sources');
    await page.getByTestId('filter-search').fill('db');
    await page.getByTestId('filter-search').press('Escape');
    await expect(page.getByTestId('filter-search')).toHaveValue('');
    await expect(dock).toBeVisible();

    const legend = page.getByTestId('graph-legend');
    const stage = page.locator('.graph-stage');
    const [l, s] = [await legend.boundingBox(), await stage.boundingBox()];
    expect(l && s && l.y >= s.y && l.y + l.height <= s.y + s.height + 0.5 && l.x >= s.x && l.x + l.width <= s.x + s.width + 0.5, 'legend inside the canvas').toBe(true);
    await expect(legend).toContainText('Denied by a deny rule');
    await page.getByTestId('graph-legend-toggle').click();
    await expect(legend.getByRole('listitem').first()).toBeHidden();
    expect((await legend.boundingBox())?.height ?? 999).toBeLessThan(l?.height ?? 0);
  });

  test('larger windows: the canvas keeps at least half with the widest panels', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await expectOneRowEach(page);
      for (const name of ['diagnostics', 'paths'] as const) {
        await app.openPanel(name);
        await expectCanvasHalf(page, `${name} at ${size.width}x${size.height}`);
      }
      await page.getByTestId('whatif-toggle').click();
      await expect(page.getByTestId('whatif-panel')).toBeVisible();
      await expectCanvasHalf(page, `what-if at ${size.width}x${size.height}`);
      await page.getByTestId('whatif-toggle').click();
    }
  });
});

test.describe('always in view', () => {
  test.use({ viewport: LAPTOP });

  test('a filter, a search, a collapse, a panel, a resize: what is shown is brought into view', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await expectInView(page, await leafIds(q), 'the whole graph at open');

    // Mismatches only: the few remaining paths' ends fill the view.
    await q.show('mismatches');
    await expect.poll(async () => (await q.edges()).length).toBeGreaterThan(0);
    const mismatched = await q.edges();
    await expectInView(page, [...new Set(mismatched.flatMap((e) => [e.source, e.target]))], 'the mismatches');
    await q.show('all');

    // A search: its matches are brought into view (never smaller than in the whole graph).
    const zoomAll = await q.zoom();
    await page.getByTestId('filter-search').fill('db');
    await page.getByTestId('filter-search').press('Enter');
    await expect.poll(async () => (await q.nodeIds()).includes('w:initech-blog/Deployment/db')).toBe(true);
    await expectInView(page, ['w:initech-blog/Deployment/db'], 'the search match');
    expect(await q.zoom()).toBeGreaterThanOrEqual(zoomAll);
    await page.getByTestId('filter-search').fill('');
    await page.getByTestId('filter-search').press('Enter');

    // Collapse and expand.
    await page.locator('[data-testid="graph-group-toggle"][data-group="g:t:acme"]').click();
    await expect.poll(async () => (await q.nodeIds()).includes('w:acme-jobs/Deployment/mailer')).toBe(false);
    await expectInView(page, await leafIds(q), 'the graph with acme collapsed');
    await page.getByTestId('graph-expand-all').click();
    await expect.poll(async () => (await q.nodeIds()).includes('w:acme-jobs/Deployment/mailer')).toBe(true);
    await expectInView(page, await leafIds(q), 'the graph expanded again');

    // A panel opening and closing beside the canvas, then a window resize.
    await app.openPanel('paths');
    await expectInView(page, await leafIds(q), 'the graph beside the paths table');
    await page.keyboard.press('Escape');
    await expectInView(page, await leafIds(q), 'the graph after the panel closed');
    await page.setViewportSize({ width: 1440, height: 900 });
    await expectInView(page, await leafIds(q), 'the graph after a resize');
    await page.setViewportSize(LAPTOP);
    await expectInView(page, await leafIds(q), 'the graph after a resize back');
  });

  test('a path query, a finding shown on the graph, and a selection are brought into view', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);

    const mailer = 'w:acme-jobs/Deployment/mailer';
    const smtp = `e:${mailer}|o:world~25/TCP|explicit-deny`;
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect.poll(async () => (await q.highlighted()).edges).toEqual([smtp]);
    await expectInView(page, [mailer, 'o:world~25/TCP', smtp], 'the queried path');
    await page.getByTestId('query-clear').click();

    await app.openPanel('findings');
    const finding = page.getByTestId('finding').filter({ has: page.getByTestId('finding-show') }).first();
    await finding.getByTestId('finding-show').click();
    await expect.poll(async () => (await q.highlighted()).nodes.length).toBeGreaterThan(0);
    const lit = await q.highlighted();
    await expectInView(page, [...lit.nodes, ...lit.edges], 'the finding’s workloads and paths');
    await finding.getByTestId('finding-show').click();

    // A selection from the paths table, with the view zoomed in by the user: the change is not
    // forced on them; the Fit button says so and brings it into view.
    const fit = page.getByTestId('graph-fit');
    for (let i = 0; i < 4; i++) await page.getByTestId('graph-zoom-in').click();
    await app.openPanel('paths');
    const row = page.locator(`[data-testid="paths-row"][data-edge="${smtp}"]`);
    await row.getByTestId('paths-select').click();
    await expect.poll(() => q.selection()).toEqual([smtp]);
    await expect(fit).toHaveAttribute('data-stale', 'true');
    expect((await outOfView(page, [smtp])).length, 'not moved while the user had zoomed').toBeGreaterThan(0);
    await fit.click();
    await expect(fit).not.toHaveAttribute('data-stale', 'true');
    await expectInView(page, [smtp, mailer], 'the selection after Fit');

    // Back to automatic: the next change is brought into view again.
    const shownBefore = (await q.edges()).length;
    await q.show('mismatches');
    // The filtered model replaces the drawn one a moment later: wait for it before asking what to look for.
    await expect.poll(async () => { const n = (await q.edges()).length; return n > 0 && n < shownBefore; }).toBe(true);
    const mismatched = await q.edges();
    await expectInView(page, [...new Set(mismatched.flatMap((e) => [e.source, e.target]))], 'the mismatches after Fit');
  });
});
