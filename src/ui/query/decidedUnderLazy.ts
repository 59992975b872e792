/**
 * The explanation's line naming the Cilium version and settings (core/query/decidedUnder.ts),
 * fetched when an explanation is first shown: not on the default screen (bench bundle). A plain
 * import(), not a LazyModule: that would move lazyModule.ts out of the load worker's chunk.
 */
import { useEffect, useState } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';

let line: typeof import('../../core/query/decidedUnder.ts') | null = null;

/** The line for `model`; undefined until the module has arrived (then the caller renders again). */
export function useDecidedUnder(model: EngineModel | null | undefined): string | undefined {
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (model && !line)
      void import('../../core/query/decidedUnder.ts').then((m) => {
        line = m;
        setLoaded(true);
      });
  }, [model]);
  return model && line ? line.decidedUnder(model) : undefined;
}
