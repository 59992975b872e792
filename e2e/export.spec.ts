import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { inputsDigest, shortDigest } from '../src/core/export/digest.ts';
import { readPng } from '../src/core/export/png.ts';
import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import { ExportMenu } from './pages/ExportMenu.ts';

const sha256 = async (b: Uint8Array): Promise<string> => createHash('sha256').update(b).digest('hex');
const QUERY = 'from=acme-jobs%2Fmailer&to=198.51.100.25&qport=25%2FTCP';
const LIT = 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny';
const PATH_TEXT = 'acme-jobs/mailer → internet 25/TCP: Denied by a deny rule on 25/TCP';
/** A picture's width pasted into a document page (16 cm at 96 dpi, rounded). */
const PAGE_WIDTH = 600;

async function openAppPlatform(page: Page, query: string): Promise<void> {
  await page.goto(`/?demo=0&${query}`);
  await page.getByTestId('open-files').setInputFiles(appPlatform);
  await page.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.id === 'w:acme-jobs/Deployment/mailer') ?? false, undefined, { timeout: 30_000 });
}

test.describe('export and share', () => {
  test('each export downloads a valid file with the title, legend, input digest and the highlighted path', async ({ page }) => {
    await openAppPlatform(page, QUERY);
    await expect(page.getByTestId('query-result')).toContainText('Denied');
    const menu = new ExportMenu(page);
    const digest = shortDigest(await inputsDigest(appPlatform.map((f) => new Uint8Array(readFileSync(f))), sha256));
    const title = 'Connectivity of cluster';

    const svg = await menu.download('svg');
    expect(svg.name).toMatch(/^netpol-viz-cluster-[0-9a-f]{8}\.svg$/);
    const svgText = svg.bytes.toString('utf8');
    expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svgText).toContain(title);
    expect(svgText).toContain(`inputs sha256:${digest}`);
    // No time of making: the same inputs and view give the same file (below).
    expect(svgText).not.toMatch(/made \d{4}/);
    // Read without the app: which flows it overlays (count and time range), and what its lines are.
    expect(svgText).toContain('>Hubble flows: 223 from 2026-11-20 09:00:00 to 09:01:54 UTC</text>');
    expect(svgText).toContain('>Denied by a deny rule</text>');
    expect(svgText).toContain('>Highlighted path</text>');
    // The legend lists only what is drawn: the lit path fades every other line alike (none is faint for want of flows).
    expect(svgText).not.toContain('>Allowed, no flow seen (faint)</text>');
    expect(svgText).toContain(`class="edge v-explicit-deny highlighted" data-id="${LIT}"`);
    expect(svgText).toContain(PATH_TEXT);
    // A valid XML document: the browser parses it without an error.
    expect(await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').getElementsByTagName('parsererror').length, svgText)).toBe(0);

    const png = await menu.download('png');
    const info = readPng(new Uint8Array(png.bytes));
    expect(info?.crcOk).toBe(true);
    expect(info?.width).toBeGreaterThan(1500);
    const text = new Map(info?.text);
    expect(text.get('Title')).toContain(title);
    expect(text.get('Legend')).toContain('Denied by a deny rule');
    expect(text.get('Description')).toContain(PATH_TEXT);
    expect(text.get('Source')).toContain(`inputs sha256:${digest}`);
    expect(text.get('Description')).toContain('Hubble flows: 223 from 2026-11-20 09:00:00 to 09:01:54 UTC');

    const json = JSON.parse((await menu.download('json')).bytes.toString('utf8'));
    expect(json.format).toBe('netpol-viz.graph/v1');
    expect(json.title).toContain(title);
    expect(json.legend.map((l: { label: string }) => l.label)).toContain('Denied by default');
    expect(json.highlight.edges).toContain(LIT);
    expect(json.highlight.explanation[0]).toContain(PATH_TEXT);
    expect(json.edges.some((e: { id: string }) => e.id === LIT)).toBe(true);

    const html = (await menu.download('html')).bytes.toString('utf8');
    expect(html).toContain(`<title>${title}`);
    expect(html).toContain('<svg');
    expect(html).toContain(PATH_TEXT);
    expect(html).toContain('Verdict: DENIED');
    // Under which Cilium version and settings, as "Copy explanation" says it (missing before).
    expect(html).toContain(`Verdict: DENIED at egress\nDecided as Cilium 1.19 would (version assumed: not in the inputs); Cilium&#39;s defaults (no cilium-config): enable-policy=default, policy-cidr-match-mode=default; IPv4 only (from the pods&#39; addresses)\n`);
    expect(html).toContain('Denied by default');
    expect(html).not.toMatch(/<script/i);
  });

  test('the same view of the same inputs exports the same bytes, later too (PNG and SVG: the README example was new at every regeneration)', async ({ page }) => {
    await openAppPlatform(page, QUERY);
    await expect(page.getByTestId('query-result')).toContainText('Denied');
    const menu = new ExportMenu(page);
    const first = { svg: (await menu.download('svg')).bytes, png: (await menu.download('png')).bytes };
    // Past the next second: a time written in the file would differ.
    await page.waitForTimeout(1100);
    const again = { svg: (await menu.download('svg')).bytes, png: (await menu.download('png')).bytes };
    expect(again.svg.equals(first.svg)).toBe(true);
    expect(again.png.equals(first.png)).toBe(true);
    expect(new Map(readPng(new Uint8Array(again.png))?.text).has('Creation Time')).toBe(false);
  });

  test('a picture whose text would be unreadable at a document page width says so; a click or two makes it readable there, path kept', async ({ page }) => {
    // Pasted into a review document a picture is about 600 px wide (16 cm at 96 dpi). The whole
    // app-platform graph expanded is ~1,700 px wide: its 13 px text would be ~4.6 px there.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openAppPlatform(page, QUERY);
    await expect(page.getByTestId('query-result')).toContainText('Denied');
    const menu = new ExportMenu(page);
    await menu.open();
    const note = page.getByTestId('export-page-size');
    await expect(note).toContainText('too small to read');
    const smallest = async (): Promise<number> => {
      const info = readPng(new Uint8Array((await menu.download('png')).bytes));
      // The PNG is drawn at 2x; its smallest text is 13 px of the picture.
      return (13 * PAGE_WIDTH) / ((info?.width ?? 0) / 2);
    };
    expect(await smallest()).toBeLessThan(9);
    // First only the path's groups stay open, then, if still too wide, every group closes.
    for (let i = 0; i < 2 && (await page.getByTestId('export-fit-page').count()) > 0; i++) {
      await page.getByTestId('export-fit-page').click();
      await menu.open();
    }
    await expect(note).toContainText('readable');
    await expect(note).not.toContainText('too small');
    expect(await smallest()).toBeGreaterThanOrEqual(9);
    // The path is still lit and its explanation in the caption.
    const svg = (await menu.download('svg')).bytes.toString('utf8');
    expect(svg).toContain(PATH_TEXT);
    expect(svg).toContain('highlighted');
  });

  test('exports follow the filters and the collapsed tenants', async ({ page }) => {
    await openAppPlatform(page, 'collapsed=g%3At%3Aglobex&verdict=explicit-deny');
    await expect.poll(async () => page.evaluate(() => window.__graphTestApi?.nodes().some((n) => n.id === 'g:t:globex') ?? false)).toBe(true);
    const json = JSON.parse((await new ExportMenu(page).download('json')).bytes.toString('utf8'));
    expect(json.view.collapsed).toEqual(['g:t:globex']);
    expect(json.edges.length).toBeGreaterThan(0);
    expect(json.edges.every((e: { verdict: string }) => e.verdict === 'explicit-deny')).toBe(true);
    expect(json.nodes.some((n: { id: string }) => n.id.startsWith('w:globex-'))).toBe(false);
    expect(json.subtitle.join('\n')).toContain('Filters: verdicts explicit-deny');
  });

  test('copy link puts the view, not the data, in the URL; opening it with the same files gives the same picture', async ({ page, context }) => {
    await openAppPlatform(page, QUERY);
    await page.locator('[data-testid="graph-group-toggle"][data-group="g:t:initech"]').click();
    const menu = new ExportMenu(page);
    const link = await menu.copyLink();
    const url = new URL(link);
    expect(url.searchParams.get('collapsed')).toBe('g:t:initech');
    expect(url.searchParams.get('from')).toBe('acme-jobs/mailer');
    expect(link.length).toBeLessThan(500);
    const first = JSON.parse((await menu.download('json')).bytes.toString('utf8'));

    const other = await context.newPage();
    await other.goto(link);
    await other.getByTestId('open-files').setInputFiles(appPlatform);
    await other.waitForFunction(() => window.__graphTestApi?.nodes().some((n) => n.id === 'g:t:initech') ?? false, undefined, { timeout: 30_000 });
    const second = JSON.parse((await new ExportMenu(other).download('json')).bytes.toString('utf8'));
    expect(second.nodes).toEqual(first.nodes);
    expect(second.edges).toEqual(first.edges);
    expect(second.highlight).toEqual(first.highlight);
    await other.close();
  });

  test('print: the graph and the legend on one page, of the view as it is when printed', async ({ page }) => {
    await openAppPlatform(page, QUERY);
    await expect(page.getByTestId('query-result')).toContainText('Denied');
    const figure = page.getByTestId('print-figure');
    // The export writer is a chunk of its own, fetched at the first interaction with the page.
    const writer = page.waitForResponse((r) => /\/exportWriter-[\w-]+\.js$/.test(new URL(r.url()).pathname));
    await page.mouse.move(5, 5);
    await writer;
    // Built when the page is about to print (beforeprint), not on every change of the graph.
    await expect(figure).toHaveCount(0);
    // The input digest reaches the page after the data (the load worker hashes the inputs): a
    // picture built before it is dropped when it arrives (its caption changes), so print once it is there.
    await expect(async () => {
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      expect(decodeURIComponent((await figure.getAttribute('src', { timeout: 500 })) ?? '')).toContain('inputs sha256:');
    }).toPass({ timeout: 15_000 });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    await expect(figure).toHaveAttribute('src', /^data:image\/svg\+xml/);
    await expect(figure).toBeHidden();
    const printed = decodeURIComponent((await figure.getAttribute('src')) ?? '');
    expect(printed).toContain('>Legend</text>');
    expect(printed).toContain(PATH_TEXT);
    await page.emulateMedia({ media: 'print' });
    await expect(figure).toBeVisible();
    await expect(page.locator('.topbar')).toBeHidden();
    await expect(page.getByTestId('graph-area')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    // The view changes: the picture of the earlier view is dropped, the next print shows the new one.
    await page.getByTestId('query-clear').click();
    await expect(figure).toHaveCount(0);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await expect(figure).toHaveAttribute('src', /^data:image\/svg\+xml/);
    const again = decodeURIComponent((await figure.getAttribute('src')) ?? '');
    expect(again).toContain('>Legend</text>');
    expect(again).not.toContain(PATH_TEXT);
  });

  test('print before any interaction: the page asks to print again instead of printing nothing; the next print has the picture', async ({ page }) => {
    await openAppPlatform(page, QUERY);
    await expect(page.getByTestId('query-result')).toContainText('Denied');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const pending = page.getByTestId('print-figure-pending');
    await expect(pending).toContainText('Print again');
    await page.emulateMedia({ media: 'print' });
    await expect(pending).toBeVisible();
    await expect(page.getByTestId('graph-area')).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    // That print fetched the writer: the next one is the picture.
    const figure = page.getByTestId('print-figure');
    await expect(async () => {
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await expect(figure).toHaveAttribute('src', /^data:image\/svg\+xml/, { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await expect(pending).toHaveCount(0);
    expect(decodeURIComponent((await figure.getAttribute('src')) ?? '')).toContain(PATH_TEXT);
  });
});
