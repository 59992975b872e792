import path from 'node:path';
import type { Page } from '@playwright/test';
import type { TestEdge, TestNode } from '../src/ui/graph/testApi.ts';
import { expect, test } from './fixtures.ts';
import { expectInView } from './pages/InView.ts';
import { appPlatform } from './inputs.ts';
import { docsDir } from '../test/paths.ts';

/** Reads the canvas through `window.__graphTestApi` (e2e builds only). */
class GraphPage {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.waitForFunction(() => (window.__graphTestApi?.nodes().length ?? 0) > 0, undefined, { timeout: 20_000 });
  }
  nodes(): Promise<TestNode[]> {
    return this.page.evaluate(() => window.__graphTestApi?.nodes() ?? []);
  }
  edges(): Promise<TestEdge[]> {
    return this.page.evaluate(() => window.__graphTestApi?.edges() ?? []);
  }
  selection(): Promise<string[]> {
    return this.page.evaluate(() => window.__graphTestApi?.selection() ?? []);
  }
  highlighted(): Promise<{ nodes: string[]; edges: string[] }> {
    return this.page.evaluate(() => window.__graphTestApi?.highlighted() ?? { nodes: [], edges: [] });
  }
  zoom(): Promise<number> {
    return this.page.evaluate(() => window.__graphTestApi?.zoom() ?? 0);
  }
  /** Runs a path query from the query bar. */
  async ask(from: string, to: string, port: string): Promise<void> {
    await this.page.getByTestId('query-from').fill(from);
    await this.page.getByTestId('query-to').fill(to);
    await this.page.getByTestId('query-port').fill(port);
    await this.page.getByTestId('query-run').click();
  }
  async tap(id: string): Promise<void> {
    await this.page.evaluate((i) => window.__graphTestApi?.tap(i), id);
  }
  async dbltap(id: string): Promise<void> {
    await this.page.evaluate((i) => window.__graphTestApi?.dbltap(i), id);
  }
  groupToggle(group: string) {
    return this.page.locator(`[data-testid="graph-group-toggle"][data-group="${group}"]`);
  }
  async groups(): Promise<string[]> {
    return (await this.nodes()).filter((n) => n.kind === 'group').map((n) => n.label);
  }
}

const docs = (name: string): string => path.join(docsDir, name);

test.describe('connectivity graph', () => {
  test('demo: tenants, the internet with an allowed edge and the SMTP 25 carve-out', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await graph.ready();
    expect(await graph.groups()).toEqual(['platform', 'contoso', 'fabrikam', 'northwind']);
    const nodes = await graph.nodes();
    expect(nodes.find((n) => n.id === 'o:world')?.kind).toBe('world');
    const edges = await graph.edges();
    const toWorld = edges.filter((e) => e.target === 'o:world' && e.verdict === 'allowed');
    expect(toWorld.length).toBeGreaterThan(0);
    expect(toWorld[0]?.ports).toBe('all except 25/TCP');
    const smtp = edges.filter((e) => e.target === 'o:world~25/TCP');
    expect(smtp.length).toBeGreaterThan(0);
    expect(smtp.every((e) => e.verdict === 'explicit-deny' && e.ports === '25/TCP')).toBe(true);
    await expect(page.getByTestId('graph-legend')).toContainText('Denied by a deny rule');
  });

  test('app-platform: tenants, internet allowed, SMTP 25 denied as a separate edge', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.origin).not.toHaveText('Demo');
    await graph.ready();
    await expect.poll(() => graph.groups()).toEqual(['platform', 'acme', 'globex', 'initech']);
    const mailer = 'w:acme-jobs/Deployment/mailer';
    const nodes = await graph.nodes();
    expect(nodes.find((n) => n.id === mailer)?.parent).toBe('ns:acme-jobs');
    expect(nodes.find((n) => n.id === 'ns:acme-jobs')?.parent).toBe('g:t:acme');
    const edges = await graph.edges();
    expect(edges.find((e) => e.source === mailer && e.target === 'o:world')).toMatchObject({ verdict: 'allowed', ports: 'all except 25/TCP' });
    expect(edges.find((e) => e.source === mailer && e.target === 'o:world~25/TCP')).toMatchObject({ verdict: 'explicit-deny', ports: '25/TCP' });
    expect(edges.find((e) => e.source === mailer && e.target === 'o:world~except')?.verdict).toBe('default-deny');
    expect(nodes.find((n) => n.id === 'o:world~except')?.label).toContain('10.0.0.0/8');
  });

  test('collapse and expand a tenant', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await graph.ready();
    await expect.poll(async () => (await graph.nodes()).some((n) => n.id === 'w:acme-jobs/Deployment/mailer')).toBe(true);
    const before = await graph.edges();

    await graph.groupToggle('g:t:acme').click();
    await expect.poll(async () => (await graph.nodes()).some((n) => n.id === 'w:acme-jobs/Deployment/mailer')).toBe(false);
    const nodes = await graph.nodes();
    expect(nodes.filter((n) => n.parent === 'g:t:acme' || n.parent === 'ns:acme-web')).toEqual([]);
    const collapsed = await graph.edges();
    expect(collapsed.length).toBeLessThan(before.length);
    expect(collapsed.find((e) => e.source === 'g:t:acme' && e.target === 'o:world')?.verdict).toBe('allowed');
    expect(collapsed.find((e) => e.source === 'g:t:acme' && e.target === 'o:world~25/TCP')?.verdict).toBe('explicit-deny');
    await expect(graph.groupToggle('g:t:acme')).toHaveAttribute('aria-pressed', 'false');

    // Double-clicking the collapsed tenant expands it again.
    await graph.dbltap('g:t:acme');
    await expect.poll(async () => (await graph.nodes()).some((n) => n.id === 'w:acme-jobs/Deployment/mailer')).toBe(true);
    expect((await graph.edges()).length).toBe(before.length);

    await page.getByTestId('graph-collapse-all').click();
    await expect.poll(async () => (await graph.nodes()).filter((n) => n.kind === 'workload').length).toBe(0);
    await page.getByTestId('graph-expand-all').click();
    await expect.poll(async () => (await graph.nodes()).filter((n) => n.kind === 'workload').length).toBeGreaterThan(0);
  });

  test('app-platform: a path query lights its edge and brings it into view, without moving any node', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await graph.ready();
    await expect.poll(async () => (await graph.nodes()).some((n) => n.id === 'w:acme-jobs/Deployment/mailer')).toBe(true);
    expect(await graph.highlighted()).toEqual({ nodes: [], edges: [] });
    const positions = await page.evaluate(() => window.__graphTestApi?.renderedBox('w:acme-jobs/Deployment/mailer') ?? null);
    expect(positions).not.toBeNull();

    const mailer = 'w:acme-jobs/Deployment/mailer';
    await graph.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(page.getByTestId('verdict')).toHaveText(/^Denied/);
    // The internet is the destination; the lit edge ends on its 25/TCP carve-out stub.
    await expect
      .poll(() => graph.highlighted())
      .toEqual({ nodes: ['o:world', 'o:world~25/TCP', mailer], edges: [`e:${mailer}|o:world~25/TCP|explicit-deny`] });
    // Lit in place (the same elements) and brought into view.
    await expectInView(page, ['o:world~25/TCP', mailer, `e:${mailer}|o:world~25/TCP|explicit-deny`]);

    // Another query moves the light; an allowed path inside a tenant.
    const frontend = 'w:acme-web/Deployment/frontend';
    const api = 'w:acme-web/Deployment/api';
    await graph.ask('acme-web/frontend', 'acme-web/api', '9000/TCP');
    await expect(page.getByTestId('verdict')).toHaveText(/^Allowed/);
    await expect.poll(() => graph.highlighted()).toEqual({ nodes: [api, frontend], edges: [`e:${frontend}|${api}|allowed`] });

    // With the tenant collapsed, the tenant's node stands for both ends.
    await graph.groupToggle('g:t:acme').click();
    await expect.poll(async () => (await graph.highlighted()).nodes).toEqual(['g:t:acme']);

    await page.getByTestId('query-clear').click();
    await expect.poll(() => graph.highlighted()).toEqual({ nodes: [], edges: [] });
  });

  test('tapping a workload selects it and shows its details', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await graph.ready();
    const workload = (await graph.nodes()).find((n) => n.kind === 'workload');
    expect(workload).toBeDefined();
    await graph.tap(workload?.id ?? '');
    await expect.poll(() => graph.selection()).toEqual([workload?.id]);
    await expect(app.details).toContainText(workload?.label ?? '');
  });
});

// Writes docs/screenshot-overview.png and docs/screenshot-tenant.png:
// `UPDATE_SCREENSHOTS=1 npx playwright test e2e/graph`.
test.describe('graph screenshots', { tag: '@screenshots' }, () => {
  test('overview and one tenant', async ({ app, page }) => {
    const graph = new GraphPage(page);
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await graph.ready();
    await page.getByTestId('graph-fit').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('screenshot-overview.png') });

    for (const g of ['g:t:globex', 'g:t:initech', 'g:platform']) await graph.groupToggle(g).click();
    await page.getByTestId('graph-fit').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('screenshot-tenant.png') });
  });
});
