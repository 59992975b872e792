/**
 * A small, typed hook for browser tests, compiled only into e2e builds (`vite build --mode e2e`):
 * it lets a test make the next load crash the worker or stall, to exercise failure paths.
 */
export type LoadTestHook = 'crash' | 'slow';

export interface NetpolTestApi {
  setNextLoadHook(hook: LoadTestHook | null): void;
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

export function installTestApi(): void {
  if (import.meta.env.MODE !== 'e2e') return;
  window.__netpolTestApi = {
    setNextLoadHook(hook) {
      nextHook = hook;
    },
  };
}
