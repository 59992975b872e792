/**
 * A small, typed hook for browser tests, compiled only into e2e builds (`vite build --mode e2e`):
 * it lets a test make the next load crash the worker or stall, or make the workspace throw while
 * rendering, to exercise failure paths.
 */
import { useSyncExternalStore } from 'react';

export type LoadTestHook = 'crash' | 'slow';

export interface NetpolTestApi {
  setNextLoadHook(hook: LoadTestHook | null): void;
  /** While set, the workspace (inside the error boundary) throws this message when it renders. */
  setRenderCrash(message: string | null): void;
}

declare global {
  interface Window {
    __netpolTestApi?: NetpolTestApi;
  }
}

let nextHook: LoadTestHook | null = null;

export function takeLoadTestHook(): LoadTestHook | null {
  const hook = nextHook;
  nextHook = null;
  return hook;
}

let renderCrash: string | null = null;
const crashListeners = new Set<() => void>();
const subscribeCrash = (l: () => void): (() => void) => {
  crashListeners.add(l);
  return () => crashListeners.delete(l);
};
const currentCrash = (): string | null => renderCrash;

/**
 * Rendered inside the error boundary in e2e builds only (App checks the mode, so production
 * bundles drop it): throws while a render crash is set, as a panel with a bug would.
 */
export function TestRenderCrash(): null {
  const message = useSyncExternalStore(subscribeCrash, currentCrash);
  if (message !== null) throw new Error(message);
  return null;
}

export function installTestApi(): void {
  if (import.meta.env.MODE !== 'e2e') return;
  window.__netpolTestApi = {
    setNextLoadHook(hook) {
      nextHook = hook;
    },
    setRenderCrash(message) {
      renderCrash = message;
      for (const l of crashListeners) l();
    },
  };
}
