/**
 * Runs `task` once the page is idle, at most `ms` later (`requestIdleCallback`; a timer where
 * there is none); returns what cancels it.
 * @internal
 */
export function whenIdle(task: () => void, ms: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => task(), { timeout: ms });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, Math.min(ms, 1000));
  return () => clearTimeout(id);
}
