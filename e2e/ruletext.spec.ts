import { expect, test } from './fixtures.ts';
import { baselinePolicyLines, openMailerSmtpDrop } from './pages/mailerDrop.ts';

/** The lines of the sequence item starting at 1-based `line`: it and the deeper lines after it. */
function itemLines(lines: readonly string[], line: number): number[] {
  const dash = (lines[line - 1] ?? '').indexOf('-');
  const out = [line];
  for (let i = line; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '') continue;
    if (text.length - text.trimStart().length <= dash) break;
    out.push(i + 1);
  }
  return out;
}

test('a drop’s explanation shows the deciding rule’s own text on demand, its lines numbered and marked', async ({ app, page }) => {
  const decided = (await openMailerSmtpDrop(app, page)).getByTestId('deciding-rule');
  await expect(decided.getByTestId('rule')).toHaveText('CCNP tenant-egress-baseline spec.egressDeny[0]');
  // Where the rule is in the file, read from the fixture itself.
  const { lines, start } = baselinePolicyLines();
  const denyKey = lines.findIndex((l, i) => i >= start && l === '  egressDeny:') + 1;
  const item = itemLines(lines, denyKey + 1);
  expect(item.length).toBeGreaterThan(3);

  // Off by default; reached and opened with the keyboard.
  const toggle = decided.getByTestId('rule-text-toggle');
  await expect(toggle).toHaveText('Show rule text');
  await expect(decided.getByTestId('rule-text')).toHaveCount(0);
  await toggle.focus();
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  const text = decided.getByTestId('rule-text');
  await expect(text).toContainText(`policies.yaml lines ${item[0]}–${item[item.length - 1]}: spec.egressDeny[0]`);
  const marked = text.getByTestId('rule-text-line');
  await expect(marked).toHaveCount(item.length);
  expect(await marked.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))))).toEqual(item);
  await expect(marked.first()).toContainText(`${item[0]}${lines[(item[0] ?? 0) - 1]}`);
  await expect(marked.nth(3)).toContainText('- ports:');
  // Two lines before the item (its `egressDeny:` key) and the file's text as text.
  await expect(text.locator(`[data-line="${denyKey}"]`)).toContainText('egressDeny:');
  await expect(text.locator('pre')).toHaveAttribute('data-file', 'policies.yaml');
  await decided.getByTestId('rule-text-toggle').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/ruletext-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: 'test-results/ruletext-1920.png' });
  // Closed again with the keyboard.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(decided.getByTestId('rule-text')).toHaveCount(0);
});
