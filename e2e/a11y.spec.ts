import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { appPlatform, MALFORMED } from './inputs.ts';
import type { AppPage } from './pages/AppPage.ts';
import { ExportMenu } from './pages/ExportMenu.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

/** axe over the whole page: no serious or critical violation (WCAG 2.x A/AA and best practices). */
async function expectNoSeriousAxeViolations(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

/** The focused element draws a visible focus indicator (an outline or a box shadow). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const style = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  expect(style.outline !== 'none' && style.width > 0 || style.shadow !== 'none', JSON.stringify(style)).toBe(true);
}

/** Presses Tab until `target` has focus (at most `max` times): the element is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, 'reachable with Tab').toBeFocused();
}

async function openAppPlatform(app: AppPage, q: QueryPanel): Promise<void> {
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await q.graphReady();
  await expect.poll(async () => (await q.nodeIds()).includes('w:acme-jobs/Deployment/mailer')).toBe(true);
}

test.describe('accessibility: axe on every main view', () => {
  // axe walks the whole page (hundreds of nodes with the diagnostics and tables open): allow for a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('demo overview, workload details, edge details', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await q.graphReady();
    await expectNoSeriousAxeViolations(page, 'demo overview');

    await app.openPanel('workloads');
    await app.graphArea.getByTestId('workload').first().click();
    await expect(q.workloadDetails).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'workload details');

    await q.workloadDetails.getByTestId('path-link').first().click();
    await expect(q.edgeDetails).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'edge details');
  });

  test('path query result and a filter menu open', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(q.result).toContainText('Denied');
    await expectNoSeriousAxeViolations(page, 'path query result');

    await page.getByTestId('filter-more').click();
    await page.getByTestId('filter-verdict').click();
    await expect(page.getByTestId('filter-verdict-panel')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'filters open');
    await page.keyboard.press('Escape');
  });

  test('paths table and export menu', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await page.getByTestId('paths-table-toggle').click();
    await expect(page.getByTestId('paths-table')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'paths table');
    await page.getByTestId('paths-table-toggle').click();

    await new ExportMenu(page).open();
    await expectNoSeriousAxeViolations(page, 'export menu');
  });

  test('diagnostics, paste dialog and customer view', async ({ app, page }) => {
    await app.gotoDemo();
    await app.dropFile('broken.yaml', MALFORMED);
    await app.waitForLoaded();
    // A load of the user's own files with errors in them opens the diagnostics beside the graph.
    await expect(app.diagnostics.first()).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'diagnostics');

    await page.getByTestId('paste-open').click();
    await expect(page.getByTestId('paste-dialog')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'paste dialog');
    await page.keyboard.press('Escape');

    await page.goto('/?tenant=acme&view=customer');
    await expect(page.getByTestId('customer-empty')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'customer link before loading');
    await page.getByTestId('open-files').setInputFiles(appPlatform);
    await expect(page.getByTestId('paths-row').first()).toBeVisible({ timeout: 20_000 });
    await expectNoSeriousAxeViolations(page, 'customer view');
  });

  test('the error boundary', async ({ app, page }) => {
    await app.gotoDemo();
    await page.evaluate(() => window.__netpolTestApi?.setRenderCrash('test: axe'));
    await expect(page.getByTestId('render-error')).toBeVisible();
    await expectNoSeriousAxeViolations(page, 'error boundary');
    await page.evaluate(() => window.__netpolTestApi?.setRenderCrash(null));
  });
});

test.describe('accessibility: keyboard only, with visible focus', () => {
  test('loading: the Open button opens the file chooser; Paste opens, takes text and returns focus', async ({ app, page }) => {
    await app.gotoDemo();
    // Listen first: Playwright turns on file chooser interception asynchronously.
    const chooserOpened = page.waitForEvent('filechooser', { timeout: 15_000 });
    const open = page.getByTestId('open-files-button');
    await tabTo(page, open);
    await expectVisibleFocus(open);
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.origin).toHaveText('3 files');

    const paste = page.getByTestId('paste-open');
    await paste.focus();
    await expectVisibleFocus(paste);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('paste-text')).toBeFocused();
    await page.keyboard.type('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: typed\n');
    // Tab to the Load button and press it.
    const load = page.getByTestId('paste-load');
    await tabTo(page, load, 10);
    await expectVisibleFocus(load);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('paste-dialog')).toBeHidden();
    await app.waitForLoaded();
    await expect(app.count('namespaces')).toHaveText('1');

    // Escape closes the dialog and gives focus back to the button that opened it.
    await paste.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('paste-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('paste-dialog')).toBeHidden();
    await expect(paste).toBeFocused();
  });

  test('path query: type, pick a suggestion with the arrow keys, run with Enter', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    await tabTo(page, q.from);
    await expectVisibleFocus(q.from);
    await page.keyboard.type('acme-jobs/ma');
    await expect(q.options('query-from').first()).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(q.from).toHaveValue('acme-jobs/mailer');
    await page.keyboard.press('Tab');
    // The swap button may sit between the boxes: move on until the To box has focus.
    await tabTo(page, q.to, 4);
    await page.keyboard.type('198.51.100.25');
    await tabTo(page, q.port, 4);
    await page.keyboard.type('25/TCP');
    await page.keyboard.press('Enter');
    await expect(q.verdict).toContainText(/Denied/i);
    await expect(q.result).toContainText('25/TCP');
  });

  test('filters: open with Enter, tick with Space, close with Escape; focus returns to the button', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const all = (await q.edges()).length;
    // The less used filters are behind "Filters ▾" (the bar stays one row).
    const more = page.getByTestId('filter-more');
    await tabTo(page, more);
    await expectVisibleFocus(more);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('filter-more-panel')).toBeVisible();
    const verdict = page.getByTestId('filter-verdict');
    await tabTo(page, verdict);
    await expectVisibleFocus(verdict);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('filter-verdict-panel')).toBeVisible();
    const option = page.getByTestId('filter-verdict-panel').locator('[data-testid="filter-option"][data-value="explicit-deny"]');
    await tabTo(page, option, 10);
    await expectVisibleFocus(option);
    await page.keyboard.press('Space');
    await expect(option).toBeChecked();
    await expect.poll(async () => (await q.edges()).length).toBeLessThan(all);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('filter-verdict-panel')).toBeHidden();
    await expect(verdict).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('filter-more-panel')).toBeHidden();
    await expect(more).toBeFocused();
  });

  test('details: the graph as a table of paths with verdicts leads to each path’s explanation', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const toggle = page.getByTestId('paths-table-toggle');
    await tabTo(page, toggle, 80);
    await expectVisibleFocus(toggle);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(toggle).toHaveAttribute('aria-controls', 'dock');
    // A real table for screen readers: caption, column headers, one row per drawn path.
    const table = page.getByRole('table', { name: /Paths with verdicts/ });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveText(['From', 'To', 'Verdict', 'Ports', 'Flows']);
    const edges = await q.edges();
    await expect(page.getByTestId('paths-row')).toHaveCount(Math.min(edges.length, 200));
    // The SMTP carve-out, denied by the tenant baseline, is one row with its verdict in words.
    const smtp = page.locator('[data-testid="paths-row"][data-edge="e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny"]');
    await expect(smtp).toContainText('acme-jobs/mailer');
    await expect(smtp).toContainText('Denied by a deny rule');
    await expect(smtp).toContainText('25/TCP');
    const select = smtp.getByTestId('paths-select');
    await tabTo(page, select, 400);
    await expectVisibleFocus(select);
    await expect(select).toHaveAccessibleName('acme-jobs/mailer to internet 25/TCP: Denied by a deny rule on 25/TCP');
    await page.keyboard.press('Enter');
    await expect(select).toHaveAttribute('aria-pressed', 'true');
    await expect(q.edgeDetails).toBeVisible();
    await expect(q.edgeExplanation).toContainText('Denied');
    expect(await q.selection()).toEqual(['e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny']);

    // The table stays beside the canvas with the details under it; Escape closes the panel.
    await expect(page.getByTestId('paths-table')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('dock')).toHaveCount(0);

    // Workloads in the list are buttons too (the list opens from the keyboard).
    const list = app.panelToggle('workloads');
    await list.focus();
    await page.keyboard.press('Enter');
    await expect(list).toHaveAttribute('aria-expanded', 'true');
    const mailer = app.graphArea.getByTestId('workload').filter({ hasText: /^mailer$/ });
    await mailer.focus();
    await expectVisibleFocus(mailer);
    await page.keyboard.press('Enter');
    await expect(mailer).toHaveAttribute('aria-pressed', 'true');
    await expect(q.workloadDetails).toBeVisible();
  });

  test('the graph canvas is an image with a text description; its paths are offered as a table', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await openAppPlatform(app, q);
    const edges = (await q.edges()).length;
    await expect(page.getByTestId('graph-canvas')).toHaveAttribute('role', 'img');
    await expect(page.getByRole('img', { name: /^Connectivity graph: \d+ workloads in \d+ groups, \d+ paths, \d+ denied/ })).toBeVisible();
    await expect(page.getByTestId('paths-table-toggle')).toHaveText(`Paths table ${edges}`);
  });
});

test.describe('keyboard: the drops-first path', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the dropped count, Enter, Enter: an explanation; Escape closes and the focus returns to the count', async ({ app, page }) => {
    await app.gotoDemo();
    const count = page.getByTestId('inbox-open-drops');
    await tabTo(page, count, 15);
    await expectVisibleFocus(count);
    await page.keyboard.press('Enter');
    // Before: the focus stayed on the count, and the first group was some 25 Tab presses away
    // (the rest of the top bar, the query and filter row, the toolbars, the zoom and the legend).
    const first = page.getByTestId('drop-group').first();
    await expectVisibleFocus(first);
    await page.keyboard.press('Enter');
    const q = new QueryPanel(page);
    await expect(q.result).toBeFocused();
    await expect(q.verdict).toHaveText(/^Denied/);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('dock')).toHaveCount(0);
    // Before: the focus fell to the page's body, and Tab started again from the top.
    await expect(count).toBeFocused();
    // The same from the dock's ×.
    await page.keyboard.press('Enter');
    await expect(first).toBeFocused();
    await page.getByTestId('dock-close').click();
    await expect(page.getByTestId('dock')).toHaveCount(0);
    await expect(count).toBeFocused();
  });
});

test.describe('screen reader: the drops inbox is a listbox', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('its groups are options named by path, count, reason and times; the one explained is selected', async ({ app, page }) => {
    // Before: a list of buttons. A screen reader said "button, acme-jobs/mailer → internet
    // (198.51.100.25) 25/TCP ×6 POLICY_DENY …", nothing said which group was explained, nor that
    // the arrow keys move in a list of 4.
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await page.getByTestId('inbox-open-drops').click();
    const list = page.getByRole('listbox', { name: /^Dropped flows by path and drop reason/ });
    await expect(list).toBeVisible();
    const options = list.getByRole('option');
    await expect(options).toHaveCount(await page.getByTestId('drop-group').count());
    await expect(options.first()).toBeFocused();
    await expect(options.first()).toHaveAttribute('aria-posinset', '1');
    await expect(options.first()).toHaveAttribute('aria-setsize', String(await options.count()));
    const mailer = options.filter({ hasText: 'acme-jobs/mailer' });
    await expect(mailer).toHaveAccessibleName('acme-jobs/mailer → internet (198.51.100.25) 25/TCP: 6 dropped flows, POLICY_DENY, recorded by tenant-egress-baseline, from 09:00:07 to 09:01:42 UTC');
    for (const o of await options.all()) await expect(o).toHaveAttribute('aria-selected', 'false');

    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('query-result')).toBeFocused();
    await expect(list.getByRole('option', { selected: true })).toHaveCount(1);
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(options.first()).toHaveAttribute('aria-selected', 'false');
    await expectNoSeriousAxeViolations(page, 'drops inbox, a group explained');

    await page.getByTestId('inbox-tab-mismatches').click();
    const mismatches = page.getByRole('listbox', { name: /^Paths whose flows disagree with the loaded policy/ });
    await expect(mismatches.getByRole('option').first()).toHaveAccessibleName(/^.+ → .+: \d+ flows?, (dropped although the policy allows it|passed although the policy denies it)/);
  });
});

test.describe('keyboard: the inbox tabs', () => {
  test('are one Tab stop, ←/→ switch between Drops and Mismatches, each controls its panel', async ({ app, page }) => {
    // Before: two role=tab buttons, each a Tab stop, the arrow keys did nothing and no tab said
    // which panel it shows (a tablist is one stop and moves with the arrows).
    await app.gotoDemo();
    await page.getByTestId('inbox-open-drops').click();
    const drops = page.getByRole('tab', { name: /^Drops/ });
    const mismatches = page.getByRole('tab', { name: /^Mismatches/ });
    await expect(drops).toHaveAttribute('aria-selected', 'true');
    await expect(drops).toHaveAttribute('tabindex', '0');
    await expect(mismatches).toHaveAttribute('tabindex', '-1');
    const panel = page.getByRole('tabpanel');
    await expect(panel).toHaveAttribute('id', (await drops.getAttribute('aria-controls')) ?? 'none');
    await expect(panel).toHaveAccessibleName(/^Drops/);
    await expect(panel.getByRole('listbox', { name: /^Dropped flows/ })).toBeVisible();
    await drops.focus();
    await page.keyboard.press('ArrowRight');
    await expect(mismatches).toBeFocused();
    await expect(mismatches).toHaveAttribute('aria-selected', 'true');
    await expect(mismatches).toHaveAttribute('tabindex', '0');
    await expect(page.getByRole('tabpanel').getByRole('listbox', { name: /^Paths whose flows disagree/ })).toBeVisible();
    await expect(page.getByRole('tabpanel')).toHaveAttribute('id', (await mismatches.getAttribute('aria-controls')) ?? 'none');
    await page.keyboard.press('ArrowRight');
    await expect(drops).toBeFocused();
    await expect(drops).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(mismatches).toBeFocused();
    await page.keyboard.press('Home');
    await expect(drops).toBeFocused();
    await expect(page.getByRole('tabpanel').getByRole('listbox', { name: /^Dropped flows/ })).toBeVisible();
  });
});
