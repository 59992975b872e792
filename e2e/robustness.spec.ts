import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { appPlatform, MALFORMED } from './inputs.ts';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const HOSTILE = [
  'apiVersion: v1',
  'kind: Namespace',
  'metadata:',
  '  name: hostile',
  '  labels:',
  `    tenant: "${IMG}"`,
  '---',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: hostile',
  `  annotations: {note: "${SCRIPT}"}`,
  'spec:',
  '  replicas: 1',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata:',
  `      labels: {app: web, evil: "${IMG}"}`,
  `      annotations: {note: "${SCRIPT}"}`,
  '    spec: {containers: [{name: web, image: x}]}',
  '---',
  `kind: "${SCRIPT}"`,
  `apiVersion: "${IMG}"`,
  '',
].join('\n');

test.describe('robustness', () => {
  test('names, labels, annotations and file names with markup render as text and never run', async ({ app, page }) => {
    await app.gotoDemo();
    await app.paste(`${IMG}.yaml`, HOSTILE);
    await app.waitForLoaded();
    // The file name is shown verbatim, as text.
    await expect(app.source(`${IMG}.yaml`)).toBeVisible();
    await expect(app.origin).toHaveText(`${IMG}.yaml`);
    // The workload's pod annotations and labels appear as text in the details column.
    await app.graphArea.getByTestId('workload').filter({ hasText: /^web$/ }).click();
    const details = page.getByTestId('workload-details');
    await expect(details).toContainText(SCRIPT);
    await expect(details).toContainText(IMG);
    // No element was created from the data (the guards also fail the test on any dialog).
    // (The print figure is our own <img> of the exported SVG, built from escaped text.)
    await expect(page.locator('img:not([data-testid="print-figure"])')).toHaveCount(0);
    await expect(page.locator('[onerror]')).toHaveCount(0);
    expect(await page.locator('script').count()).toBe(1);
    await page.waitForTimeout(200);
  });

  test('loading the 223-flow fixture with policies and inventory keeps the UI responsive (no task over 200 ms)', async ({ app, page }) => {
    await app.gotoDemo();
    await app.startLongTaskObserver();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.count('flows')).toHaveText('223');
    // Let the final render and paint happen inside the observation window.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const tasks = await app.longTasks();
    expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')}`).toBeLessThanOrEqual(200);
  });

  test('nothing is requested from a non-local address while loading and using the app', async ({ app, page }) => {
    // The fixture's request guard fails the test on any non-local request; this drives every feature.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await app.dropFile('broken.yaml', MALFORMED);
    await app.waitForLoaded();
    await app.paste('p.yaml', 'kind: Namespace\napiVersion: v1\nmetadata: {name: p}\n');
    await app.waitForLoaded();
    await page.getByTestId('load-demo').click();
    await app.waitForLoaded();
    await app.graphArea.getByTestId('workload').first().click();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((u) => /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(u)), requests.join('\n')).toBe(true);
  });

  test('the main view, the diagnostics view and the paste dialog have no serious or critical axe violations', async ({ app, page }) => {
    const check = async (label: string): Promise<void> => {
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${label}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    };
    await app.gotoDemo();
    await check('demo');
    await app.graphArea.getByTestId('workload').first().click();
    await check('details');
    await app.dropFile('broken.yaml', MALFORMED);
    await app.waitForLoaded();
    await check('diagnostics');
    await page.getByTestId('paste-open').click();
    await check('paste dialog');
  });

  test('loading, pasting and selecting work from the keyboard alone, with visible focus', async ({ app, page }) => {
    await app.gotoDemo();
    await page.keyboard.press('Tab');
    // The first stop is in the top bar; walk to the Paste button.
    for (let i = 0; i < 10; i++) {
      if (await page.getByTestId('paste-open').evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    const paste = page.getByTestId('paste-open');
    await expect(paste).toBeFocused();
    const outline = await paste.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('paste-text')).toBeFocused();
    await page.keyboard.type('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: typed\n');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('paste-dialog')).toBeHidden();
    await expect(paste).toBeFocused();
    // Workloads in the central slot are buttons: focus one and select it with Enter.
    const first = app.graphArea.getByTestId('workload').first();
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('workload-details')).toBeVisible();
  });
});
