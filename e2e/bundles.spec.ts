/**
 * Parallel paths between the same two groups are drawn as one line with their count
 * (core/graph/bundle.ts); a click lists them in the details, each opening its explanation; a
 * selected or queried path inside a bundle is drawn on its own; a double click opens a bundle in
 * place and a double click on one of its paths closes it again.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectInView } from './pages/InView.ts';
import { appPlatform } from './inputs.ts';

const PLATFORM_TO_ACME = 'b:g:platform|g:t:acme';
const MAILER_SMTP = 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny';
const api = (page: Page) => ({
  bundles: () => page.evaluate(() => window.__graphTestApi?.bundles() ?? []),
  edges: () => page.evaluate(() => window.__graphTestApi?.edges() ?? []),
  tap: (id: string) => page.evaluate((i) => window.__graphTestApi?.tap(i), id),
  dbltap: (id: string) => page.evaluate((i) => window.__graphTestApi?.dbltap(i), id),
});

// As a desktop opens app-platform (every workload drawn), at the real opening level.
test.use({ openAsLoaded: false, viewport: { width: 1920, height: 1080 } });

test.beforeEach(async ({ app, page }) => {
  await app.goto('?demo=0');
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await page.waitForFunction(() => (window.__graphTestApi?.bundles().length ?? 0) > 0 && window.__graphTestApi?.drawing() === false);
});

test('parallel paths between two groups are one line with their count; a click lists them, each opening its explanation', async ({ page }) => {
  const g = api(page);
  const bundle = (await g.bundles()).find((b) => b.id === PLATFORM_TO_ACME);
  expect(bundle?.members.length ?? 0).toBeGreaterThan(1);
  expect(bundle?.label).toMatch(new RegExp(`^${bundle?.members.length} paths`));
  expect(bundle?.open).toBe(false);
  // Its paths are not drawn as lines of their own: the 92 paths take less than half as many lines.
  const edges = await g.edges();
  const lines = await page.evaluate(() => window.__graphTestApi?.screen().edges.length ?? 0);
  expect(edges.length).toBeGreaterThan(80);
  expect(lines).toBeLessThan(edges.length / 2);
  for (const m of bundle?.members ?? []) expect(edges.find((e) => e.id === m)?.bundled).toBe(PLATFORM_TO_ACME);

  await g.tap(PLATFORM_TO_ACME);
  const details = page.getByTestId('bundle-details');
  await expect(details).toBeVisible();
  await expect(details.getByTestId('path-link')).toHaveCount(bundle?.members.length ?? 0);
  const first = details.getByTestId('path-link').first();
  const id = (await first.getAttribute('data-edge')) ?? '';
  await first.click();
  await expect(page.getByTestId('edge-details')).toBeVisible();
  // The chosen path is drawn on its own (its bundle opened) and in view.
  await expect.poll(async () => (await g.edges()).find((e) => e.id === id)?.bundled).toBeNull();
  expect((await g.bundles()).find((b) => b.id === PLATFORM_TO_ACME)?.open).toBe(true);
  await expectInView(page, [id]);
});

test('inside an expanded tenant its paths are drawn on their own: which workload talks to which is seen, not folded into a bundle', async ({ page }) => {
  const g = api(page);
  // As a desktop opens app-platform every tenant is expanded: acme's namespaces acme-jobs and acme-web hold 8 paths between them.
  const inner = (await g.edges()).filter((e) => e.source.startsWith('w:acme-') && e.target.startsWith('w:acme-') && e.source.split('/')[0] !== e.target.split('/')[0]);
  expect(inner.length).toBeGreaterThan(4);
  expect(inner.filter((e) => e.bundled !== null).map((e) => e.id)).toEqual([]);
  expect((await g.bundles()).filter((b) => b.source.startsWith('ns:') && b.target.startsWith('ns:')).map((b) => b.id)).toEqual([]);
  // Each one drawn: its line and label on the canvas.
  for (const e of inner) expect(await page.evaluate((id) => window.__graphTestApi?.renderedParts(id) ?? null, e.id), e.id).not.toBeNull();
});

test('a queried path inside a bundle is drawn on its own, lit and in view', async ({ page }) => {
  const g = api(page);
  expect((await g.edges()).find((e) => e.id === MAILER_SMTP)?.bundled).not.toBeNull();
  await page.getByTestId('query-from').fill('acme-jobs/mailer');
  await page.getByTestId('query-to').fill('198.51.100.25');
  await page.getByTestId('query-port').fill('25/TCP');
  await page.getByTestId('query-run').click();
  await expect(page.getByTestId('verdict')).toHaveText(/^Denied/);
  await expect.poll(async () => (await g.edges()).find((e) => e.id === MAILER_SMTP)?.bundled).toBeNull();
  await expectInView(page, [MAILER_SMTP]);
});

test('a double click opens a bundle in place; a double click on one of its paths closes it', async ({ page }) => {
  const g = api(page);
  await g.dbltap(PLATFORM_TO_ACME);
  await expect.poll(async () => (await g.bundles()).find((b) => b.id === PLATFORM_TO_ACME)?.open).toBe(true);
  const member = (await g.bundles()).find((b) => b.id === PLATFORM_TO_ACME)?.members[0] ?? '';
  expect((await g.edges()).find((e) => e.id === member)?.bundled).toBeNull();
  await g.dbltap(member);
  await expect.poll(async () => (await g.bundles()).find((b) => b.id === PLATFORM_TO_ACME)?.open).toBe(false);
});
