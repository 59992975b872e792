import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Use Debian's Chromium where it exists (machines without internet access cannot download
// Playwright's own build); elsewhere Playwright's bundled Chromium is used.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// PW_PORT lets several checkouts run their browser tests side by side.
const port = Number(process.env.PW_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  // The README screenshots are written by tests tagged @screenshots: they run only when asked to
  // (`npm run screenshots`), never as part of `npm test`.
  grepInvert: process.env.UPDATE_SCREENSHOTS ? undefined : /@screenshots/,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'on-first-retry',
    viewport: { width: 1400, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: chromiumArgs,
        },
      },
    },
  ],
  webServer: {
    // The production build with the test API compiled in (VITE_TEST_API=1).
    command: `npx vite build --mode e2e && npx vite preview --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
