/**
 * The built app in a browser, for the bench groups that measure it (render, readability): a
 * `vite build --mode e2e` (test API compiled in), `vite preview` on a fixed port, headless
 * Chromium (Debian's where it exists).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Builds the app with the test API into `outDir`; false when the build failed. */
export function buildApp(root: string, outDir: string): boolean {
  return spawnSync('npx', ['vite', 'build', '--mode', 'e2e', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' }).status === 0;
}

/** `vite preview` of `outDir` on `port`, once it answers; null when it does not. */
export async function startPreview(root: string, outDir: string, port: number): Promise<ChildProcess | null> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stopPreview(child);
  return null;
}

export function stopPreview(child: ChildProcess): void {
  // npx starts vite as a child: end the whole process group we started.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export function launchChromium(): Promise<Browser> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  return chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
}
