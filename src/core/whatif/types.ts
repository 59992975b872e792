/**
 * The vocabulary of what-ifs: a draft of policy edits over the loaded set, and what applying it
 * changes. Plain data (crosses the worker boundary).
 * @public
 */
import type { PeerName } from '../diff/peerNames.ts';
import type { RuleChanges } from './byRule.ts';
import type { Change, ObservedChange } from '../diff/types.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { PolicyKey, PolicyRef } from '../model/policy.ts';

/** One edited or new policy text (YAML or JSON; one or more documents). */
export interface DraftDocument {
  /** Stable id chosen by the editor. */
  readonly id: string;
  /** The loaded policy this text edits (and so replaces), or null for a new document. */
  readonly replaces: PolicyKey | null;
  /** Shown as the file name in diagnostics (`what-if: CCNP tenant-egress-baseline`). */
  readonly name: string;
  readonly text: string;
}

/** The proposed change to the loaded policy set. */
export interface Draft {
  readonly documents: readonly DraftDocument[];
  /** Loaded policies deleted outright. */
  readonly removed: readonly PolicyKey[];
}

export const emptyDraft: Draft = { documents: [], removed: [] };

export function isEmptyDraft(d: Draft): boolean {
  return d.documents.length === 0 && d.removed.length === 0;
}

export interface AppliedDocument {
  readonly id: string;
  readonly replaces: PolicyKey | null;
  /** Policies the text defines (in document order). */
  readonly policies: readonly PolicyRef[];
  /** Loaded policies (other than the one it edits) that it replaces because it reuses their name. */
  readonly overrides: readonly PolicyRef[];
  /** The loader's diagnostics for the text, and the draft's own (ignored objects, duplicates). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface AppliedDraft {
  /** The loaded cluster with the proposed policy set. */
  readonly after: Cluster;
  readonly documents: readonly AppliedDocument[];
  /** Loaded policies no longer in the proposed set (deleted, or edited into another name). */
  readonly removed: readonly PolicyRef[];
}

export interface WhatIfCounts {
  readonly newlyAllowed: number;
  readonly newlyDenied: number;
  readonly portsChanged: number;
  /** Observed flow edges the proposed set would drop / would now let through. */
  readonly breaks: number;
  readonly unblocks: number;
}

/** What a draft changes (without the after cluster itself, which stays where it was computed). */
export interface WhatIfOutcome {
  readonly documents: readonly AppliedDocument[];
  readonly removed: readonly PolicyRef[];
  /** Every path whose allowed ports change (src/core/diff). */
  readonly changes: readonly Change[];
  /**
   * What the graph calls each outside end of a change (by `DiffPeer.key`; workloads go by their
   * `display`): address ranges by their outside
   * node and CIDR groups, over the loaded and the proposed policies (a range only a draft names is
   * its own node in the proposed graph).
   */
  readonly peerNames: Readonly<Record<string, PeerName>>;
  /** The changes by the rule that causes them (policy → rule → paths opened and closed; byRule.ts). */
  readonly byRule: readonly RuleChanges[];
  /** Observed flow edges whose verdict flips, breaks first (empty without flows). */
  readonly observed: readonly ObservedChange[];
  readonly counts: WhatIfCounts;
  /** Set when the engine failed on the proposed set (nothing else is then meaningful). */
  readonly engineError: string | null;
}
