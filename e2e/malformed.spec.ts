import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { malformedDir } from '../test/paths.ts';

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
