import { createContext } from 'react';
import type { RuleTextLines, RuleTextQuery } from '../../workers/protocol.ts';

/**
 * Where the explanation's "Show rule text" reads a deciding rule's lines: the load's worker
 * session (GraphSession.ruleText), given by the details panel for the loaded cluster's
 * decisions. Null elsewhere (a what-if's draft policies are not in the loaded files, a load on
 * the main thread keeps no worker): no disclosure is shown then. The customer view renders no
 * explanation at all (CustomerWorkspace.tsx), so no other tenant's policy text reaches it.
 */
export type RuleTextSource = (query: RuleTextQuery) => Promise<RuleTextLines | null>;

export const RuleTextContext = createContext<RuleTextSource | null>(null);
