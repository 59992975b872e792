import type { PathSegment } from '../load/parseTypes.ts';
import type { Peer } from '../model/policy.ts';
import type { Requirement } from '../model/selector.ts';
import { cidrContains, hostBitsWarning, parseCidr } from '../net/cidr.ts';
import { parseLabelSelector, selectorHasKey } from '../k8s/LabelSelector.ts';
import { type Collector, describe, field, isRecord, listField, objectField, pruneUnknown, stringField } from '../cilium/collect.ts';
import { CLUSTER_KEY, clusterFilterOn, NAMESPACE_KEY, NAMESPACE_LABELS_PREFIX, type ScopeContext } from '../cilium/scoping.ts';

/**
 * One NetworkPolicy peer (`from[i]` / `to[i]`) → Cilium peer, as `parseNetworkPolicyPeer`
 * (reference B.10): podSelector is scoped to the policy namespace; namespaceSelector keys become
 * namespace-label keys (`{}` = any namespace); both in one peer are ANDed; ipBlock → CIDR.
 * @internal
 */
export function parseNetpolPeer(
  c: Collector,
  raw: unknown,
  pp: PathSegment[],
  dir: 'ingress' | 'egress',
  ctx: ScopeContext & { readonly namespace: string },
): Peer | null {
  if (!isRecord(raw)) {
    c.reject(pp, 'invalid-type', `a NetworkPolicy peer must be an object, got ${describe(raw)}`);
    return null;
  }
  pruneUnknown(c, raw, pp, ['podSelector', 'namespaceSelector', 'ipBlock'], () =>
    `this peer no longer constrains the ${dir === 'ingress' ? 'source' : 'destination'} the way it was written`,
  );
  const path = c.pathText(pp);
  const pod = field(raw, 'podSelector');
  const ns = field(raw, 'namespaceSelector');
  const ipBlock = objectField(c, raw, 'ipBlock', pp);
  if (ipBlock === null) return null;
  if (ipBlock && (pod !== undefined || ns !== undefined)) {
    c.reject(pp, 'invalid-peer', 'a peer may not combine ipBlock with podSelector or namespaceSelector');
    return null;
  }
  if (ipBlock) return parseIpBlock(c, ipBlock, [...pp, 'ipBlock'], path);
  if (pod === undefined && ns === undefined) {
    c.reject(pp, 'invalid-peer', 'a peer must specify podSelector, namespaceSelector or ipBlock');
    return null;
  }
  const podSel = pod === undefined ? { selector: { requirements: [] }, issues: [] } : parseLabelSelector(pod, [...pp, 'podSelector'], { mode: 'k8s' });
  c.selectorIssues(podSel.issues);
  const nsSel = ns === undefined ? null : parseLabelSelector(ns, [...pp, 'namespaceSelector'], { mode: 'k8s', keyPrefix: NAMESPACE_LABELS_PREFIX });
  if (nsSel) c.selectorIssues(nsSel.issues);
  if (!podSel.selector || (nsSel && !nsSel.selector)) return null;

  // parsePodSelector (pkg/k8s/network_policy.go) sets the namespace as a match label of a
  // podSelector-only peer, replacing one the peer names itself.
  const ml = isRecord(pod) && isRecord(pod['matchLabels']) ? Object.keys(pod['matchLabels']) : [];
  const nsIndex = nsSel ? -1 : ml.indexOf(NAMESPACE_KEY);
  const podReqs = podSel.selector.requirements.filter((_, i) => i !== nsIndex);
  if (nsIndex >= 0)
    c.warn([...pp, 'podSelector', 'matchLabels', NAMESPACE_KEY], 'peer-namespace-overridden', `Cilium replaces this namespace with the policy's own (${ctx.namespace}): a podSelector alone only selects pods of the policy namespace; add a namespaceSelector to select another namespace`);
  const written = [...(nsSel?.selector?.requirements ?? []), ...podReqs];
  const added: Requirement[] = [];
  const notes: string[] = [];
  if (nsSel?.selector) {
    if (nsSel.selector.requirements.length === 0) {
      added.push({ source: 'k8s', key: NAMESPACE_KEY, operator: 'Exists', values: [] });
      notes.push('namespaceSelector {} becomes "namespace label exists": pods of every namespace, not world or nodes');
    } else {
      notes.push('namespaceSelector keys are matched as namespace labels (io.cilium.k8s.namespace.labels.*), ANDed with the podSelector');
    }
  } else {
    added.push({ source: 'k8s', key: NAMESPACE_KEY, operator: 'In', values: [ctx.namespace] });
    notes.push(`namespace ${ctx.namespace} added: a podSelector alone selects pods of the policy's namespace`);
  }
  if (clusterFilterOn(ctx) && !selectorHasKey(podSel.selector, ['k8s'], CLUSTER_KEY)) {
    added.push({ source: 'k8s', key: CLUSTER_KEY, operator: 'In', values: [ctx.clusterName] });
    notes.push(`cluster ${ctx.clusterName} added (policy-default-local-cluster, on by default since Cilium 1.19)`);
  }
  return {
    kind: 'endpoints',
    path,
    selector: { requirements: [...written, ...added] },
    scoping: { written: { requirements: written }, added, notes },
  };
}

function parseIpBlock(c: Collector, raw: Record<string, unknown>, bp: PathSegment[], path: string): Peer | null {
  pruneUnknown(c, raw, bp, ['cidr', 'except'], (k) => (k.toLowerCase().startsWith('except') ? 'no address is excepted from the cidr' : 'it has no effect'));
  const text = stringField(c, raw, 'cidr', bp);
  if (text === null) return null;
  const cidr = text ? parseCidr(text, false) : null;
  if (!cidr) {
    c.reject([...bp, 'cidr'], 'invalid-cidr', `ipBlock.cidr must be a CIDR like 10.0.0.0/8, got ${describe(text)}`);
    return null;
  }
  const hostBits = hostBitsWarning(cidr);
  if (hostBits !== null) c.warn([...bp, 'cidr'], 'cidr-host-bits', hostBits);
  const exceptRaw = listField(c, raw, 'except', bp) ?? [];
  const except = exceptRaw.flatMap((e, i) => {
    const x = typeof e === 'string' ? parseCidr(e, false) : null;
    if (!x) {
      c.reject([...bp, 'except', i], 'invalid-cidr', `except items must be CIDRs, got ${describe(e)}`);
      return [];
    }
    if (!cidrContains(cidr, x) || x.bits === cidr.bits) {
      c.reject([...bp, 'except', i], 'except-outside-cidr', `except ${x.text} must be a strict subset of cidr ${cidr.text}`);
      return [];
    }
    const exceptHostBits = hostBitsWarning(x);
    if (exceptHostBits !== null) c.warn([...bp, 'except', i], 'cidr-host-bits', exceptHostBits);
    return [x];
  });
  return { kind: 'cidr', path, cidr, except };
}
