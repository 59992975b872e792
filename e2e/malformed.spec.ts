import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { appPlatformDir, malformedDir } from '../test/paths.ts';

const appPlatformInputs = ['policies.yaml', 'inventory.yaml'].map((n) => join(appPlatformDir, n));

/**
 * The malformed corpus (test/fixtures/malformed, also run through `loadInputs` and
 * `netpol-viz inspect` by src/core/load/malformedFixtures.test.ts and the CLI tests) through the
 * app: opened with the file chooser in batches, each expected diagnostic (code and line) must be
 * in the diagnostics panel under its file, and the app must neither crash nor fail the load.
 */
interface Expected {
  readonly code: string;
  readonly line: number;
}

const fixtures = readdirSync(malformedDir)
  .filter((n) => !n.endsWith('.expected.json'))
  .sort()
  .map((name) => ({ name, path: join(malformedDir, name), expected: JSON.parse(readFileSync(join(malformedDir, `${name}.expected.json`), 'utf8')) as Expected[] }));

const BATCH = 13;
const batches: (typeof fixtures)[] = [];
for (let i = 0; i < fixtures.length; i += BATCH) batches.push(fixtures.slice(i, i + BATCH));

test.describe('malformed corpus in the app', () => {
  test('the corpus has at least 40 inputs, each with expectations', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) expect(f.expected.length, f.name).toBeGreaterThan(0);
  });

  for (const [i, batch] of batches.entries()) {
    test(`batch ${i + 1}/${batches.length}: ${batch[0]?.name} … ${batch.at(-1)?.name}`, async ({ app, page }) => {
      await page.goto('/?demo=0');
      await app.openFiles(batch.map((f) => f.path));
      await expect(app.loadStatus).toHaveCount(0, { timeout: 30_000 });
      await expect(app.loadError).toHaveCount(0);
      await expect(app.summary.getByTestId('summary-diagnostics')).toBeVisible();
      // The count opens the diagnostics beside the graph.
      await app.summary.getByTestId('summary-diagnostics').click();
      await expect(app.diagnosticsPanel).toBeVisible();
      // What the panel shows, per file: [code, line] of every diagnostic.
      const shown = await page.getByTestId('diagnostic-file').evaluateAll((groups) =>
        groups.map((g) => ({
          file: g.querySelector('.diag-file-name')?.textContent ?? '',
          items: Array.from(g.querySelectorAll('[data-testid="diagnostic"]')).map((d) => [d.querySelector('.diag-code')?.textContent ?? '', Number(d.getAttribute('data-line'))] as const),
        })),
      );
      const missing: string[] = [];
      for (const f of batch) {
        const items = shown.find((g) => g.file === f.name)?.items ?? [];
        for (const e of f.expected) if (!items.some(([code, line]) => code === e.code && line === e.line)) missing.push(`${f.name}: ${e.code}@${e.line} (shown: ${items.map(([c, l]) => `${c}@${l}`).join(', ') || 'none'})`);
      }
      expect(missing).toEqual([]);
      // A diagnostic's line is shown with its excerpt; nothing fell over while rendering them.
      await expect(page.getByTestId('render-error')).toHaveCount(0);
      await app.openPanel('sources');
      await expect(app.sourceItems).toHaveCount(batch.length);
    });
  }
});

test.describe('a broken file among good ones', () => {
  test('the diagnostic names file, document, line and field path, and the valid rest loads', async ({ app, page }) => {
    // Walk: a policy rejected in the second document of three said "line 27, column 9" and nothing of
    // which document; the rest of the file and the good files around it must load.
    const broken = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: ok-one, namespace: acme-web}',
      'spec:',
      '  endpointSelector: {matchLabels: {app: api}}',
      '  ingress:',
      '  - fromEndpoints: [{matchLabels: {app: frontend}}]',
      '---',
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: bad-port, namespace: acme-web}',
      'spec:',
      '  endpointSelector: {matchLabels: {app: api}}',
      '  egress:',
      '  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]',
      '    toPorts:',
      '    - ports:',
      '      - port: "70000"',
      '        protocol: TCP',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: extra}',
      '',
    ].join('\n');
    await page.goto('/?demo=0');
    await app.openFiles([...appPlatformInputs.map((p) => ({ name: basename(p), mimeType: 'application/yaml', buffer: readFileSync(p) })), { name: 'extra-policies.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) }]);
    await app.waitForLoaded();
    await app.openPanel('diagnostics');
    const d = app.diagnosticsOfFile('extra-policies.yaml').filter({ hasText: 'invalid-port' });
    await expect(d).toHaveCount(1);
    await expect(d.locator('.diag-loc')).toHaveText('document 2, line 18, column 9');
    await expect(d.locator('.diag-path')).toContainText('spec.egress[0].toPorts[0].ports[0].port');
    await expect(d).toContainText('Cilium rejects the whole policy');
    // app-platform's 12 policies and ok-one load; bad-port does not.
    await expect(app.count('policies')).toHaveText('13');
    await expect(app.count('namespaces')).toHaveText('9');
  });
});
