import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { AppPage } from './pages/AppPage.ts';

/** Hosts the app may talk to: itself. Anything else is data leaving the machine. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLocalRequest(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(u.hostname);
}

/** Waits until the graph is drawn and the view stops moving (a fit may follow the first frame). */
export async function viewSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const a = window.__graphTestApi;
    return !!a && a.nodes().length > 0 && !a.drawing();
  });
  let last = '';
  for (;;) {
    await page.waitForTimeout(250);
    const now = await page.evaluate(() => JSON.stringify([window.__graphTestApi?.zoom(), window.__graphTestApi?.nodes().length]));
    if (now === last) break;
    last = now;
  }
}

/** A lazy chunk's requests held back: `requests()` counts them, `release()` lets every one through. */
export interface HeldChunk {
  readonly requests: () => number;
  readonly release: () => void;
}

/**
 * Holds the requests for the app's assets matching `pattern` (a lazy chunk, by its file name) until
 * `release()`, or for `delayMs` each when given (a slow network), so a test can ask for what
 * depends on the chunk before it has come. A context's route also catches the workers' requests.
 */
export async function holdChunk(target: Page | BrowserContext, pattern: RegExp, delayMs?: number): Promise<HeldChunk> {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let requests = 0;
  await target.route(pattern, async (route) => {
    requests++;
    await (delayMs === undefined ? held : new Promise((resolve) => setTimeout(resolve, delayMs)));
    await route.continue();
  });
  return { requests: () => requests, release };
}

/**
 * Every test runs with guards: it fails on any request to a non-local address, on any
 * `alert`/`confirm` dialog (markup in data must never execute), on uncaught page errors and on
 * Content-Security-Policy violations.
 */
export const test = base.extend<{ app: AppPage; openAsLoaded: boolean }>({
  /**
   * Graphs open as loaded, not at the coarser level the app picks when names would be small in
   * the canvas (`src/core/graph/opening.ts`): most specs are about other things and expect
   * workloads on the graph whatever the window. Specs about the opening level set it to false.
   */
  openAsLoaded: [true, { option: true }],
  page: async ({ page, openAsLoaded }, use) => {
    if (openAsLoaded) await page.addInitScript(() => Object.assign(window, { __netpolOpenAsLoaded: true }));
    const problems: string[] = [];
    page.on('request', (req) => {
      if (!isLocalRequest(req.url())) problems.push(`non-local request: ${req.url()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog opened: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
    });
    await use(page);
    expect(problems, 'guards: requests, dialogs, page errors, CSP').toEqual([]);
  },
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
