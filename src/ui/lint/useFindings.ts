/**
 * The lint report of a load, from its worker (graph session) once the first graph is drawn
 * (asked when it reaches the page, sent when no drawing is under way), so that linting never
 * delays it. Without a worker (or after it crashed) the linter runs here,
 * loaded only then. One report per load (keyed by load id), dropped with the load.
 */
import { useQuery } from '@tanstack/react-query';
import type { FindingsReport } from '../../core/findings/targets.ts';
import { whenDrawn } from '../graph/progressive.ts';
import { graphSessionOf } from '../../workers/graphSession.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { loadId } from '../state/useEngine.ts';

export interface FindingsResult {
  /** null while the linter runs (or before it may start). */
  readonly report: FindingsReport | null;
  readonly error: string | null;
}

async function reportOf(data: LoadedData): Promise<FindingsReport> {
  // Not while the graph is being drawn: the linter would take the machine's other core (or, here,
  // the main thread) from the drawing.
  await whenDrawn();
  const session = graphSessionOf(data);
  if (session?.live) {
    try {
      const r = await session.lint();
      if (r) return r;
    } catch {
      // The worker stopped: lint here instead.
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  return (await import('../../workers/lintTask.ts')).lintReport(data.cluster);
}

export function useFindings(data: LoadedData | null, enabled: boolean): FindingsResult {
  const q = useQuery({
    queryKey: ['findings', data ? loadId(data) : 0],
    queryFn: () => reportOf(data as LoadedData),
    enabled: data !== null && enabled,
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
    structuralSharing: false,
  });
  return { report: data !== null ? (q.data ?? null) : null, error: q.error ? q.error.message : null };
}
