import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

export type ExportFormat = 'png' | 'svg' | 'json' | 'html';

/** Page object for the Export / share menu in the top bar. */
export class ExportMenu {
  readonly menu: Locator;

  constructor(readonly page: Page) {
    this.menu = page.getByTestId('export-menu');
  }

  async open(): Promise<void> {
    if ((await this.menu.getAttribute('open')) === null) await this.page.getByTestId('export-open').click();
    await expect(this.page.getByTestId('export-svg')).toBeVisible();
  }

  /** Clicks an export and returns the downloaded file's name and bytes. */
  async download(format: ExportFormat): Promise<{ name: string; bytes: Buffer }> {
    await this.open();
    const button = this.page.getByTestId(`export-${format}`);
    await expect(button).toBeEnabled({ timeout: 20_000 });
    const failed = this.page
      .getByTestId('export-status')
      .filter({ hasText: 'Export failed' })
      .waitFor({ timeout: 30_000 })
      .then(async () => {
        throw new Error(`${format}: ${await this.page.getByTestId('export-status').innerText()}`);
      }, () => new Promise<never>(() => {}));
    const [dl] = await Promise.all([Promise.race([this.page.waitForEvent('download', { timeout: 30_000 }), failed]), button.click()]);
    const path = await dl.path();
    return { name: dl.suggestedFilename(), bytes: await readFile(path) };
  }

  async copyLink(): Promise<string> {
    await this.open();
    await this.page.getByTestId('share-copy-link').click();
    const link = this.page.getByTestId('share-link');
    await expect(link).toBeVisible();
    return link.inputValue();
  }
}
