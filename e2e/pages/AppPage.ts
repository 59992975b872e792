import { expect, type Locator, type Page } from '@playwright/test';

export type SummaryCount = 'workloads' | 'namespaces' | 'tenants' | 'policies' | 'flows' | 'diagnostics';

/** Panels that open in the dock beside the canvas. */
export type PanelName = 'sources' | 'diagnostics' | 'findings' | 'workloads' | 'paths' | 'details';

/** Page object for the app shell: top bar, loading, sources and diagnostics panels. */
export class AppPage {
  readonly summary: Locator;
  readonly openFilesInput: Locator;
  readonly loadStatus: Locator;
  readonly loadError: Locator;
  readonly sources: Locator;
  readonly sourceItems: Locator;
  readonly diagnosticsPanel: Locator;
  readonly diagnostics: Locator;
  readonly graphArea: Locator;
  readonly details: Locator;
  readonly dropOverlay: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByTestId('summary');
    this.openFilesInput = page.getByTestId('open-files');
    this.loadStatus = page.getByTestId('load-status');
    this.loadError = page.getByTestId('load-error');
    this.sources = page.getByTestId('sources-panel');
    this.sourceItems = page.getByTestId('source-item');
    this.diagnosticsPanel = page.getByTestId('diagnostics-panel');
    this.diagnostics = page.getByTestId('diagnostic');
    this.graphArea = page.getByTestId('graph-area');
    this.details = page.getByTestId('details-panel');
    this.dropOverlay = page.getByTestId('drop-overlay');
  }

  /** The toggle that opens (and closes) a panel in the dock. */
  panelToggle(name: PanelName): Locator {
    const testId = name === 'workloads' ? 'workload-list-toggle' : name === 'paths' ? 'paths-table-toggle' : `panel-${name}`;
    return this.page.getByTestId(testId);
  }

  /** Opens a panel in the dock beside the canvas (no-op when it is the one shown). */
  async openPanel(name: PanelName): Promise<void> {
    const toggle = this.panelToggle(name);
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  }

  /** A workload's button in the workload list (the list is opened first). */
  async workloadInList(name: string | RegExp): Promise<Locator> {
    await this.openPanel('workloads');
    return this.graphArea.getByTestId('workload').filter({ hasText: typeof name === 'string' ? new RegExp(`^${name}$`) : name });
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
  }

  /** Waits until no load is running and the summary shows loaded data. */
  async waitForLoaded(): Promise<void> {
    await expect(this.loadStatus).toHaveCount(0, { timeout: 20_000 });
    await expect(this.summary.getByTestId('summary-workloads')).toBeVisible();
  }

  async gotoDemo(): Promise<void> {
    await this.goto();
    await this.waitForLoaded();
    await expect(this.origin).toHaveText('Demo');
  }

  get origin(): Locator {
    return this.summary.getByTestId('summary-origin');
  }

  count(what: SummaryCount): Locator {
    return this.summary.getByTestId(`summary-${what}`).locator(':scope > b');
  }

  async countOf(what: SummaryCount): Promise<number> {
    return Number((await this.count(what).innerText()).replace(/,/g, ''));
  }

  async openFiles(files: string[] | { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.openFilesInput.setInputFiles(files);
  }

  /** Synthesised drag and drop of one file onto the page, as a user dropping it from a file manager. */
  async dropFile(name: string, content: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ([n, c]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([c], n, { type: 'application/yaml' }));
        return dt;
      },
      [name, content] as const,
    );
    await this.page.dispatchEvent('main', 'dragenter', { dataTransfer });
    await expect(this.dropOverlay).toBeVisible();
    await this.page.dispatchEvent('main', 'dragover', { dataTransfer });
    await this.page.dispatchEvent('main', 'drop', { dataTransfer });
    await expect(this.dropOverlay).toHaveCount(0);
  }

  async paste(name: string, text: string): Promise<void> {
    await this.page.getByTestId('paste-open').click();
    const dialog = this.page.getByTestId('paste-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('paste-name').fill(name);
    await dialog.getByTestId('paste-text').fill(text);
    await dialog.getByTestId('paste-load').click();
    await expect(dialog).toBeHidden();
  }

  /** The diagnostics of one file (open the diagnostics panel first: `openPanel('diagnostics')`). */
  diagnosticsOfFile(file: string): Locator {
    return this.page.getByTestId('diagnostic-file').filter({ has: this.page.locator('h3', { hasText: file }) }).getByTestId('diagnostic');
  }

  source(name: string): Locator {
    return this.sourceItems.filter({ has: this.page.locator('.source-name', { hasText: name }) });
  }

  /** Starts collecting main-thread long tasks (PerformanceObserver `longtask`). */
  async startLongTaskObserver(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
  }

  async longTasks(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  }

  /** Every load since the page opened, as the page's main thread recorded it (e2e builds' test API). */
  async loads(): Promise<{ route: 'worker' | 'main-thread' | null; progress: number; outcome: 'data' | 'failed' | null }[]> {
    return this.page.evaluate(() => {
      const api = window.__netpolTestApi;
      if (!api) throw new Error('test API missing: build with --mode e2e');
      return api.loads();
    });
  }

  async setNextLoadHook(hook: 'crash' | 'slow'): Promise<void> {
    await this.page.evaluate((h) => {
      const api = (window as unknown as { __netpolTestApi?: { setNextLoadHook(h: string): void } }).__netpolTestApi;
      if (!api) throw new Error('test API missing: build with --mode e2e');
      api.setNextLoadHook(h);
    }, hook);
  }
}
