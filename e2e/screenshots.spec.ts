import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import { appPlatform, fixture, TENANT_POLICIES_WITH_PROBLEMS } from './inputs.ts';
import { docsDir } from '../test/paths.ts';
import { ExportMenu } from './pages/ExportMenu.ts';

const docs = (name: string): string => path.join(docsDir, name);

// Writes the README screenshots; run with `UPDATE_SCREENSHOTS=1 npx playwright test screenshots`.
test.describe('screenshots', { tag: '@screenshots' }, () => {
  test('demo view', async ({ app, page }) => {
    await app.gotoDemo();
    await (await app.workloadInList('web')).first().click();
    await expect(page.getByTestId('workload-details')).toBeVisible();
    await page.screenshot({ path: docs('screenshot-demo.png') });
  });

  test('diagnostics view', async ({ app, page }) => {
    await app.gotoDemo();
    await app.openFiles([
      { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: readFileSync(fixture('inventory.yaml')) },
      { name: 'tenant-policies.yaml', mimeType: 'application/yaml', buffer: Buffer.from(TENANT_POLICIES_WITH_PROBLEMS) },
    ]);
    await app.waitForLoaded();
    await app.openPanel('diagnostics');
    await expect(app.diagnosticsOfFile('tenant-policies.yaml')).toHaveCount(3);
    await page.screenshot({ path: docs('screenshot-diagnostics.png') });
  });

  test('what-if view', async ({ app, page }) => {
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CCNP tenant-egress-baseline' });
    const editor = panel.getByTestId('whatif-editor');
    const lines = (await editor.inputValue()).split('\n');
    const start = lines.findIndex((l) => /^ {2}egressDeny:/.test(l));
    let end = start + 1;
    while (end < lines.length && /^ {3,}|^ {2}- /.test(lines[end] ?? '')) end++;
    await editor.fill([...lines.slice(0, start), ...lines.slice(end)].join('\n'));
    await expect(panel.getByTestId('whatif-observed-row')).toHaveCount(1);
    await editor.evaluate((el) => el.scrollTo(0, 0));
    await page.waitForTimeout(500);
    await page.screenshot({ path: docs('screenshot-whatif.png') });
  });

  test('drops inbox', async ({ app, page }) => {
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await page.getByTestId('inbox-open-drops').click();
    await page.getByTestId('drop-group').first().click();
    await expect(page.getByTestId('query-result').getByTestId('verdict')).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: docs('screenshot-drops.png') });
  });
});

// The README's export example: what Export / share writes (PNG, and the same picture as SVG) for the
// customer view of tenant acme with the SMTP path lit, as pasted into an incident review.
test.describe('export example', { tag: '@screenshots' }, () => {
  test('customer view of acme, SMTP path highlighted', async ({ page }) => {
    await page.goto('/?demo=0&tenant=acme&view=customer&from=acme-jobs%2Fmailer&to=198.51.100.25&qport=25%2FTCP');
    await page.getByTestId('open-files').setInputFiles(appPlatform);
    await expect(page.getByTestId('customer-view')).toBeVisible();
    await page.waitForFunction(() => (window.__graphTestApi?.nodes().length ?? 0) > 0 && !window.__graphTestApi?.drawing(), undefined, { timeout: 30_000 });
    const menu = new ExportMenu(page);
    // The customer view has no query panel: the path from the link is lit in the export.
    const svg = (await menu.download('svg')).bytes;
    expect(svg.toString('utf8')).toContain('highlighted');
    writeFileSync(docs('export-example.svg'), svg);
    writeFileSync(docs('export-example.png'), (await menu.download('png')).bytes);
  });
});

// The graph as it opens, nothing clicked, at a laptop's and a desktop's window size: the level
// the app picks so that every name is readable (so the real opening, not `openAsLoaded`).
test.describe('graph at open', { tag: '@screenshots' }, () => {
  test.use({ openAsLoaded: false });
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    test(`app-platform with flows at ${w}x${h}`, async ({ app, page }) => {
      await page.setViewportSize({ width: w, height: h });
      await app.goto('?demo=0');
      await app.openFiles(appPlatform);
      await app.waitForLoaded();
      await page.waitForFunction(() => window.__graphTestApi?.drawing() === false && (window.__graphTestApi?.nodes().length ?? 0) > 0);
      await page.waitForTimeout(800);
      await page.screenshot({ path: docs(`screenshot-open-${w}x${h}.png`) });
    });
  }
});
