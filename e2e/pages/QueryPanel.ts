import { expect, type Locator, type Page } from '@playwright/test';
import type { TestEdge, TestNode } from '../../src/ui/graph/testApi.ts';

/**
 * Page object for the path query, the filter bar, the details column (workload and edge
 * details) and, through `window.__graphTestApi`, what the canvas draws.
 */
export class QueryPanel {
  readonly from: Locator;
  readonly to: Locator;
  readonly port: Locator;
  readonly runButton: Locator;
  readonly verdict: Locator;
  readonly result: Locator;
  readonly queryError: Locator;
  readonly details: Locator;
  readonly workloadDetails: Locator;
  readonly edgeDetails: Locator;
  readonly edgeExplanation: Locator;
  readonly filterBar: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.from = page.getByTestId('query-from');
    this.to = page.getByTestId('query-to');
    this.port = page.getByTestId('query-port');
    this.runButton = page.getByTestId('query-run');
    this.verdict = page.getByTestId('verdict');
    this.result = page.getByTestId('query-result');
    this.queryError = page.getByTestId('query-error');
    this.details = page.getByTestId('details-panel');
    this.workloadDetails = page.getByTestId('workload-details');
    this.edgeDetails = page.getByTestId('edge-details');
    this.edgeExplanation = page.getByTestId('edge-explanation');
    this.filterBar = page.getByTestId('filter-bar');
    this.search = page.getByTestId('filter-search');
  }

  /** Types a path query and runs it (Run button). */
  async ask(from: string, to: string, port: string): Promise<void> {
    await this.from.fill(from);
    await this.to.fill(to);
    await this.port.fill(port);
    await this.runButton.click();
  }

  /** The suggestions listed under a box. */
  options(box: 'query-from' | 'query-to' | 'query-port'): Locator {
    return this.page.getByTestId(`${box}-options`).getByRole('option');
  }

  // ---- filters ----

  /** Opens a multi-value filter (tenant, namespace, verdict, protocol) and ticks or unticks values. */
  /** Opens "Filters ▾" (tenant, namespace, verdict, protocol, port) unless it is open. */
  async openFilters(): Promise<void> {
    const more = this.page.getByTestId('filter-more');
    if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
    await expect(this.page.getByTestId('filter-more-panel')).toBeVisible();
  }

  /** Closes "Filters ▾" (Escape inside it), so that it covers nothing. */
  async closeFilters(): Promise<void> {
    const more = this.page.getByTestId('filter-more');
    if ((await more.getAttribute('aria-expanded')) !== 'true') return;
    await more.press('Escape');
    await expect(this.page.getByTestId('filter-more-panel')).toBeHidden();
  }

  async setFilter(name: 'tenant' | 'namespace' | 'verdict' | 'protocol', values: readonly string[]): Promise<void> {
    await this.openFilters();
    const button = this.page.getByTestId(`filter-${name}`);
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    const panel = this.page.getByTestId(`filter-${name}-panel`);
    for (const v of values) await panel.locator(`[data-testid="filter-option"][data-value="${v}"]`).click();
    await this.page.keyboard.press('Escape');
  }

  async show(what: 'all' | 'observed' | 'policy' | 'mismatches'): Promise<void> {
    await this.page.getByTestId(`filter-show-${what}`).check({ force: true });
  }

  // ---- canvas (test API) ----

  async graphReady(): Promise<void> {
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
  /** What the path query (or a finding) lit up. */
  highlighted(): Promise<{ nodes: string[]; edges: string[] }> {
    return this.page.evaluate(() => window.__graphTestApi?.highlighted() ?? { nodes: [], edges: [] });
  }
  zoom(): Promise<number> {
    return this.page.evaluate(() => window.__graphTestApi?.zoom() ?? 0);
  }
  /** A tap on the canvas element, exactly as a click. */
  async tap(id: string): Promise<void> {
    await this.page.evaluate((i) => window.__graphTestApi?.tap(i), id);
  }
  async nodeIds(): Promise<string[]> {
    return (await this.nodes()).map((n) => n.id).sort();
  }
  async edgeIds(): Promise<string[]> {
    return (await this.edges()).map((e) => e.id).sort();
  }
}

export { expect };
