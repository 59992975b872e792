/**
 * Cilium's own attribution of flows to policies, as Hubble records it, in one key form that the
 * engine's rule references map onto too, so "Cilium recorded" and "computed" can be compared.
 *
 * What Hubble records (cilium/cilium `pkg/hubble/parser/.../correlation.go` `CorrelatePolicy`):
 * - only on policy-verdict events (`event_type.type` 5), for the first packet of a connection;
 * - FORWARDED / REDIRECTED: `egress_allowed_by` or `ingress_allowed_by` (by `traffic_direction`),
 *   every policy whose rules make up the matched policy-map entry (Cilium 1.15, #27854);
 * - DROPPED with POLICY_DENY (an explicit deny rule): `*_denied_by` (Cilium 1.16, #31544);
 * - DROPPED with POLICY_DENIED (default deny) and AUDIT: nothing before Cilium 1.20; 1.20
 *   (#45373, merged 2026-04) records `*_denied_by` for AUDIT and tried to for default deny, which
 *   #47589 takes back again. An empty `*_denied_by` on those flows is never a disagreement.
 * - `policy_log`: the distinct `spec.log.value` texts of the matched policies (Cilium 1.18, #39902).
 * @public
 */
import type { FlowPolicy } from '../hubble/Flow.ts';
import type { PolicyRef } from '../model/policy.ts';
import type { EdgePolicy, FlowEdge } from './types.ts';

/**
 * A policy as one string: `CiliumNetworkPolicy/ns/name`, `CiliumClusterwideNetworkPolicy/name`,
 * `NetworkPolicy/ns/name`, or `implicit/<derived-from>` for the rules Cilium adds itself
 * (`implicit/allow-localhost-ingress`, `implicit/allow-any-egress`…).
 */
export type RecordedPolicyKey = string;

/** Cilium's `kind` values (the `derived-from` label: k8sutils ResourceType*, pkg/k8s network_policy.go). */
const NAMESPACED_KINDS: ReadonlySet<string> = new Set(['CiliumNetworkPolicy', 'NetworkPolicy']);

/**
 * The key of a policy Hubble named. `kind` is the flow's `kind` (or, before Cilium 1.18, the
 * `k8s:io.cilium.k8s.policy.derived-from` label); `derivedFrom` the derived-from label of either
 * source (`allow-localhost-ingress` for implicit rules, which have no name or kind).
 */
export function recordedPolicyKey(p: { readonly kind: string; readonly namespace: string; readonly name: string; readonly derivedFrom?: string }): RecordedPolicyKey {
  if (p.name === '') return `implicit/${p.derivedFrom || p.kind || 'unnamed'}`;
  const kind = p.kind || 'Policy';
  if (kind === 'CiliumClusterwideNetworkPolicy' || (p.namespace === '' && !NAMESPACED_KINDS.has(kind))) return `${kind}/${p.name}`;
  return `${kind}/${p.namespace}/${p.name}`;
}

/**
 * The `derived-from` label value of a Hubble policy (`k8s:io.cilium.k8s.policy.derived-from` for
 * real policies, `reserved:io.cilium.policy.derived-from` for implicit rules), else its kind.
 */
export function policyDerivedFrom(p: FlowPolicy): string {
  for (const l of p.labels) {
    const eq = l.indexOf('=');
    if (eq > 0 && (l.startsWith('k8s:io.cilium.k8s.policy.derived-from=') || l.startsWith('reserved:io.cilium.policy.derived-from='))) {
      return l.slice(eq + 1);
    }
  }
  return p.kind;
}

/** The same key for a policy of the loaded set (the engine's RuleRef or a Policy's ref). */
export function policyRefKey(ref: PolicyRef): RecordedPolicyKey {
  return recordedPolicyKey({ kind: ref.kind, namespace: ref.namespace ?? '', name: ref.name });
}

/** The key of an implicit rule the engine names by its attribution (`allow-localhost-ingress`). */
export function implicitPolicyKey(derivedFrom: string): RecordedPolicyKey {
  return `implicit/${derivedFrom}`;
}

/** Policies Cilium recorded for one observation direction of an edge (sorted, distinct keys). */
export interface RecordedSide {
  readonly allowedBy: readonly RecordedPolicyKey[];
  readonly deniedBy: readonly RecordedPolicyKey[];
}

/** What Cilium recorded for an edge's request flows. */
export interface RecordedAttribution {
  /** Every `*_allowed_by` policy of the edge's flows, both directions (sorted, distinct). */
  readonly allowedBy: readonly RecordedPolicyKey[];
  /** Every `*_denied_by` policy of the edge's flows, both directions (sorted, distinct). */
  readonly deniedBy: readonly RecordedPolicyKey[];
  readonly egress: RecordedSide;
  readonly ingress: RecordedSide;
  /** `policy_log` texts seen on the edge (Cilium 1.18+). */
  readonly policyLog: readonly string[];
  /** Request flows that were policy-verdict events: the only events Hubble attributes. */
  readonly policyVerdictEvents: number;
}

function keysOf(list: readonly EdgePolicy[], direction: 'ingress' | 'egress' | null, effect: 'allow' | 'deny'): RecordedPolicyKey[] {
  const out = new Set<RecordedPolicyKey>();
  for (const p of list) if (p.effect === effect && (direction === null || p.direction === direction)) out.add(recordedPolicyKey(p));
  return [...out].sort();
}

/** Cilium's attribution of an edge, from the aggregate's per-edge policy tally. */
export function recordedAttribution(edge: FlowEdge): RecordedAttribution {
  const p = edge.policies;
  let policyVerdictEvents = 0;
  for (const c of Object.values(edge.byDirection ?? {})) policyVerdictEvents += c?.policyVerdicts ?? 0;
  return {
    allowedBy: keysOf(p, null, 'allow'),
    deniedBy: keysOf(p, null, 'deny'),
    egress: { allowedBy: keysOf(p, 'egress', 'allow'), deniedBy: keysOf(p, 'egress', 'deny') },
    ingress: { allowedBy: keysOf(p, 'ingress', 'allow'), deniedBy: keysOf(p, 'ingress', 'deny') },
    policyLog: edge.policyLog ?? [],
    policyVerdictEvents,
  };
}

/** "CiliumNetworkPolicy/ns/name, …" or `nothing`, for "Cilium recorded: …" lines. */
export function formatPolicyKeys(keys: readonly RecordedPolicyKey[]): string {
  return keys.length === 0 ? 'nothing' : keys.join(', ');
}

/**
 * `major.minor` as a number pair comparison: whether `version` is at least `min` (both
 * `1.19`-style; an unreadable version counts as the newest, so nothing is excused by mistake).
 */
export function versionAtLeast(version: string, min: string): boolean {
  const parse = (v: string): [number, number] | null => {
    const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2])] : null;
  };
  const a = parse(version);
  const b = parse(min);
  if (a === null || b === null) return true;
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

const SHORT_KINDS: Readonly<Record<string, string>> = { CiliumNetworkPolicy: 'CNP', CiliumClusterwideNetworkPolicy: 'CCNP', NetworkPolicy: 'KNP' };

/** `CNP ns/name`, `CCNP name`, `KNP ns/name`, `implicit allow-any-egress`: a key as the rule chips write policies. */
export function shortPolicyKey(key: RecordedPolicyKey): string {
  const slash = key.indexOf('/');
  if (slash < 0) return key;
  const kind = key.slice(0, slash);
  return `${SHORT_KINDS[kind] ?? kind} ${key.slice(slash + 1)}`;
}
