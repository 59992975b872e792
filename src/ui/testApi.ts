/**
 * A small, typed hook for browser tests, compiled only into e2e builds (`vite build --mode e2e`):
 * it lets a test make the next load crash the worker or stall, or make the workspace throw while
 * rendering, to exercise failure paths; and it records, on the main thread, where each load ran
 * and what the page received from it, and where the customer view's other-tenant identifiers were
 * computed (a worker cannot touch these records).
 */
import { useSyncExternalStore } from 'react';
import type { LoadRoute } from '../workers/loadClient.ts';

export type LoadTestHook = 'crash' | 'slow';

/** One load as the page saw it. */
export interface LoadRecord {
  /** Where its reading, parsing and engine work ran (null: not started yet). */
  readonly route: LoadRoute | null;
  /** Progress messages the page received. */
  readonly progress: number;
  /** How it ended (null: still running). */
  readonly outcome: 'data' | 'failed' | null;
}

export interface NetpolTestApi {
  /** Every load since the page opened, oldest first. */
  loads(): LoadRecord[];
  /** Where each customer view's other-tenant identifiers came from, oldest first (customer/customerGuard.ts). */
  secrets(): LoadRoute[];
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

const loadRecords: { route: LoadRoute | null; progress: number; outcome: 'data' | 'failed' | null }[] = [];

/** Records a load's events (e2e builds only); returns the handlers for one load. */
export function recordLoad(): { route(r: LoadRoute): void; progress(): void; settled(outcome: 'data' | 'failed'): void } {
  if (import.meta.env.MODE !== 'e2e') return { route: () => {}, progress: () => {}, settled: () => {} };
  const rec: (typeof loadRecords)[number] = { route: null, progress: 0, outcome: null };
  loadRecords.push(rec);
  return {
    route: (r) => {
      rec.route = r;
    },
    progress: () => {
      rec.progress++;
    },
    settled: (outcome) => {
      rec.outcome = outcome;
    },
  };
}

const secretRecords: LoadRoute[] = [];

/** Records where a customer view's other-tenant identifiers were computed (e2e builds only). */
export function recordSecrets(route: LoadRoute): void {
  if (import.meta.env.MODE === 'e2e') secretRecords.push(route);
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
    loads: () => loadRecords.map((r) => ({ ...r })),
    secrets: () => [...secretRecords],
    setNextLoadHook(hook) {
      nextHook = hook;
    },
    setRenderCrash(message) {
      renderCrash = message;
      for (const l of crashListeners) l();
    },
  };
}
