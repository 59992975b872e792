/**
 * The input digest of a load (core/export/digest.ts): the load worker computes it off the main
 * thread and sends it after the data (workers/digestTask.ts); after a load on the main thread it
 * is computed here once the page is idle. Remembered per LoadedData so every export of that load
 * carries it.
 * @public
 */
import { useEffect, useState } from 'react';
import { sourcesDigest } from '../../workers/digestTask.ts';
import { graphSessionOf } from '../../workers/graphSession.ts';
import type { LoadedData, LoadSource } from '../../workers/protocol.ts';

const digests = new WeakMap<LoadedData, Promise<string | null>>();

/**
 * Resolves once the page is idle (at most `ms` later): reading and hashing big inputs must not
 * hold up the first frame of the graph.
 */
function idle(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: ms });
    else setTimeout(resolve, Math.min(ms, 1000));
  });
}

/** The digest of a load's sources: the worker's, or hashed here once the page is idle (called once per successful load). */
export function rememberInputs(data: LoadedData, sources: readonly LoadSource[]): void {
  if (digests.has(data)) return;
  const session = graphSessionOf(data);
  if (session !== null) {
    digests.set(data, session.digest());
    return;
  }
  digests.set(
    data,
    (async () => {
      await idle(3000);
      return sourcesDigest(sources);
    })(),
  );
}

/** The hex digest of the load's inputs once known (null before, or when it cannot be computed). */
export function useInputDigest(data: LoadedData | null): string | null {
  const [state, setState] = useState<{ readonly data: LoadedData; readonly digest: string | null } | null>(null);
  useEffect(() => {
    if (data === null) return;
    let live = true;
    void (digests.get(data) ?? Promise.resolve(null)).then((digest) => {
      if (live) setState({ data, digest });
    });
    return () => {
      live = false;
    };
  }, [data]);
  return state !== null && state.data === data ? state.digest : null;
}
