import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { appPlatform, fixture } from '../inputs.ts';
import type { AppPage } from './AppPage.ts';

/**
 * The walk the rule-text tests start from, at 1280x720: the app-platform files loaded, the drops
 * inbox opened (the top bar's "dropped") and the mailer's 25/TCP drop chosen; its answer's egress side.
 */
export async function openMailerSmtpDrop(app: AppPage, page: Page): Promise<Locator> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await page.getByTestId('inbox-open-drops').click();
  await page.getByTestId('drop-group').filter({ hasText: 'acme-jobs/mailer' }).filter({ hasText: '25/TCP' }).click();
  return page.getByTestId('query-result').getByTestId('side-egress');
}

/** The fixture's policies.yaml by line, and the 1-based first line of the document of CCNP tenant-egress-baseline (that drop's deciding policy). */
export function baselinePolicyLines(): { readonly lines: readonly string[]; readonly start: number } {
  const lines = readFileSync(fixture('policies.yaml'), 'utf8').split('\n');
  return { lines, start: lines.findIndex((l, i) => l.startsWith('apiVersion:') && lines[i + 3] === '  name: tenant-egress-baseline') + 1 };
}
