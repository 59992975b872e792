import { readFileSync } from 'node:fs';
import { findLeaks, otherTenantStrings } from '../src/core/graph/leaks.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { expect, test } from './fixtures.ts';
import { appPlatform, fixture } from './inputs.ts';

/** Issue #16: customers see why when the deciding rule is theirs or the platform's, never anything of another tenant. */
const cluster = loadInputs(['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(fixture(f), 'utf8') }))).cluster;
const FORBIDDEN = otherTenantStrings(cluster, 'tenant', 'acme');

test('customer view: every path of tenant acme says why, naming its own and the platform’s rules and nothing of globex or initech', async ({ page }) => {
  await page.goto('/?tenant=acme&view=customer');
  await expect(page.getByTestId('customer-view')).toBeVisible();
  await page.getByTestId('open-files').setInputFiles(appPlatform);
  await expect(page.getByTestId('paths-row').first()).toBeVisible({ timeout: 30_000 });
  const rows = page.getByTestId('paths-select');
  const n = await rows.count();
  expect(n).toBeGreaterThan(3);
  const owners = new Set<string>();
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    await rows.nth(i).click();
    const why = page.getByTestId('customer-why');
    await expect(why).toBeVisible();
    const text = await why.innerText();
    texts.push(text);
    expect(findLeaks(text, FORBIDDEN), text).toEqual([]);
    // No policy text from the files: a cluster-wide policy's YAML may name other tenants (its name is redacted here, its text would not be).
    await expect(page.getByTestId('rule-text-toggle')).toHaveCount(0);
    // Nor the policy text view (its "Open policy" is in the support view's panels only).
    await expect(page.getByTestId('policy-text-open')).toHaveCount(0);
    for (const o of await page.getByTestId('customer-why-rule').evaluateAll((els) => els.map((e) => e.getAttribute('data-owner') ?? ''))) owners.add(o);
    await rows.nth(i).click(); // unselect
  }
  // acme's own policies and the platform's cluster-wide baselines are named with their rule.
  expect(owners).toEqual(new Set(['own', 'platform', ...(owners.has('other') ? ['other'] : [])]));
  expect(texts.join('\n')).toContain('your CNP acme-web/same-tenant');
  expect(texts.join('\n')).toMatch(/the platform’s cluster-wide CCNP tenant-egress-baseline \(spec\.egressDeny\[0\]\)/);
  await expect(page.getByTestId('policy-text')).toHaveCount(0);
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(findLeaks(html, FORBIDDEN)).toEqual([]);
  // No line of the policies' YAML reached the page (the platform policy's text names other tenants).
  expect(html).not.toContain('egressDeny:');
});
