import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import type { AppPage } from './pages/AppPage.ts';
import type { Page } from '@playwright/test';
import { sysdumpAlwaysZip, sysdumpZip } from '../test/paths.ts';

/** Drops a file from disk on the page, as a user dragging it from a file manager. */
async function dropFromDisk(app: AppPage, page: Page, file: string): Promise<void> {
  const bytes = [...readFileSync(file)];
  const dataTransfer = await page.evaluateHandle(
    ([name, data]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/zip' }));
      return dt;
    },
    [path.basename(file), bytes] as const,
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(app.dropOverlay).toBeVisible();
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(app.dropOverlay).toHaveCount(0);
}

test.describe('a cilium sysdump dropped on the page', () => {
  test('reads the zip, says which agent settings it found, and answers with them; the settings can be changed', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await dropFromDisk(app, page, sysdumpZip);
    await app.waitForLoaded();
    await expect(app.origin).toHaveText(path.basename(sysdumpZip));
    // The agent settings head the Sources panel beside the graph.
    await app.openPanel('sources');
    const line = page.getByTestId('agent-settings-line');
    await expect(line).toContainText('from cilium-config: cluster-name=doks-ams3-prod-7, enable-policy=default');
    await expect(line).toContainText('Cilium 1.19 from the cilium DaemonSet');
    // Workloads come from the pods (the sysdump has no Deployments): envoy has no policy of its own.
    await q.ask('platform-ingress/envoy', 'acme-web/frontend', '8080/TCP');
    await expect(q.verdict).toHaveText(/^Allowed/);

    // Changed here: the input is read again with enable-policy=always, and the same path is denied.
    await app.openPanel('sources');
    await page.getByTestId('agent-enable-policy').selectOption('always');
    await app.waitForLoaded();
    await app.openPanel('sources');
    await expect(line).toContainText('set here: enable-policy=always');
    await q.ask('platform-ingress/envoy', 'acme-web/frontend', '8080/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
    await app.openPanel('sources');
    await page.getByTestId('agent-settings-reset').click();
    await app.waitForLoaded();
    await app.openPanel('sources');
    await expect(line).not.toContainText('set here');
  });

  test('the copy whose cilium-config says enable-policy: always denies without any setting changed', async ({ app, page }) => {
    const q = new QueryPanel(page);
    await app.gotoDemo();
    await app.openFiles([sysdumpAlwaysZip]);
    await app.waitForLoaded();
    await app.openPanel('sources');
    await expect(page.getByTestId('agent-settings-line')).toContainText('enable-policy=always');
    await expect(page.getByTestId('agent-enable-policy')).toHaveValue('always');
    await q.ask('platform-ingress/envoy', 'acme-web/frontend', '8080/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
    await expect(q.verdict).toContainText('enable-policy=always');
  });
});
