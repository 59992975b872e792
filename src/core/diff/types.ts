/**
 * The vocabulary of connectivity diffs: what changes between two policy sets ("before" and
 * "after"), per pair of peers, with the rules responsible on each side. Plain data.
 * @public
 */
import type { IpFamily } from '../net/cidr.ts';
import type { PortSet } from '../engine/PortSet.ts';
import type { ReservedEntity, RuleRef, SideReason } from '../engine/types.ts';

/** One end of a changed path. `key` is stable across the two policy sets. */
export type DiffPeer =
  | { readonly kind: 'identity'; readonly key: string; readonly identity: string; readonly namespace: string | null; readonly display: string }
  | { readonly kind: 'entity'; readonly key: string; readonly entity: ReservedEntity; readonly display: string }
  | { readonly kind: 'range'; readonly key: string; readonly family: IpFamily; readonly start: string; readonly end: string; readonly display: string }
  | { readonly kind: 'fqdn'; readonly key: string; readonly name: string; readonly display: string };

export type ChangeKind = 'newly-allowed' | 'newly-denied' | 'ports-changed';

/** How one side treated a sample port, in one of the two policy sets. */
export interface SideWhy {
  readonly verdict: 'allowed' | 'denied';
  readonly reason: SideReason;
  /** Allowing rules, denying rules, or (default deny) the rules that enabled default deny. */
  readonly rules: readonly RuleRef[];
}

/** The decision for one sample port of a change, before and after. */
export interface ChangeSample {
  /** `TCP/25`. */
  readonly port: string;
  readonly opened: boolean;
  readonly before: { readonly egress: SideWhy; readonly ingress: SideWhy };
  readonly after: { readonly egress: SideWhy; readonly ingress: SideWhy };
}

/** A flow edge whose predicted verdict changes. */
export interface ObservedChange {
  readonly source: string;
  readonly destination: string;
  readonly port: number;
  readonly protocol: string;
  /** Request flows observed on this edge (passed + dropped + other). */
  readonly flows: number;
  readonly passed: number;
  readonly dropped: number;
  readonly before: 'allowed' | 'denied';
  readonly after: 'allowed' | 'denied';
  /** `breaks`: observed traffic the after-set would drop; `unblocks`: traffic it would now let through. */
  readonly effect: 'breaks' | 'unblocks';
}

export interface Change {
  readonly from: DiffPeer;
  readonly to: DiffPeer;
  readonly kind: ChangeKind;
  readonly before: PortSet;
  readonly after: PortSet;
  /** after − before. */
  readonly opened: PortSet;
  /** before − after. */
  readonly closed: PortSet;
  /** One sample port per protocol opened and per protocol closed, decided in both sets. */
  readonly samples: readonly ChangeSample[];
  /** Observed flows on this path whose verdict changes (only when flows were given). */
  readonly observed?: readonly ObservedChange[];
}
