import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import { QueryPanel } from './pages/QueryPanel.ts';

test.describe('policy findings in the app', () => {
  test('the linter is asked once the graph is drawn, not while it is being drawn', async ({ app, page }) => {
    // Every message the page sends a worker, with whether the canvas was drawing (or had not drawn) then.
    await page.addInitScript(() => {
      const sent: { type: string; drawing: boolean }[] = [];
      Object.assign(window, { __sent: sent });
      const api = () => (window as unknown as { __graphTestApi?: { drawing(): boolean; lastDraw(): unknown } }).__graphTestApi;
      for (const proto of [Worker.prototype, MessagePort.prototype] as { postMessage(...a: unknown[]): void }[]) {
        const post = proto.postMessage;
        proto.postMessage = function (this: unknown, ...args: unknown[]) {
          const m = args[0] as { type?: unknown } | null;
          if (m && typeof m.type === 'string') sent.push({ type: m.type, drawing: api()?.lastDraw() == null || api()?.drawing() === true });
          post.apply(this, args);
        };
      }
    });
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.panelToggle('findings')).toContainText(/Findings \d+/);
    const lints = await page.evaluate(() => (window as unknown as { __sent: { type: string; drawing: boolean }[] }).__sent.filter((m) => m.type === 'lint'));
    expect(lints.length).toBeGreaterThan(0);
    expect(lints).toEqual(lints.map((m) => ({ ...m, drawing: false })));
  });

  test('the widened policy is listed with its fix, badged beside the policy, shown on the graph and in the workload details', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await q.graphReady();

    // The Findings toggle counts them; the panel opens beside the graph.
    await expect(app.panelToggle('findings')).toContainText(/Findings \d+/);
    await app.openPanel('findings');
    const panel = page.getByTestId('findings-panel');
    // The warning (widening beyond the namespace); globex's same-namespace widening is listed too, as info.
    const widened = panel.locator('[data-testid="finding"][data-code="widened-by-other-policy"]').filter({ hasText: 'CNP initech-blog/db-only-from-blog narrows ingress' });
    await expect(widened).toHaveCount(1);
    await expect(panel.locator('[data-testid="finding"][data-code="widened-by-other-policy"]').filter({ hasText: 'NetworkPolicy globex-shop/cart-from-storefront' })).toHaveClass(/diag-info/);
    await expect(widened.first()).toContainText('CNP initech-blog/same-tenant');
    await expect(panel.getByTestId('finding-policy').filter({ hasText: 'CNP initech-blog/db-only-from-blog' })).toHaveCount(1);

    // Beside the policy in the workload list.
    await app.openPanel('workloads');
    const card = app.graphArea.getByTestId('namespace-card').filter({ hasText: 'initech-blog' });
    await expect(card.getByTestId('finding-badge')).toHaveCount(1);
    await expect(card.getByTestId('finding-badge')).toHaveAttribute('title', /widened-by-other-policy/);

    // On the graph: the db and the paths into it that same-tenant allows.
    await app.openPanel('findings');
    await widened.first().getByTestId('finding-show').click();
    await expect.poll(async () => (await page.evaluate(() => window.__graphTestApi?.highlighted())) ?? null).toMatchObject({ nodes: expect.arrayContaining(['w:initech-blog/Deployment/db']) });
    const lit = await page.evaluate(() => window.__graphTestApi?.highlighted());
    expect(lit?.edges.length).toBeGreaterThan(0);
    expect(lit?.edges.every((e) => e.includes('initech-blog/Deployment/db'))).toBe(true);
    await widened.first().getByTestId('finding-show').click();
    await expect.poll(async () => (await page.evaluate(() => window.__graphTestApi?.highlighted()))?.edges.length).toBe(0);

    // In the details of the workload the policy selects.
    await (await app.workloadInList('db')).click();
    await expect(page.getByTestId('details-findings')).toContainText('widened-by-other-policy');
  });

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ])
    test(`two L7 parsers on one port are an error finding, from the rare lint checks' chunk (${size.width}x${size.height})`, async ({ app, page }) => {
      // HTTP and DNS rules from web to api on 80/TCP (pkg/policy/l4.go L7ParserType.Merge): only the
      // lazily fetched lint checks (core/lint/rareLint.ts) report it.
      const pod = (name: string, ip: string) =>
        `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: ${ip}}\n`;
      const policy = (name: string, rules: string) =>
        `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress:\n  - toEndpoints: [{matchLabels: {app: api}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
      await page.setViewportSize(size);
      await app.goto();
      await app.openFiles([
        { name: 'inventory.yaml', mimeType: 'application/yaml', buffer: Buffer.from(`${pod('web', '10.244.0.10')}---\n${pod('api', '10.244.0.11')}`) },
        { name: 'policies.yaml', mimeType: 'application/yaml', buffer: Buffer.from(`${policy('web-http', '{http: [{method: GET}]}')}---\n${policy('web-dns', "{dns: [{matchPattern: '*'}]}")}`) },
      ]);
      await app.waitForLoaded();
      await expect(app.panelToggle('findings')).toContainText(/Findings \d+/);
      await app.openPanel('findings');
      const conflict = page.getByTestId('findings-panel').locator('[data-testid="finding"][data-code="l7-parser-conflict"]');
      await expect(conflict).toHaveCount(1);
      await expect(conflict).toHaveClass(/diag-error/);
      await expect(conflict).toContainText('CNP shop/web-dns spec.egress[0] (dns) and CNP shop/web-http spec.egress[0] (http) put two L7 parsers on 80/TCP from shop/web');
      await expect(conflict).toContainText('cannot merge conflicting L7 parsers');
      await page.screenshot({ path: test.info().outputPath(`l7-parser-conflict-${size.width}x${size.height}.png`) });
    });
});
