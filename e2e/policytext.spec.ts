import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { appPlatform, fixture } from './inputs.ts';
import { baselinePolicyLines, openMailerSmtpDrop } from './pages/mailerDrop.ts';

const cluster = loadInputs(['policies.yaml'].map((f) => ({ name: f, data: readFileSync(fixture(f), 'utf8') }))).cluster;

/** A policy the loader keeps with a warning (an unknown field): its diagnostic can open it. */
const EXTRA = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: web-egress
  namespace: acme-web
spec:
  endpointSelector:
    matchLabels:
      app: web
  egress:
    - toEndpoints:
        - matchLabels:
            app: api
      toPortz:
        - ports:
            - port: "80"
`;

/** A policy on one line of JSON (kubectl -o json through tooling), far longer than an excerpt's 240 characters. */
const ONE_LINE = JSON.stringify({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'web-egress-json', namespace: 'acme-web' },
  spec: { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toCIDR: Array.from({ length: 60 }, (_, i) => `10.20.${i}.0/24`) }] },
});

/** The 1-based lines of the YAML document starting at `start` (to the next `---` or the end, trailing blank lines left out). */
function documentLines(lines: readonly string[], start: number): [number, number] {
  let end = start;
  for (let i = start; i < lines.length && lines[i] !== '---'; i++) if ((lines[i] ?? '').trim() !== '') end = i + 1;
  return [start, end];
}

test('a drop’s deciding rule opens its policy’s whole text, the rule marked and in view; Escape closes it and the focus comes back', async ({ app, page }) => {
  const decided = (await openMailerSmtpDrop(app, page)).getByTestId('deciding-rule');
  await expect(decided.getByTestId('rule')).toHaveText('CCNP tenant-egress-baseline spec.egressDeny[0]');
  // Where the policy and its rule are in the file, read from the fixture itself.
  const { lines, start } = baselinePolicyLines();
  const [, end] = documentLines(lines, start);
  // The document as the loader counts them (a leading `---` after the file's comments opens the first).
  const document = (cluster.policies.find((p) => p.ref.name === 'tenant-egress-baseline')?.source.document ?? -2) + 1;
  const denyItem = lines.findIndex((l, i) => i >= start && l === '  egressDeny:') + 2;
  const nextKey = lines.findIndex((l, i) => i >= denyItem && /^  [a-zA-Z]|^  - /.test(l)) + 1;
  expect(end - start).toBeGreaterThan(10);

  // Reached with the keyboard, opened with Enter.
  const open = decided.getByTestId('policy-text-open');
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'CCNP tenant-egress-baseline' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('policy-text-where')).toHaveText(`policies.yaml · document ${document} · lines ${start}–${end}`);
  await expect(dialog.getByTestId('policy-text-rule')).toContainText(`Marked: spec.egressDeny[0], lines ${denyItem}–`);
  // The whole document, line by line as in the file, and nothing of the next one.
  const shown = dialog.locator('[data-line]');
  await expect(shown).toHaveCount(end - start + 1);
  expect(await shown.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))))).toEqual(Array.from({ length: end - start + 1 }, (_, i) => start + i));
  await expect(dialog.locator(`[data-line="${start + 3}"]`)).toContainText('name: tenant-egress-baseline');
  // The deciding rule's item marked, and in view.
  const marked = dialog.getByTestId('rule-text-line');
  const markedLines = await marked.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
  expect(markedLines[0]).toBe(denyItem);
  expect(markedLines.at(-1)).toBeLessThan(nextKey > 0 ? nextKey : end + 1);
  await expect(marked.first()).toContainText(lines[denyItem - 1] ?? '?');
  await expect(marked.first()).toBeInViewport();
  // Focus in the text (arrows scroll it); a modal: the page behind is inert.
  await expect(dialog.locator('pre')).toBeFocused();
  const axe = await new AxeBuilder({ page }).include('[data-testid="policy-text"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: 'test-results/policytext-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(marked.first()).toBeInViewport();
  await page.screenshot({ path: 'test-results/policytext-1920.png' });

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(open).toBeFocused();
  // The answer is still there (Escape closed the view only).
  await expect(page.getByTestId('query-result')).toBeVisible();
});

test('a diagnostic and the policy list open a policy as loaded, nothing marked', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.gotoDemo();
  await app.openFiles([...appPlatform.map((f) => ({ name: f.split('/').pop() ?? f, mimeType: 'application/yaml', buffer: readFileSync(f) })), { name: 'extra.yaml', mimeType: 'application/yaml', buffer: Buffer.from(EXTRA) }]);
  await app.waitForLoaded();
  await app.openPanel('diagnostics');
  const warning = app.diagnosticsOfFile('extra.yaml').filter({ hasText: 'toPortz' });
  const fromDiagnostic = warning.getByTestId('policy-text-open');
  await expect(fromDiagnostic).toHaveText('Open policy CNP acme-web/web-egress');
  await fromDiagnostic.click();
  const dialog = page.getByRole('dialog', { name: 'CNP acme-web/web-egress' });
  await expect(dialog.getByTestId('policy-text-where')).toHaveText('extra.yaml · document 1 · lines 1–16');
  // The diagnostic's line (14: toPortz) is among the policy's lines; no rule is marked.
  await expect(dialog.locator('[data-line="14"] .xl-text')).toHaveText('      toPortz:', { useInnerText: true });
  await expect(dialog.getByTestId('rule-text-line')).toHaveCount(0);
  await expect(dialog.getByTestId('policy-text-rule')).toHaveCount(0);
  await dialog.getByTestId('policy-text-close').click();
  await expect(dialog).toHaveCount(0);
  await expect(fromDiagnostic).toBeFocused();

  await app.openPanel('workloads');
  const name = page.getByTestId('workloads-panel').getByTestId('policy-text-open').filter({ hasText: /^web-egress$/ });
  await name.click();
  await expect(dialog.locator('[data-line]').first()).toHaveAttribute('data-line', '1');
  await expect(dialog.locator('[data-line]').first().locator('.xl-text')).toHaveText('apiVersion: cilium.io/v2');
  await expect(dialog.locator('[data-line]').last()).toHaveAttribute('data-line', '16');
  await expect(dialog.locator('[data-line]').last().locator('.xl-text')).toHaveText('- port: "80"');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(name).toBeFocused();

  // A workload's details: the rules of the policies that select it, each opening its policy with the rule marked.
  await page.getByTestId('workloads-panel').getByTestId('workload').filter({ hasText: /^mailer$/ }).click();
  const item = page.getByTestId('workload-details').getByTestId('policies-egress').locator('li.rule-item').first();
  const chip = (await item.getByTestId('rule').innerText()).split(/\s+/);
  await item.getByTestId('policy-text-open').click();
  const opened = page.getByRole('dialog', { name: `${chip[0]} ${chip[1]}` });
  await expect(opened.getByTestId('policy-text-rule')).toContainText(`Marked: ${chip[2]}, line`);
  expect(await opened.getByTestId('rule-text-line').count()).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(opened).toHaveCount(0);
  await expect(item.getByTestId('policy-text-open')).toBeFocused();
});

test('a policy written on one line of JSON is shown whole, wrapped in the view, and Copy gives its document as loaded', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.gotoDemo();
  await app.openFiles([...appPlatform.map((f) => ({ name: f.split('/').pop() ?? f, mimeType: 'application/yaml', buffer: readFileSync(f) })), { name: 'one-line.json', mimeType: 'application/json', buffer: Buffer.from(`${ONE_LINE}\n`) }]);
  await app.waitForLoaded();
  expect(ONE_LINE.length).toBeGreaterThan(1000);
  await app.openPanel('workloads');
  await page.getByTestId('workloads-panel').getByTestId('policy-text-open').filter({ hasText: /^web-egress-json$/ }).click();
  const dialog = page.getByRole('dialog', { name: 'CNP acme-web/web-egress-json' });
  await expect(dialog.getByTestId('policy-text-where')).toHaveText('one-line.json · document 1 · line 1');
  await expect(dialog.locator('[data-line]')).toHaveCount(1);
  await expect(dialog.locator('[data-line="1"] .xl-text')).toHaveText(ONE_LINE);
  // Wrapped in the view (no sideways scrolling), the line number kept beside its first row.
  const pre = dialog.locator('pre');
  expect(await pre.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(dialog.locator('[data-line="1"] .xl-n')).toHaveText('1');
  await page.screenshot({ path: 'test-results/policytext-oneline-1280.png' });
  await dialog.getByTestId('policy-text-copy').click();
  await expect(dialog.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ONE_LINE);
});
