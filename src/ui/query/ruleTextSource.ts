import { createContext, useMemo } from 'react';
import { graphSessionOf } from '../../workers/graphSession.ts';
import type { LoadedData, RuleTextLines, RuleTextQuery } from '../../workers/protocol.ts';

/**
 * Where the explanation's "Show rule text" and the policy text view read a policy's lines: the
 * load's worker session (GraphSession.ruleText), given by the details panel for the loaded
 * cluster's decisions. Null elsewhere (a what-if's draft policies are not in the loaded files, a
 * load on the main thread keeps no worker): no disclosure or "Open policy" is shown then. The
 * customer view renders no explanation and no policy list at all (CustomerWorkspace.tsx), so no
 * other tenant's policy text reaches it.
 */
export type RuleTextSource = (query: RuleTextQuery) => Promise<RuleTextLines | null>;

export const RuleTextContext = createContext<RuleTextSource | null>(null);

/** The load's worker as a RuleTextSource (none on the main-thread route). */
export function useRuleTextSource(data: LoadedData | null): RuleTextSource | null {
  return useMemo((): RuleTextSource | null => {
    const session = data ? graphSessionOf(data) : null;
    return session && ((q) => session.ruleText(q));
  }, [data]);
}
