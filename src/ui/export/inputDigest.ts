/**
 * The input digest of a load (core/export/digest.ts), computed with crypto.subtle from the
 * sources the load read: remembered per LoadedData so every export of that load carries it.
 * @public
 */
import { useEffect, useState } from 'react';
import { inputsDigest } from '../../core/export/digest.ts';
import type { LoadedData, LoadSource } from '../../workers/protocol.ts';

const digests = new WeakMap<LoadedData, Promise<string | null>>();

async function sha256(bytes: Uint8Array): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function bytesOf(source: LoadSource): Promise<Uint8Array> {
  return source.kind === 'file' ? new Uint8Array(await source.file.arrayBuffer()) : new TextEncoder().encode(source.text);
}

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

/** Hashes the sources of a load once the page is idle (called once per successful load). */
export function rememberInputs(data: LoadedData, sources: readonly LoadSource[]): void {
  if (digests.has(data)) return;
  const work = (async () => {
    await idle(3000);
    // crypto.subtle exists only in secure contexts (https, localhost); elsewhere exports say "digest unknown".
    if (typeof crypto === 'undefined' || crypto.subtle === undefined) return null;
    try {
      return await inputsDigest(await Promise.all(sources.map(bytesOf)), sha256);
    } catch {
      return null;
    }
  })();
  digests.set(data, work);
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
