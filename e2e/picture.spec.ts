/**
 * The picture as a user under time pressure reads it, at a laptop's and a desktop's window: the
 * top bar's words whole, names readable with the drops inbox open, edge labels clear of each
 * other. Measured from boxes (DOM rectangles and the renderer's label boxes), never from pixels.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';

test.use({ openAsLoaded: false });

/** Summary items drawn partly: cut by the top bar's edge (a name showing half its letters). */
async function cutSummaryItems(page: Page): Promise<string[]> {
  return page.getByTestId('summary').evaluate((summary) => {
    const s = summary.getBoundingClientRect();
    return [...summary.children].flatMap((c) => {
      const r = c.getBoundingClientRect();
      if (r.width === 0 || r.bottom <= s.top || r.top >= s.bottom || r.left >= s.right) return []; // not shown
      const whole = r.left >= s.left - 0.5 && r.right <= s.right + 0.5 && r.top >= s.top - 0.5 && r.bottom <= s.bottom + 0.5;
      return whole ? [] : [`${c.textContent} (${Math.round(r.left)}-${Math.round(r.right)} of ${Math.round(s.left)}-${Math.round(s.right)})`];
    });
  });
}

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the top bar shows each summary item whole or not at all; the origin chip says its full text on hover', async ({ app, page }) => {
      await app.gotoDemo();
      expect(await cutSummaryItems(page)).toEqual([]);
      await expect(app.origin).toBeVisible();
      await app.openFiles(appPlatform);
      await app.waitForLoaded();
      await expect(app.origin).toHaveText('3 files');
      expect(await cutSummaryItems(page)).toEqual([]);
      // A long origin (one file with a long name) shrinks with an ellipsis: its title has it all.
      const long = 'cilium-sysdump-20261206-201530-lab-ams-1-with-a-long-suffix.yaml';
      await app.openFiles([{ name: long, mimeType: 'application/yaml', buffer: Buffer.from('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n') }]);
      await app.waitForLoaded();
      await expect(app.origin).toHaveAttribute('title', long);
      await expect(app.origin).toBeVisible();
      expect(await cutSummaryItems(page)).toEqual([]);
      const chip = await app.origin.evaluate((e) => ({ cut: e.scrollWidth > e.clientWidth, text: e.textContent }));
      if (!chip.cut) expect(chip.text).toBe(long);
    });
  });
}
