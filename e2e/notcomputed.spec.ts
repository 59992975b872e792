import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';
import type { AppPage } from './pages/AppPage.ts';
import { ExportMenu } from './pages/ExportMenu.ts';

/**
 * Two L7 parsers (HTTP and Kafka) on one port of the server's ingress: Cilium cannot compute the
 * server's policy (pkg/policy/l4.go L7ParserType.Merge), so its regeneration fails and it keeps
 * what it computed before (pkg/endpoint/policy.go regeneratePolicy). The edge details' verdict and
 * explanation say the verdict is not known and what it depends on, not "Allowed" with L7 filtering.
 */
const inventory = ['client', 'server']
  .map(
    (name, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: 10.244.0.${10 + i}}\n`,
  )
  .join('---\n');
const policy = (name: string, rules: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;

/** Opens the client and the server with the two conflicting policies at `size`, until the 80/TCP path is drawn. */
async function openConflict(app: AppPage, page: Page, size: { width: number; height: number }): Promise<void> {
    await page.setViewportSize(size);
    await app.goto();
    await app.openFiles([
      { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: Buffer.from(inventory) },
      { name: 'policies.yaml', mimeType: 'application/yaml', buffer: Buffer.from(`${policy('web-http', '{http: [{method: GET}]}')}---\n${policy('web-kafka', '{kafka: [{topic: orders}]}')}`) },
    ]);
    await page.waitForFunction(() => (window.__graphTestApi?.edges() ?? []).some((e) => e.ports === '80/TCP'), undefined, { timeout: 30_000 });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
])
  test(`a path into an endpoint whose policy Cilium cannot compute is not explained as allowed (${size.width}x${size.height})`, async ({ app, page }) => {
    await openConflict(app, page, size);
    const edge = (await page.evaluate(() => window.__graphTestApi?.edges() ?? [])).find((e) => e.ports === '80/TCP');
    await page.evaluate((id) => window.__graphTestApi?.select(id), edge?.id ?? '');
    await expect(page.getByTestId('edge-not-computed')).toContainText('Not known Cilium cannot compute the policy of shop/server; these policies would say: Allowed, L7-filtered');
    await expect(page.getByTestId('edge-verdict-tag')).toHaveCount(0);
    const explanation = page.getByTestId('edge-explanation');
    await expect(explanation).toBeVisible();
    const headline = explanation.locator('.headline');
    await expect(headline).toContainText('Not known');
    await expect(headline).toContainText('Cilium cannot compute the policy of shop/server');
    await expect(headline).toContainText('a running endpoint keeps the last policy it computed, a pod started since gets no network');
    await expect(headline).not.toContainText('Allowed');
    await expect(explanation.getByTestId('side-ingress')).toContainText('policy not computed; these policies would say');
    await page.screenshot({ path: test.info().outputPath(`notcomputed-${size.width}x${size.height}.png`) });
  });

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
])
  test(`the graph, its legend, the paths table and the exported picture draw that path as not known, not allowed (${size.width}x${size.height})`, async ({ app, page }) => {
    await openConflict(app, page, size);
    const edges = await page.evaluate(() => window.__graphTestApi?.edges() ?? []);
    expect(edges.filter((e) => e.ports === '80/TCP').map((e) => e.verdict)).toEqual(['not-known']);
    const legend = page.getByTestId('graph-legend');
    await expect(legend.locator('[data-verdict="not-known"]')).toHaveText('Not known (?): Cilium cannot compute the policy');
    await expect(legend.locator('[data-verdict="l7-filtered"]')).toBeVisible();
    await expect(page.getByTestId('summary-not-known')).toHaveText(', 1 not known');
    await page.screenshot({ path: test.info().outputPath(`notknown-graph-${size.width}x${size.height}.png`) });
    await page.getByTestId('paths-table-toggle').click();
    await expect(page.getByTestId('paths-row')).toHaveCount(1);
    await expect(page.getByTestId('paths-row').first()).toHaveAttribute('data-verdict', 'not-known');
    await expect(page.getByTestId('paths-row').first()).toContainText('Not known');
    await page.getByTestId('paths-table-toggle').click();
    const menu = new ExportMenu(page);
    const svg = (await menu.download('svg')).bytes.toString('utf8');
    expect(svg).toContain('>Not known (?): Cilium cannot compute the policy</text>');
    expect(svg).not.toContain('>Allowed, L7-filtered</text>');
    expect(svg).toMatch(/class="edge v-not-known/);
    expect(svg).toContain('1 not known)');
    const png = await menu.download('png');
    test.info().attachments.push({ name: 'export.png', contentType: 'image/png', body: png.bytes });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(test.info().outputPath(`notknown-export-${size.width}x${size.height}.png`), png.bytes);
  });

/**
 * The client in another namespace: client -> server (not known) and client -> other (allowed) run
 * between the same two groups and, collapsed, are drawn as one line. That line counted the
 * not-known path with the allowed ones: green, '2 paths'.
 */
const twoNamespaces = [
  ['web', 'client'],
  ['shop', 'server'],
  ['shop', 'other'],
]
  .map(
    ([ns, name], i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: 10.244.0.${10 + i}}\n`,
  )
  .join('---\n');
const fromWeb = (name: string, app: string, port: string, rules: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: ${app}}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client, k8s:io.kubernetes.pod.namespace: web}}]\n    toPorts: [{ports: [{port: "${port}", protocol: TCP}]${rules}}]\n`;

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
])
  test(`a bundle holding a not-known path is not drawn allowed: its count, legend, details and exported picture say so (${size.width}x${size.height})`, async ({ app, page }) => {
    await page.setViewportSize(size);
    await app.goto();
    await app.openFiles([
      { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: Buffer.from(twoNamespaces) },
      {
        name: 'policies.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from([fromWeb('web-http', 'server', '80', ', rules: {http: [{method: GET}]}'), fromWeb('web-kafka', 'server', '80', ', rules: {kafka: [{topic: orders}]}'), fromWeb('other', 'other', '8080', '')].join('---\n')),
      },
    ]);
    await page.waitForFunction(() => (window.__graphTestApi?.edges() ?? []).some((e) => e.ports === '80/TCP'), undefined, { timeout: 30_000 });
    await page.getByTestId('graph-collapse-all').click();
    await page.waitForFunction(() => (window.__graphTestApi?.nodes() ?? []).every((n) => n.kind !== 'workload') && window.__graphTestApi?.drawing() === false);
    const bundles = await page.evaluate(() => window.__graphTestApi?.bundles() ?? []);
    expect(bundles.map((b) => [b.members.length, b.label])).toEqual([[2, '? 2 paths · 1 not known']]);
    const id = bundles[0]?.id ?? '';
    // Between the two boxes side by side the line is too short for green and grey (a green stub
    // beside a grey arrow read 'allowed'): drawn as the not-known line, one colour, no turn.
    expect(await page.evaluate((b) => window.__graphTestApi?.splitAt(b) ?? null, id)).toBeNull();
    expect(await page.evaluate((b) => window.__graphTestApi?.lineColours(b) ?? null, id)).toEqual({ colours: ['#5f6b7a'], style: 'dashed' });
    const legend = page.getByTestId('graph-legend');
    await expect(legend.locator('[data-verdict="not-known"]')).toHaveCount(1);
    await expect(legend.getByTestId('legend-bundle').locator('line[stroke="#5f6b7a"]')).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath(`notknown-bundle-${size.width}x${size.height}.png`) });
    await page.evaluate((b) => window.__graphTestApi?.tap(b), id);
    const details = page.getByTestId('bundle-details');
    await expect(details).toContainText('2 drawn as one line: 1 allowed, 0 denied, 1 not known');
    await expect(details.getByTestId('path-link').filter({ hasText: 'Not known' })).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath(`notknown-bundle-details-${size.width}x${size.height}.png`) });
    const menu = new ExportMenu(page);
    const svg = (await menu.download('svg')).bytes.toString('utf8');
    expect(svg).toMatch(/class="edge bundle bundle-mixed short-not-known"[^>]*><path [^>]*stroke="#5f6b7a"/);
    expect(svg).toContain('>Not known (?): Cilium cannot compute the policy</text>');
    // Its legend lists exactly the colours drawn: grey alone ('Allowed' and a green/grey bundle sample were listed for the all-grey line).
    expect(legendColours(svg)).toEqual(lineColours(svg));
    expect(svg).not.toContain('>Allowed</text>');
    const png = await menu.download('png');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(test.info().outputPath(`notknown-bundle-export-${size.width}x${size.height}.png`), png.bytes);
  });

/** The colours of the lines an exported SVG draws (each edge's line, a split line's gradient stops). */
function lineColours(svg: string): string[] {
  const lines = [...svg.matchAll(/<g class="edge [^"]*"[^>]*>(?:<path [^>]*stroke-opacity[^>]*\/>)*<path [^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1] as string);
  const stops = [...svg.matchAll(/stop-color="(#[0-9a-f]{6})"/g)].map((m) => m[1] as string);
  return [...new Set([...lines, ...stops])].sort();
}

/** The colours of the exported legend's line samples (verdict rows and the bundle row). */
function legendColours(svg: string): string[] {
  const legend = /<g class="legend">(.*?)<\/svg>/s.exec(svg)?.[1] ?? '';
  const rows = [...legend.matchAll(/<g data-legend="([^"]+)"[^>]*>(.*?)<text/g)].filter((m) => m[1] !== 'observed' && m[1] !== 'mismatch' && m[1] !== 'highlight' && m[1] !== 'unseen' && !/<rect/.test(m[2] ?? ''));
  return [...new Set(rows.flatMap((m) => [...(m[2] ?? '').matchAll(/(?:stroke|fill)="(#[0-9a-f]{6})"/g)].map((c) => c[1] as string)))].sort();
}
