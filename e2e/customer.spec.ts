import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readPng } from '../src/core/export/png.ts';
import { findLeaks, otherTenantStrings } from '../src/core/graph/leaks.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { expect, test } from './fixtures.ts';
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
  await expect(page.getByTestId('customer-path').first()).toBeVisible({ timeout: 20_000 });
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
    await page.getByTestId('customer-path').first().getByRole('button').click();
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
