import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
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
    // Every release the engine tells apart can be chosen, 1.20 (tier policies) included.
    await expect(page.getByTestId('agent-cilium-version').locator('option')).toHaveText(['1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20']);
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

/** The zip unpacked into a temporary folder `<tmp>/<zip name without .zip>/`, as `unzip -d` would. */
function unpacked(zip: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'netpol-viz-sysdump-')), path.basename(zip, '.zip'));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith('/')) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

test.describe('an unpacked cilium sysdump opened as a folder', () => {
  let folder = '';
  test.beforeAll(() => {
    folder = unpacked(sysdumpZip);
  });
  test.afterAll(() => {
    if (folder) rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  test('"Open folder" reads the same cluster, settings, graph and verdicts as the zip', async ({ app, page }, testInfo) => {
    const q = new QueryPanel(page);
    const snapshot = async () => {
      await q.graphReady();
      await app.openPanel('sources');
      const counts = Object.fromEntries(await Promise.all((['workloads', 'namespaces', 'policies', 'flows'] as const).map(async (c) => [c, await app.count(c).textContent()])));
      const edges = (await q.edges()).map((e) => `${e.source} → ${e.target} ${e.verdict} ${e.ports} ${e.observed}`).sort();
      return { counts, settings: await page.getByTestId('agent-settings-line').textContent(), nodes: (await q.nodes()).map((n) => n.id).sort(), edges };
    };
    await app.goto();
    await app.openFiles([sysdumpZip]);
    await app.waitForLoaded();
    await expect(app.origin).toHaveText(path.basename(sysdumpZip));
    const fromZip = await snapshot();
    expect(fromZip.edges.length).toBeGreaterThan(10);

    await page.getByTestId('open-folder').setInputFiles(folder);
    await expect(app.origin).toHaveText(`${path.basename(folder)}/`, { timeout: 20_000 });
    await app.waitForLoaded();
    expect(await snapshot()).toEqual(fromZip);
    // The sysdump's files are listed by their path; its logs and metrics are counted as skipped.
    await expect(app.source('k8s-pods-')).toHaveCount(1);
    await app.openPanel('diagnostics');
    await expect(page.getByTestId('diagnostic').filter({ hasText: 'files of this cilium sysdump folder; skipped' })).toHaveCount(1);
    await q.ask('platform-ingress/envoy', 'acme-web/frontend', '8080/TCP');
    await expect(q.verdict).toHaveText(/^Allowed/);

    // Pictures of the sources panel to look at (not compared).
    await app.openPanel('sources');
    for (const [w, h] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      // The canvas redraws after the resize: wait for it to settle.
      await page.waitForFunction(() => window.__graphTestApi?.drawing() === false);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: testInfo.outputPath(`sources-folder-${w}x${h}.png`) });
    }
  });
});

test.describe('a sysdump with damaged documents', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('the errors are listed first with their file named whole; everything valid still loads', async ({ app, page }) => {
    // The fixture with one port out of range in a CiliumNetworkPolicy of the CNP list, and one
    // more file whose only document is a YAML syntax error.
    const members = unzipSync(readFileSync(sysdumpZip));
    const names = Object.keys(members);
    const cnpFile = names.find((n) => /\/ciliumnetworkpolicies-[^/]*\.yaml$/.test(n)) ?? '';
    const dir = cnpFile.slice(0, cnpFile.lastIndexOf('/'));
    const cnp = new TextDecoder().decode(members[cnpFile]);
    const port = /port: "(\d+)"/.exec(cnp);
    expect(port).not.toBeNull();
    const damaged = { ...members, [cnpFile]: new TextEncoder().encode(cnp.replace(port?.[0] ?? '', 'port: "99999"')), [`${dir}/extra-broken.yaml`]: new TextEncoder().encode('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: broken: yes\n  namespace: x\n') };
    await app.gotoDemo();
    await app.openFiles([sysdumpZip]);
    await app.waitForLoaded();
    const intact = { workloads: await app.countOf('workloads'), policies: await app.countOf('policies'), flows: await app.countOf('flows') };

    await app.openFiles([{ name: 'damaged-sysdump.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(damaged)) }]);
    await expect(app.origin).toHaveText('damaged-sysdump.zip');
    await app.waitForLoaded();
    // Everything valid still loads: one policy less (Cilium rejects the one with the bad port).
    expect({ workloads: await app.countOf('workloads'), policies: await app.countOf('policies'), flows: await app.countOf('flows') }).toEqual({ ...intact, policies: intact.policies - 1 });
    // A load of one's own files with errors opens the diagnostics.
    await expect(app.diagnosticsPanel).toBeVisible();
    const files = page.getByTestId('diagnostic-file');
    // Before: the sysdump's notes (skipped files, bugtool archives) came first and the errors were below the fold.
    await expect(files.nth(0)).toHaveAttribute('data-worst', 'error');
    await expect(files.nth(1)).toHaveAttribute('data-worst', 'error');
    const firstTwo = [await files.nth(0).locator('.diag-file-name').textContent(), await files.nth(1).locator('.diag-file-name').textContent()];
    expect(firstTwo.sort()).toEqual([`damaged-sysdump.zip/${cnpFile}`, `damaged-sysdump.zip/${dir}/extra-broken.yaml`].sort());
    await expect(files.nth(0).getByTestId('diagnostic').first()).toBeInViewport();
    const invalidPort = files.filter({ hasText: cnpFile }).getByTestId('diagnostic');
    await expect(invalidPort).toContainText('invalid-port');
    await expect(invalidPort).toContainText(/line \d+, column \d+/);
    await expect(invalidPort).toContainText(/items\[\d+\]\.spec\.egress\[0\]\.toPorts\[0\]\.ports\[0\]\.port/);
    // The lines around it, as for a plain file (archive members had none).
    await expect(invalidPort.getByTestId('excerpt-line')).toContainText('port: "99999"');
    // Whole names: nothing cut with an ellipsis.
    for (const name of await page.locator('.diag-file-name').all()) {
      expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && getComputedStyle(el).textOverflow !== 'ellipsis')).toBe(true);
    }
    await page.screenshot({ path: test.info().outputPath('damaged-sysdump-1280x720.png') });
  });
});
