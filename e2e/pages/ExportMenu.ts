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
    const [dl] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
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
