import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readPng } from '../src/core/export/png.ts';
import { findLeaks, otherTenantStrings } from '../src/core/graph/leaks.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { expect, holdChunk, test, viewSettled } from './fixtures.ts';
import { appPlatform, fixture } from './inputs.ts';
import { ExportMenu } from './pages/ExportMenu.ts';

/** Every string of globex and initech in the fixture: namespaces, labels, workloads, pods, IPs, policies. */
const cluster = loadInputs(['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(fixture(f), 'utf8') }))).cluster;
const FORBIDDEN = otherTenantStrings(cluster, 'tenant', 'acme');

async function everythingOnScreen(page: Page): Promise<string> {
  return page.evaluate(() =>
    [
      document.title,
      document.documentElement.outerHTML,
      document.body.innerText,
      // Cytoscape draws on a canvas: its labels are read through the test API.
      JSON.stringify(window.__graphTestApi?.nodes() ?? []),
      JSON.stringify(window.__graphTestApi?.edges() ?? []),
    ].join('\n'),
  );
}

async function customerViewOfAcme(page: Page, extra: string[] = []): Promise<void> {
  await page.goto('/?tenant=acme&view=customer');
  await expect(page.getByTestId('customer-view')).toBeVisible();
  await page.getByTestId('open-files').setInputFiles([...appPlatform, ...extra]);
  await page.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.label === 'frontend') ?? false, undefined, { timeout: 30_000 });
  await expect(page.getByTestId('paths-row').first()).toBeVisible({ timeout: 20_000 });
}

test.describe('customer view', () => {
  test('acme sees its apps and nothing of globex or initech: DOM, canvas, exports, URL, title', async ({ page }) => {
    expect(FORBIDDEN).toEqual(expect.arrayContaining(['globex', 'initech', 'globex-shop', 'storefront', 'cart', 'db', 'admin-panel', '10.244.0.54', 'realtime-udp']));
    await customerViewOfAcme(page);
    const labels = await page.evaluate(() => window.__graphTestApi?.nodes().map((n) => n.label) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['frontend', 'api', 'worker', 'mailer', 'other tenants', 'DNS', 'ingress proxy']));
    await expect(page.getByTestId('sources-panel')).toHaveCount(0);
    await expect(page.getByTestId('diagnostics-panel')).toHaveCount(0);
    await expect(page.getByTestId('details-panel')).toHaveCount(0);
    await expect(page.getByTestId('customer-badge')).toContainText('acme');

    // Hover and select a path: tooltips and selection show only redacted names too.
    await page.getByTestId('paths-select').first().click();
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);
    expect(await page.title()).toBe('Tenant acme · netpol-viz');

    const menu = new ExportMenu(page);
    for (const format of ['svg', 'json', 'html', 'png'] as const) {
      const file = await menu.download(format);
      expect(file.name).toContain('tenant-acme');
      const text = format === 'png' ? (readPng(new Uint8Array(file.bytes))?.text ?? []).map(([k, v]) => `${k}: ${v}`).join('\n') : file.bytes.toString('utf8');
      expect(text, format).toContain('Network paths of tenant acme');
      expect(text, format).toContain('Denied by default');
      expect(findLeaks(text, FORBIDDEN), format).toEqual([]);
    }
    const link = await menu.copyLink();
    expect(new URL(link).searchParams.get('customer')).toBe('acme');
    for (const url of [page.url(), link]) expect(findLeaks(decodeURIComponent(url), FORBIDDEN), url).toEqual([]);
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);

    // The other tenants' identifiers the graph, the exports and the link were checked against came
    // from the load's worker each time: the page's main thread never computed them (its own record).
    const secrets = await page.evaluate(() => window.__netpolTestApi?.secrets() ?? null);
    expect(secrets).not.toBeNull();
    expect(secrets?.length).toBeGreaterThanOrEqual(6);
    expect(new Set(secrets)).toEqual(new Set(['worker']));
  });

  test('the other tenants are one node: nothing offers to expand or collapse them', async ({ page }) => {
    await customerViewOfAcme(page);
    const chips = page.getByTestId('graph-group-toggle');
    await expect(chips.first()).toBeVisible();
    // Before: a chip '▸ other tenants', and 'Expand other tenants' once its node was clicked; both did nothing.
    expect(await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-group')))).not.toContain('g:others');
    await page.evaluate(() => window.__graphTestApi?.tap('g:others'));
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.selection() ?? [])).toEqual(['g:others']);
    await expect(page.getByTestId('graph-toggle-selected')).toHaveCount(0);
    // The customer's own tenant still can be.
    await page.evaluate(() => window.__graphTestApi?.tap('g:t:acme'));
    await expect(page.getByTestId('graph-toggle-selected')).toHaveText('Collapse acme');
  });

  test('the redaction comes late (slow network): the customer view still draws only what acme may see', async ({ page }) => {
    // The redaction is a chunk of its own (src/core/graph/redaction.ts) that the load worker
    // fetches for the first customer view's graph: the previous graph stays until it has come.
    const chunk = await holdChunk(page.context(), /\/assets\/redact-[^/]*\.js$/, 1500);
    await page.goto('/?demo=0');
    await page.getByTestId('open-files').setInputFiles(appPlatform);
    await page.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.label === 'storefront') ?? false, undefined, { timeout: 30_000 });
    await page.getByTestId('customer-select').selectOption('acme');
    await expect(page.getByTestId('customer-view')).toBeVisible();
    // While it comes, nothing of the other tenants is on screen either.
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.nodes().some((n) => n.label === 'other tenants') ?? false)).toBe(true);
    await expect(page.getByTestId('paths-row').first()).toBeVisible();
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);
    expect(chunk.requests()).toBeGreaterThan(0);
  });

  test('the toggle switches the audience: selection and path query go, leaving shows every tenant again', async ({ page }) => {
    await page.goto('/?demo=0&from=globex-shop%2Fstorefront&to=acme-web%2Fapi&qport=9000&sel=w%3Aglobex-shop%2FDeployment%2Fstorefront');
    await page.getByTestId('open-files').setInputFiles(appPlatform);
    await page.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.label === 'storefront') ?? false, undefined, { timeout: 30_000 });
    await page.getByTestId('customer-select').selectOption('acme');
    await expect(page.getByTestId('customer-view')).toBeVisible();
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.nodes().some((n) => n.label === 'other tenants') ?? false)).toBe(true);
    await expect.poll(() => findLeaks(decodeURIComponent(page.url()), FORBIDDEN)).toEqual([]);
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);

    await page.getByTestId('customer-leave').click();
    await expect(page.getByTestId('customer-view')).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.nodes().some((n) => n.label === 'storefront') ?? false)).toBe(true);
    expect(new URL(page.url()).searchParams.get('customer')).toBeNull();
  });

  test('the customer link opened before any file says what to load and keeps the tenant for when they arrive', async ({ page }) => {
    await page.goto('/?tenant=acme&view=customer');
    const empty = page.getByTestId('customer-empty');
    await expect(empty).toBeVisible();
    await expect(page.getByTestId('customer-empty-reason')).toContainText('Nothing is loaded yet');
    await expect(empty).toContainText('kubectl get cnp,ccnp,netpol -A -o yaml');
    // No demo in the background, no anonymous node and no empty table in its place.
    await expect(page.getByTestId('load-demo')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('graph-area')).toHaveCount(0);
    await expect(page.getByTestId('customer-paths')).toHaveCount(0);
    await expect(page.getByTestId('customer-badge')).toContainText('acme');
    await expect.poll(() => new URL(page.url()).searchParams.get('customer')).toBe('acme');

    await page.getByTestId('customer-open-files').setInputFiles(appPlatform);
    await page.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.label === 'frontend') ?? false, undefined, { timeout: 30_000 });
    await expect(page.getByTestId('customer-empty')).toHaveCount(0);
    await expect(page.getByTestId('paths-row').first()).toBeVisible({ timeout: 20_000 });
    expect(findLeaks(await everythingOnScreen(page), FORBIDDEN)).toEqual([]);

    // Files without the tenant (here the demo): said so, and no tenant of theirs is listed.
    await page.getByTestId('load-demo').click();
    await expect(page.getByTestId('customer-empty-reason')).toContainText('have no tenant acme');
    await expect(page.getByTestId('customer-select')).toHaveCount(0);
  });

  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    test(`the paths table fits beside the graph at ${width}x${height}: names never cut, verdict badge, flows column visible`, async ({ page }, info) => {
      await page.setViewportSize({ width, height });
      await customerViewOfAcme(page);
      const table = page.getByTestId('customer-paths').locator('table');
      const flows = page.getByTestId('customer-paths').getByRole('columnheader', { name: 'Flows' });
      await expect(flows).toBeInViewport();
      const head = await flows.boundingBox();
      expect(head!.x + head!.width).toBeLessThanOrEqual(width);
      // The header's words are not cut.
      expect(await flows.evaluate((th) => th.scrollWidth <= th.clientWidth)).toBe(true);
      expect(await table.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
      const rows = page.getByTestId('paths-row');
      expect(await rows.count()).toBeGreaterThan(20);
      // Every name and port list is shown whole: a long one wraps (its cell grows), none is cut.
      const cut = await rows.evaluateAll((trs) =>
        trs.flatMap((tr) => [...tr.querySelectorAll<HTMLElement>('td, td .link')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent ?? '')),
      );
      expect(cut).toEqual([]);
      // The verdict badge stays on one line.
      const badges = await rows.locator('.verdict-tag').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(Math.max(...badges)).toBeLessThan(22);
      const denied = rows.filter({ has: page.locator('.vt-default-deny') }).first();
      await expect(denied.locator('.verdict-tag')).toHaveText('denied');
      await expect(denied.locator('td').nth(2)).toHaveAttribute('title', 'Denied by default');
      // Flows seen are in the last column, in view (the first row: the path with the most drops, mailer → internet 25/TCP).
      await expect(rows.first().locator('td').nth(4)).toHaveText('6');
      await expect(rows.first().locator('td').nth(4)).toBeInViewport();
      await page.screenshot({ path: info.outputPath(`customer-${width}x${height}.png`) });
    });
  }

  test('the paths whose flows were dropped come first, most drops first, and the list says so', async ({ page }) => {
    // Walk: a customer asking why their traffic is dropped found the 4 paths with drops among 40,
    // sorted by source, and a Flows count that did not say whether the flows passed or were dropped.
    await customerViewOfAcme(page);
    // Every dropped request flow of the export concerns acme (its namespaces or its peers').
    let dropped = 0;
    for (const line of readFileSync(fixture('flows.jsonl'), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const f = (JSON.parse(line) as { flow?: { verdict?: string; is_reply?: boolean; source?: { namespace?: string }; destination?: { namespace?: string } } }).flow;
      if (f?.verdict !== 'DROPPED' || f.is_reply === true) continue;
      if ([f.source?.namespace, f.destination?.namespace].some((ns) => ns?.startsWith('acme-'))) dropped++;
    }
    expect(dropped).toBeGreaterThan(0);
    const rows = page.getByTestId('paths-row');
    const drops = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-dropped') ?? 'NaN')))) as number[];
    const withDrops = drops.filter((n) => n > 0);
    expect(withDrops.reduce((a, b) => a + b, 0)).toBe(dropped);
    // Listed first, most first; the rest after them.
    expect(drops.slice(0, withDrops.length)).toEqual([...withDrops].sort((a, b) => b - a));
    expect(drops.slice(withDrops.length).every((n) => n === 0)).toBe(true);
    await expect(page.getByTestId('customer-drops')).toHaveText(`${dropped} dropped flows on ${withDrops.length} paths, listed first.`);
    // The count of a row with drops says they were dropped.
    await expect(rows.first().locator('td').nth(4)).toHaveAttribute('title', `${withDrops[0]} dropped`);
    await expect(rows.first().locator('.verdict-tag')).not.toHaveText('allowed');
    // Its why says so too (before: 'Seen in flows: 6 flows.', whether they passed or not unsaid).
    await rows.first().getByTestId('paths-select').click();
    await expect(page.getByTestId('customer-why')).toContainText(`Seen in flows: ${withDrops[0]} flows, all dropped.`);
  });

  test('an export or link that would name another tenant is withheld; the page says so without the name, the console names it', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // A link whose search text names globex's storefront (typed by someone, or pasted): the JSON
    // export and the link would repeat it.
    await page.goto('/?tenant=acme&view=customer&search=storefront');
    await page.getByTestId('customer-open-files').setInputFiles(appPlatform);
    await expect(page.getByTestId('customer-paths')).toBeVisible({ timeout: 30_000 });
    const menu = new ExportMenu(page);
    await menu.open();
    await page.getByTestId('export-json').click();
    await expect(page.getByTestId('export-status')).toContainText('The JSON export is withheld: it would show a name of other tenants');
    await page.getByTestId('share-copy-link').click();
    await expect(page.getByTestId('export-status')).toContainText('The link is withheld');
    await expect(page.getByTestId('share-link')).toHaveCount(0);
    expect(await page.getByTestId('export-status').innerText()).not.toContain('storefront');
    expect(errors.join('\n')).toContain('"storefront" (tenant globex): name of Deployment globex-shop/storefront');
    // The count agrees with its noun (the console said `1 string(s)`).
    expect(errors.join('\n').match(/it would show [^.]*/g)).toEqual(['it would show 1 string of other tenants', 'it would show 1 string of other tenants']);
    // The SVG says only "a search": it is saved.
    const svg = await menu.download('svg');
    expect(findLeaks(svg.bytes.toString('utf8'), FORBIDDEN)).toEqual([]);
  });

  test('labels with HTML or script content appear as text in the graph, the table and every export', async ({ page }, info) => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const file = info.outputPath('evil.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: 'web-<b>bold</b>', namespace: acme-web, labels: { note: "${evil.replace(/"/g, '\\"')}" } }
spec:
  selector: { matchLabels: { app: evil } }
  template: { metadata: { labels: { app: evil } }, spec: { containers: [{ name: c, image: x }] } }
---
apiVersion: v1
kind: Pod
metadata: { name: "${evil.replace(/"/g, '\\"')}", namespace: acme-web, labels: { app: evil2 } }
spec: { containers: [{ name: c, image: x }] }
`,
    );
    await customerViewOfAcme(page, [file]);
    const labels = await page.evaluate(() => window.__graphTestApi?.nodes().map((n) => n.label) ?? []);
    expect(labels).toContain(evil);
    expect(labels).toContain('web-<b>bold</b>');
    // Nothing of it became markup: no element was created from the names.
    expect(await page.locator('b:text("bold")').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src])').length)).toBe(0);
    const menu = new ExportMenu(page);
    for (const format of ['svg', 'html'] as const) {
      const text = (await menu.download(format)).bytes.toString('utf8');
      expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(text).not.toContain('<img src=x');
      expect(text).not.toMatch(/<script>alert/);
    }
  });
});

test.describe('customer view as it opens (the level decided for its canvas)', () => {
  test.use({ openAsLoaded: false, viewport: { width: 1280, height: 720 } });

  test('the platform the opening collapsed: the table says it as the graph does, and its chip expands it', async ({ page }) => {
    await customerViewOfAcme(page);
    const platform = page.locator('[data-testid="graph-group-toggle"][data-group="g:platform"]');
    await expect(platform).toHaveText('▸ platform');
    await viewSettled(page);
    // The paths table named it 'platform (collapsed)'; the graph draws 'platform' over its workload count.
    const paths = page.getByTestId('customer-paths');
    await expect(paths).toContainText('platform (3 workloads)');
    await expect(paths).not.toContainText('(collapsed)');

    // Before: the chip expanded the platform, the graph was drawn again once the changed view was
    // checked, and its opening, decided again, collapsed the platform back: the click did nothing.
    await platform.click();
    await expect(platform).toHaveText('▾ platform');
    await viewSettled(page);
    await expect(platform).toHaveText('▾ platform');
    expect(await page.evaluate(() => window.__graphTestApi?.nodes().map((n) => n.label) ?? [])).toEqual(expect.arrayContaining(['DNS', 'ingress proxy']));
    await expect(paths).not.toContainText('platform (3 workloads)');
  });

  test('a change of the view redraws the same canvas: the zoom and pan the user chose stay, Fit says what changed', async ({ page }) => {
    await customerViewOfAcme(page);
    await viewSettled(page);
    const viewport = () => page.evaluate(() => window.__graphTestApi?.viewport() ?? null);
    const opened = await viewport();
    await page.getByTestId('graph-zoom-in').click();
    await page.getByTestId('graph-zoom-in').click();
    await viewSettled(page);
    const chosen = await viewport();
    expect(chosen?.zoom).toBeGreaterThan((opened?.zoom ?? 0) * 1.2);
    // Before: the canvas was taken down while the changed view's graph was checked and built anew
    // (fitted as at the start: the zoom the user chose was lost).
    const platform = page.locator('[data-testid="graph-group-toggle"][data-group="g:platform"]');
    await platform.click();
    await expect(platform).toHaveText('▾ platform');
    await expect.poll(() => page.evaluate(() => window.__graphTestApi?.nodes().some((n) => n.label === 'DNS') ?? false)).toBe(true);
    await viewSettled(page);
    expect(await viewport()).toEqual(chosen);
    await expect(page.getByTestId('graph-fit')).toHaveAttribute('data-stale', 'true');
    await page.screenshot({ path: test.info().outputPath('customer-after-change.png') });
  });
});
