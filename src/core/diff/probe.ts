/**
 * Outside peers (FQDN names, reserved entities, IPv6 ranges) exist in a connectivity matrix only when some
 * rule names them, so a policy set that adds `toFQDNs: api.github.com` would otherwise make every
 * pod's path to that name look new. A probe rule that selects no endpoint but names the other
 * set's outside peers puts the same peers in both matrices without changing any verdict.
 * @internal
 */
import { compile, type EngineModel } from '../engine/compile.ts';
import type { Connectivity } from '../engine/connectivity.ts';
import type { Entry, Peer, Policy, Rule } from '../model/policy.ts';
import { policyKey } from '../model/policy.ts';

export function outsideKeys(c: Connectivity): Set<string> {
  const out = new Set<string>();
  for (const p of c.peers) {
    if (p.kind === 'fqdn') out.add(`fqdn:${p.name}`);
    else if (p.kind === 'reserved') out.add(`entity:${p.entity}`);
    // An address family only one set names (IPv6 ranges appear with the first IPv6 CIDR).
    else if (p.kind === 'range') out.add(`family:${p.family}`);
  }
  return out;
}

function namedPeers(model: EngineModel): Peer[] {
  return model.rules.flatMap((r) => [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny]).flatMap((e) => (e.peers.kind === 'list' ? e.peers.items : []));
}

/** `model` plus a rule selecting nothing that names every peer of `other`. */
export function withProbe(model: EngineModel, other: EngineModel): EngineModel {
  const ref = { kind: 'CiliumClusterwideNetworkPolicy' as const, namespace: null, name: 'netpol-viz-diff-probe' };
  const entry: Entry = { path: 'spec.egress[0]', direction: 'egress', action: 'allow', peers: { kind: 'list', items: namedPeers(other) }, ports: [], icmps: [], authRequired: false };
  const rule: Rule = {
    policy: ref,
    path: 'spec',
    subject: { kind: 'endpoints', selector: { requirements: [{ source: 'reserved', key: 'netpol-viz-diff-probe', operator: 'Exists', values: [] }] } },
    ingress: [],
    ingressDeny: [],
    egress: [entry],
    egressDeny: [],
    enableDefaultDeny: { ingress: null, egress: null },
  };
  const probe: Policy = { key: policyKey(ref), ref, source: { file: '(diff)', document: -1, line: 0 }, rules: [rule] };
  return compile({ ...model.cluster, policies: [...model.cluster.policies, probe] }, model.settings);
}
