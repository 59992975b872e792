/**
 * Naming the two sides of a flow (see FlowPeer). `peerKey` runs for both sides of every flow and
 * only builds the key string; `peerId` builds the full description once per new edge. Both
 * follow the same precedence, which the tests pin.
 * @internal
 */
import type { FlowEndpoint } from '../hubble/Flow.ts';
import { LOCAL_IDENTITY_SCOPE, reservedIdentityName } from '../hubble/enums.ts';
import type { FlowPeer, FlowPeerId, PeerEvidence } from './types.ts';

/**
 * The reserved entity of an endpoint, from its numeric identity or its `reserved:` labels;
 * `world` also for world-ipv4/ipv6 and CIDR/FQDN identities; null for pods and unknown endpoints.
 */
export function reservedEntity(ep: FlowEndpoint): string | null {
  return reservedEntityOf(ep.identity, ep.labels);
}

/** `reservedEntity` of a numeric identity and its labels (a flow's side, or a CiliumIdentity). */
export function reservedEntityOf(id: number, labels: readonly string[]): string | null {
  if (id >= LOCAL_IDENTITY_SCOPE) {
    // A node-local (CIDR) identity is world, unless its labels say it is the kube-apiserver
    // (Cilium gives an API server outside the cluster such an identity, e.g. 16777217 with
    // reserved:kube-apiserver and reserved:world).
    return labels.includes('reserved:kube-apiserver') ? 'kube-apiserver' : 'world';
  }
  if (id > 0) {
    const name = reservedIdentityName(id);
    if (name !== null) return name === 'world-ipv4' || name === 'world-ipv6' ? 'world' : name;
  }
  let found: string | null = null;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as string;
    if (l.startsWith('reserved:')) {
      const name = l.slice(9);
      // kube-apiserver endpoints also carry reserved:host or reserved:world; the more specific name wins.
      if (name === 'kube-apiserver') return name;
      if (found === null) found = name === 'world-ipv4' || name === 'world-ipv6' ? 'world' : name;
    } else if (found === null && (l.startsWith('cidr:') || l.startsWith('fqdn:'))) {
      found = 'world';
    }
  }
  return found;
}

/** Edge key of one side. `ip` is the side's address, `names` its `*_names`. */
export function peerKey(ep: FlowEndpoint, ip: string, names: readonly string[]): string {
  const w = ep.workloads[0];
  if (w !== undefined) return `${ep.namespace}/${w.kind}/${w.name}`;
  if (ep.podName !== '') return `${ep.namespace}/Pod/${ep.podName}`;
  const entity = reservedEntity(ep);
  if (entity === null) {
    if (ep.identity > 0) return `identity:${ep.identity}`;
  } else if (entity !== 'world') {
    return `reserved:${entity}`;
  }
  const name = names[0];
  if (name !== undefined) return `fqdn:${name}`;
  if (ip !== '') return `ip:${ip}`;
  return entity === 'world' ? 'reserved:world' : 'unknown';
}

/** The full description of a side (same precedence as `peerKey`, which gives `key`; a caller that has it passes it). */
export function peerId(ep: FlowEndpoint, ip: string, names: readonly string[], key = peerKey(ep, ip, names)): FlowPeerId {
  const w = ep.workloads[0];
  if (w !== undefined) return { kind: 'workload', key, namespace: ep.namespace, workloadKind: w.kind, name: w.name };
  if (ep.podName !== '') return { kind: 'pod', key, namespace: ep.namespace, name: ep.podName };
  if (key.startsWith('identity:')) return { kind: 'identity', key, identity: ep.identity, namespace: ep.namespace };
  if (key.startsWith('reserved:')) return { kind: 'reserved', key, entity: key.slice(9) };
  if (key.startsWith('fqdn:')) return { kind: 'fqdn', key, name: key.slice(5) };
  if (key.startsWith('ip:')) return { kind: 'ip', key, ip: key.slice(3) };
  return { kind: 'unknown', key };
}

/**
 * `{ ...id, evidence }`, written out per kind (same keys, same order): a spread over the seven
 * shapes of FlowPeerId is a megamorphic object clone, and `finish()` makes two per edge (spreads
 * were a fifth of `finish()` on an export of 31,000 edges).
 */
export function withEvidence(id: FlowPeerId, evidence: PeerEvidence): FlowPeer {
  switch (id.kind) {
    case 'workload':
      return { kind: id.kind, key: id.key, namespace: id.namespace, workloadKind: id.workloadKind, name: id.name, evidence };
    case 'pod':
      return { kind: id.kind, key: id.key, namespace: id.namespace, name: id.name, evidence };
    case 'identity':
      return { kind: id.kind, key: id.key, identity: id.identity, namespace: id.namespace, evidence };
    case 'reserved':
      return { kind: id.kind, key: id.key, entity: id.entity, evidence };
    case 'fqdn':
      return { kind: id.kind, key: id.key, name: id.name, evidence };
    case 'ip':
      return { kind: id.kind, key: id.key, ip: id.ip, evidence };
    case 'unknown':
      return { kind: id.kind, key: id.key, evidence };
  }
}

/** A sequential copy of a key built by concatenation (kept for the whole stream: one string, not a tree of parts). */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * `peerKey` as a small number (one per distinct key text, `keyOf` gives the text): workload and
 * pod keys are looked up by their parts in nested maps, so the common case allocates nothing; the
 * number keys the aggregator's edge tables (edgeTable.ts). Two ways to the same text (a workload
 * of kind `Pod` and a pod of that name) give the same number. Bounded by the number of distinct
 * peers.
 */
export class PeerKeys {
  private readonly workloads = new Map<string, Map<string, Map<string, number>>>();
  private readonly pods = new Map<string, Map<string, number>>();
  /** Every key text, by number: flat copies (kept for the whole stream). */
  private readonly texts: string[] = [];
  private readonly byText = new Map<string, number>();

  /** The text of a number `id` gave. */
  keyOf(id: number): string {
    return this.texts[id] as string;
  }

  id(ep: FlowEndpoint, ip: string, names: readonly string[]): number {
    const w = ep.workloads[0];
    if (w !== undefined) {
      let byKind = this.workloads.get(ep.namespace);
      if (byKind === undefined) this.workloads.set(ep.namespace, (byKind = new Map()));
      let byName = byKind.get(w.kind);
      if (byName === undefined) byKind.set(w.kind, (byName = new Map()));
      let id = byName.get(w.name);
      if (id === undefined) byName.set(w.name, (id = this.intern(peerKey(ep, ip, names))));
      return id;
    }
    if (ep.podName !== '') {
      let byName = this.pods.get(ep.namespace);
      if (byName === undefined) this.pods.set(ep.namespace, (byName = new Map()));
      let id = byName.get(ep.podName);
      if (id === undefined) byName.set(ep.podName, (id = this.intern(peerKey(ep, ip, names))));
      return id;
    }
    return this.intern(peerKey(ep, ip, names));
  }

  private intern(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) {
      const own = flat(text);
      id = this.texts.length;
      this.texts.push(own);
      this.byText.set(own, id);
    }
    return id;
  }
}
