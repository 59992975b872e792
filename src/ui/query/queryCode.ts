/**
 * The page's path-query code (queryCodeChunk.ts) is a chunk of its own, not on the default screen
 * (bench bundle): it is fetched with the engine model, which nothing compiles before a query, a
 * selection or the query form in use (state/engineTasks.ts `compileTask` waits for both), so
 * wherever the page has an engine model the code is there too. The what-if panel's answers,
 * which come without one, ask for it with `useQueryCode`.
 * @internal
 */
import { useEffect, useState } from 'react';
import type * as QueryCodeModule from './queryCodeChunk.ts';

export type QueryCode = typeof QueryCodeModule;

let code: QueryCode | null = null;
let loading: Promise<QueryCode> | null = null;

/** Fetches the code (once; again after a failed fetch). */
export function loadQueryCode(): Promise<QueryCode> {
  loading ??= import('./queryCodeChunk.ts').then(
    (m) => (code = m),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The code once fetched, else null. Never null where an engine model was compiled. */
export function queryCode(): QueryCode | null {
  return code;
}

/** The code, fetched once `wanted`; null until it has arrived (the caller then renders again). */
export function useQueryCode(wanted: boolean): QueryCode | null {
  const [, setArrived] = useState(false);
  useEffect(() => {
    if (wanted && code === null) void loadQueryCode().then(() => setArrived(true), () => undefined);
  }, [wanted]);
  return code;
}
