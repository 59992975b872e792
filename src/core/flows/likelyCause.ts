/**
 * The likely cause of a disagreement between what Hubble observed and what the loaded policies
 * say, chosen from what the flows themselves say: drop reason, observation point, the identity
 * the observing agent gave the peer, Cilium's own attribution, and the labels the flows carry
 * against the inventory's. Pure: the cross-check gathers the evidence, this picks one cause and
 * says which evidence pointed to it. Every mismatch class gets a cause (never null but for `match`).
 *
 * Sources for the signals (semantics reference D.4, D.5, D.7):
 * - drop reasons DROP_EP_NOT_READY (203), DROP_HOST_NOT_READY (202) and
 *   NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION (165): the endpoint's or host's policy
 *   program is not loaded yet (cilium/cilium flow.proto comments, bpf/lib/common.h);
 * - identity 0 (unknown), 2 (world), 9/10 (world-ipv4/6) for an in-cluster peer: the agent's
 *   ipcache had no identity for the address (pkg/identity/numericidentity.go);
 * - DROP_PUNT_PROXY, PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL, FAILED_TO_INSERT_INTO_PROXYMAP,
 *   L7 records with verdict DROPPED, observation points TO_PROXY / FROM_PROXY: the L7 proxy;
 * - a deciding side that is the node itself (reserved:host / remote-node): host firewall
 *   (CiliumClusterwideNetworkPolicy with nodeSelector, enforced only with hostFirewall.enabled);
 * - verdict AUDIT: policy audit mode (the `policy-audit-mode` agent option or the endpoint's
 *   PolicyAuditMode);
 * - `*_allowed_by` / `*_denied_by` naming a policy the loaded files lack, or one the engine finds
 *   not matching: the loaded set is not what the cluster runs (stale), or labels differ.
 * @public
 */
import type { TrafficDirection, Verdict } from '../hubble/enums.ts';
import { LOCAL_IDENTITY_SCOPE } from '../hubble/enums.ts';
import type { RecordedPolicyKey, RecordedSide } from './attribution.ts';
import type { SideReason } from '../engine/types.ts';
import { plural } from '../util/plural.ts';

/** The mismatch classes a cause is chosen for: crossCheck's MismatchClass is these and `match` (described there). */
export type CauseClass =
  | 'observed-allowed-predicted-denied'
  | 'observed-denied-predicted-allowed'
  | 'recorded-policy-differs'
  | 'non-policy-drop'
  | 'unknown-endpoint'
  | 'not-evaluated';

export type LikelyCauseKind =
  /** The allowing policy was not in force yet on the node: endpoint regenerating, change not yet realised. */
  | 'policy-not-realised'
  /** The observing agent did not know the peer's identity (saw it as world, unknown, or without its CIDR identity). */
  | 'identity-unknown'
  /** A toFQDNs rule allows the name, but the DNS proxy had not learned the address yet. */
  | 'fqdn-not-learned'
  /** The L7 proxy refused the request, or redirecting to it failed. */
  | 'proxy-rejection'
  /** The node's host firewall decided (host policies), not a pod's policy. */
  | 'host-firewall'
  /** Policy audit mode: would-be drops pass with verdict AUDIT. */
  | 'audit-mode'
  /** The cluster runs other policies (or other revisions) than the loaded files. */
  | 'stale-policy'
  /** The peer's labels in the flows differ from the inventory's, so selectors match differently. */
  | 'missing-label'
  /** A datapath drop unrelated to policy (CT map full, no backend, …). */
  | 'datapath-drop'
  /** A side of the edge is not in the loaded inventory. */
  | 'inventory-incomplete'
  /** The flows carry no port and protocol that policy decides on. */
  | 'no-l4';

export interface LikelyCause {
  readonly kind: LikelyCauseKind;
  /** Short label (`policy not yet realised`), for badges and lists. */
  readonly title: string;
  /** One or two sentences naming the evidence (drop reason, identity, policy, label). */
  readonly text: string;
}

/** What the computed decision says for the side that decided the observed flows. */
export interface ComputedSide {
  readonly verdict: 'allowed' | 'denied';
  readonly reason: SideReason;
  /** Policies whose allow rules match (or the implicit rule, `implicit/allow-localhost-ingress`). */
  readonly allowedBy: readonly RecordedPolicyKey[];
  /** Policies whose deny rules match. */
  readonly deniedBy: readonly RecordedPolicyKey[];
  /** An allowing entry matched by toFQDNs / by a CIDR peer (toCIDR, toCIDRSet, fromCIDR…). */
  readonly allowedByFqdn: boolean;
  readonly allowedByCidr: boolean;
}

/** Everything the flows and the engine say about one observation direction of an edge (or one flow). */
export interface CauseEvidence {
  readonly mismatchClass: CauseClass;
  /** Observation direction: EGRESS means the source's policy decided, INGRESS the destination's. */
  readonly direction: TrafficDirection;
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** Drop reasons with counts (`POLICY_DENIED`…). */
  readonly drops: Readonly<Record<string, number>>;
  /** L7 records refused by the proxy. */
  readonly l7Denied: number;
  readonly observationPoints: readonly string[];
  /** Identities the observing agent gave the remote side. */
  readonly remoteIdentities: readonly number[];
  /** What the remote side is: an in-cluster pod/workload/identity, or outside (fqdn, ip, reserved). */
  readonly remoteInCluster: boolean;
  /** `ip:10.0.0.5`, `acme-web/Deployment/api`…: the remote side as the edge names it. */
  readonly remoteName: string;
  /** The deciding side is the node itself (reserved:host or remote-node). */
  readonly localIsHost: boolean;
  readonly recorded: RecordedSide;
  /** null when the engine made no decision (unknown endpoint, no L4). */
  readonly computed: ComputedSide | null;
  /** Keys of every policy in the loaded set. */
  readonly loadedPolicies: ReadonlySet<RecordedPolicyKey>;
  /** Identity labels (`k8s:key=value`) the flows show but the inventory's endpoint lacks, and the reverse, for either side. */
  readonly labelsOnlyInFlows: readonly string[];
  readonly labelsOnlyInInventory: readonly string[];
  /** Why the engine could not decide (unknown-endpoint), when it could not. */
  readonly noDecisionWhy?: string;
}

const NOT_READY = new Set(['DROP_EP_NOT_READY', 'DROP_HOST_NOT_READY', 'NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION']);
const PROXY_DROPS = new Set(['DROP_PUNT_PROXY', 'PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL', 'FAILED_TO_INSERT_INTO_PROXYMAP']);
const POLICY_DROPS = new Set(['POLICY_DENIED', 'POLICY_DENY', 'AUTH_REQUIRED']);
/** 0 unknown, 2 world, 9 world-ipv4, 10 world-ipv6. */
const UNKNOWN_OR_WORLD = new Set([0, 2, 9, 10]);

const TITLES: Readonly<Record<LikelyCauseKind, string>> = {
  'policy-not-realised': 'policy not yet realised',
  'identity-unknown': 'identity unknown to the agent',
  'fqdn-not-learned': 'FQDN not learned yet',
  'proxy-rejection': 'L7 proxy rejection',
  'host-firewall': 'host firewall',
  'audit-mode': 'policy audit mode',
  'stale-policy': 'stale policy set',
  'missing-label': 'labels differ',
  'datapath-drop': 'datapath drop',
  'inventory-incomplete': 'inventory incomplete',
  'no-l4': 'no port to decide on',
};

function cause(kind: LikelyCauseKind, text: string): LikelyCause {
  return { kind, title: TITLES[kind], text };
}

function reasonsIn(drops: Readonly<Record<string, number>>, set: ReadonlySet<string>): string[] {
  return Object.keys(drops).filter((r) => set.has(r) && (drops[r] ?? 0) > 0).sort();
}

function list(xs: readonly string[], max = 3): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;
}

function side(dir: TrafficDirection): string {
  return dir === 'EGRESS' ? 'egress' : dir === 'INGRESS' ? 'ingress' : 'policy';
}

/** A cause from the label difference between flows and inventory, or null when the labels agree. */
function labelCause(ev: CauseEvidence, what: string): LikelyCause | null {
  if (ev.labelsOnlyInFlows.length === 0 && ev.labelsOnlyInInventory.length === 0) return null;
  const parts: string[] = [];
  if (ev.labelsOnlyInFlows.length > 0) parts.push(`the flows carry ${list(ev.labelsOnlyInFlows)} which the inventory lacks`);
  if (ev.labelsOnlyInInventory.length > 0) parts.push(`the inventory has ${list(ev.labelsOnlyInInventory)} which the flows do not show`);
  return cause('missing-label', `${what}: ${parts.join('; ')}. Selectors match on these labels, so reload the inventory (kubectl get pods,ns -o yaml) or fix the labels.`);
}

/** Recorded policies that the engine does not name, split into ones missing from the loaded set and ones it has. */
function unexplained(recorded: readonly RecordedPolicyKey[], computed: readonly RecordedPolicyKey[], loaded: ReadonlySet<RecordedPolicyKey>): { missing: string[]; present: string[] } {
  const missing: string[] = [];
  const present: string[] = [];
  for (const k of recorded) {
    if (computed.includes(k) || k.startsWith('implicit/')) continue;
    (loaded.has(k) ? present : missing).push(k);
  }
  return { missing, present };
}

function deniedAlthoughAllowed(ev: CauseEvidence): LikelyCause {
  const dir = side(ev.direction);
  const proxy = reasonsIn(ev.drops, PROXY_DROPS);
  const viaProxy = ev.observationPoints.some((o) => o === 'TO_PROXY' || o === 'FROM_PROXY');
  if (proxy.length > 0 || ev.l7Denied > 0 || viaProxy)
    return cause(
      'proxy-rejection',
      proxy.length > 0
        ? `Drop reason ${list(proxy)}: the packets were to go through the L7 proxy, and redirecting them failed; the policy itself allows the port.`
        : `The flows passed the L7 proxy (${ev.l7Denied > 0 ? `${ev.l7Denied} request(s) refused` : 'observed at TO_PROXY/FROM_PROXY'}): an L7 rule (HTTP, DNS, Kafka) refused the request although the port is allowed.`,
    );
  if (ev.localIsHost)
    return cause('host-firewall', `The ${dir} side is the node itself (reserved:host): host policies (CiliumClusterwideNetworkPolicy with nodeSelector, enforced with hostFirewall.enabled) decided, and they are missing from or differ in the loaded set.`);
  const rec = ev.recorded.deniedBy;
  const computed = ev.computed;
  if (rec.length > 0 && computed !== null) {
    const { missing, present } = unexplained(rec, computed.deniedBy, ev.loadedPolicies);
    if (missing.length > 0) return cause('stale-policy', `Cilium recorded the drop as denied by ${list(missing)}, which is not among the loaded policies: the cluster runs a policy the loaded files lack.`);
    if (present.length > 0)
      return labelCause(ev, `Cilium recorded the drop as denied by ${list(present)}, whose deny rule the engine finds not matching`) ??
        cause('stale-policy', `Cilium recorded the drop as denied by ${list(present)}, whose loaded version has no deny rule matching this traffic: the cluster runs another revision of it.`);
  }
  const ids = ev.remoteIdentities.filter((i) => UNKNOWN_OR_WORLD.has(i));
  if (ev.remoteInCluster && ids.length > 0)
    return cause(
      'identity-unknown',
      `The ${dir} agent saw ${ev.remoteName} as identity ${list(ids.map(String))} (${ids.includes(0) ? 'unknown' : 'world'}), not as the pod's identity: its ipcache had no entry for the address yet (pod just started, another cluster, or the agent lost contact with the kvstore/apiserver).`,
    );
  if (!ev.remoteInCluster && computed?.allowedByFqdn)
    return cause('fqdn-not-learned', `A toFQDNs rule allows ${ev.remoteName}, but the DNS proxy had not seen a DNS answer mapping this address to the name yet (the pod used a cached or hard-coded address, or the name's TTL expired): only learned addresses are allowed.`);
  if (!ev.remoteInCluster && computed?.allowedByCidr && ev.remoteIdentities.length > 0 && ev.remoteIdentities.every((i) => i < LOCAL_IDENTITY_SCOPE))
    return cause('identity-unknown', `A CIDR rule allows ${ev.remoteName}, but the agent gave the address identity ${list(ev.remoteIdentities.map(String))} rather than a CIDR identity (≥ ${LOCAL_IDENTITY_SCOPE}): the prefix was not yet in its ipcache.`);
  const labels = labelCause(ev, 'The labels differ');
  if (labels !== null) return labels;
  const notReady = reasonsIn(ev.drops, NOT_READY);
  const allowing = computed !== null && computed.allowedBy.length > 0 ? ` (${list(computed.allowedBy)})` : '';
  return cause(
    'policy-not-realised',
    notReady.length > 0
      ? `Drop reason ${list(notReady)}: the endpoint's policy program was not loaded yet (endpoint regenerating).`
      : `The loaded policies allow this${allowing}, but the ${dir} agent dropped it with ${list(reasonsIn(ev.drops, POLICY_DROPS)) || 'a policy drop'}: most likely the policy was not yet realised on that node (just applied, or the endpoint was regenerating). If it persists, compare the cluster's policies with the loaded ones.`,
  );
}

function allowedAlthoughDenied(ev: CauseEvidence): LikelyCause {
  const dir = side(ev.direction);
  const audit = ev.verdicts.AUDIT ?? 0;
  if (audit > 0)
    return cause('audit-mode', `${audit === 1 ? '1 flow has' : `${plural(audit, 'flow')} have`} verdict AUDIT: policy audit mode is on for this endpoint (agent option policy-audit-mode, or the endpoint's PolicyAuditMode), so traffic the policies deny passes and is only logged.`);
  if (ev.localIsHost)
    return cause('host-firewall', `The ${dir} side is the node itself (reserved:host): host policies are enforced only with hostFirewall.enabled; with it off, the node's traffic passes whatever the loaded host policies say.`);
  const computed = ev.computed;
  const rec = ev.recorded.allowedBy;
  if (rec.length > 0 && computed !== null) {
    const { missing, present } = unexplained(rec, computed.allowedBy, ev.loadedPolicies);
    if (missing.length > 0) return cause('stale-policy', `Cilium recorded it as allowed by ${list(missing)}, which is not among the loaded policies: the cluster runs a policy the loaded files lack.`);
    if (present.length > 0)
      return labelCause(ev, `Cilium recorded it as allowed by ${list(present)}, which the engine finds not matching`) ??
        cause('stale-policy', `Cilium recorded it as allowed by ${list(present)}, whose loaded version does not allow this traffic: the cluster runs another revision of it.`);
  }
  const labels = labelCause(ev, 'The labels differ');
  if (labels !== null) return labels;
  return cause('stale-policy', `The traffic passed the ${dir} agent although the loaded policies deny it: the cluster most likely runs other policies (or an older or newer revision) than the loaded files; export them again with kubectl get cnp,ccnp,netpol -A -o yaml.`);
}

function recordedDiffers(ev: CauseEvidence): LikelyCause {
  const computed = ev.computed;
  const recorded = [...ev.recorded.allowedBy, ...ev.recorded.deniedBy];
  const named = computed === null ? [] : [...computed.allowedBy, ...computed.deniedBy];
  const { missing, present } = unexplained(recorded, named, ev.loadedPolicies);
  if (missing.length > 0) return cause('stale-policy', `Cilium names ${list(missing)}, which is not among the loaded policies: the cluster runs a policy the loaded files lack, and the loaded ones happen to give the same verdict.`);
  return (
    labelCause(ev, `Cilium names ${list(present)}, which the engine finds not matching`) ??
    cause('stale-policy', `Cilium names ${list(present)}, whose loaded version does not match this traffic: the cluster runs another revision of it (compare the revision Hubble recorded).`)
  );
}

function nonPolicyDrop(ev: CauseEvidence): LikelyCause {
  const notReady = reasonsIn(ev.drops, NOT_READY);
  if (notReady.length > 0) return cause('policy-not-realised', `Drop reason ${list(notReady)}: the endpoint's (or host's) policy program was not loaded yet, for example while the endpoint regenerates after a policy change.`);
  const proxy = reasonsIn(ev.drops, PROXY_DROPS);
  if (proxy.length > 0) return cause('proxy-rejection', `Drop reason ${list(proxy)}: redirecting the packets to the L7 proxy failed.`);
  const other = Object.keys(ev.drops).filter((r) => !POLICY_DROPS.has(r) && (ev.drops[r] ?? 0) > 0).sort();
  return cause('datapath-drop', `Drop reason ${list(other) || 'other than policy'}: the datapath dropped these packets for a reason that is not a policy decision; policies are not the cause.`);
}

/** The likely cause for one mismatch class, from its evidence. */
export function likelyCause(ev: CauseEvidence): LikelyCause {
  switch (ev.mismatchClass) {
    case 'observed-denied-predicted-allowed':
      return deniedAlthoughAllowed(ev);
    case 'observed-allowed-predicted-denied':
      return allowedAlthoughDenied(ev);
    case 'recorded-policy-differs':
      return recordedDiffers(ev);
    case 'non-policy-drop':
      return nonPolicyDrop(ev);
    case 'unknown-endpoint': {
      const ids = ev.remoteIdentities.filter((i) => UNKNOWN_OR_WORLD.has(i));
      if (ev.remoteInCluster && ids.length > 0) return cause('identity-unknown', `The agent saw ${ev.remoteName} as identity ${list(ids.map(String))}: it had no identity for the address, and the inventory does not name it either.`);
      return cause('inventory-incomplete', `${ev.noDecisionWhy ?? 'A side is not in the loaded inventory'}: load the inventory of its namespace (kubectl get ns,deploy,sts,ds,pods -o yaml) to get a verdict.`);
    }
    case 'not-evaluated':
      return cause('no-l4', 'The flows carry no port and protocol that policy decides on (no L4 header, VRRP or IGMP), so there is no verdict to compare.');
  }
}
