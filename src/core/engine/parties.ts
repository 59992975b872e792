/**
 * Endpoint (a query side, plain data) → Party (what the engine matches), with the lookups the
 * inventory allows: an IP that belongs to a pod is that pod, a node address is `host` for
 * endpoints on that node and `remote-node` for the others (B.1, B.8).
 * @internal
 */
import type { IdentityKey } from '../model/cluster.ts';
import { labelSet, type LabelSet } from '../model/labels.ts';
import { parseIp } from '../net/cidr.ts';
import { labelsFromStrings } from '../identity/identities.ts';
import { reservedLabels } from '../identity/reserved.ts';
import { assertNever } from '../util/assertNever.ts';
import { isApiserverAddress } from './apiserver.ts';
import type { EngineModel } from './compile.ts';
import type { AddressRange, Party } from './party.ts';
import type { Endpoint, ReservedEntity } from './types.ts';

function ipRange(ip: string | null): AddressRange | null {
  if (ip === null) return null;
  const p = parseIp(ip);
  return p ? { family: p.family, lo: p.value, hi: p.value } : null;
}

const worldLabels: LabelSet = reservedLabels(['world']);

/** The node an endpoint sits on (for host vs remote-node decisions). */
function nodeOf(e: Endpoint, model: EngineModel): string | null {
  switch (e.kind) {
    case 'endpoint':
      return e.nodeName;
    case 'node':
      return e.name ?? (e.ip !== null ? (model.nodeByIp.get(e.ip) ?? null) : null);
    case 'ip': {
      const pod = model.podByIp.get(e.ip);
      return pod ? pod.nodeName : (model.nodeByIp.get(e.ip) ?? null);
    }
    case 'entity':
    case 'fqdn':
      return null;
    default:
      return assertNever(e, 'endpoint');
  }
}

export function podParty(model: EngineModel, identity: number, display: string, ip: string | null, nodeName: string | null): Party {
  const id = model.identities[identity];
  if (!id) throw new Error(`identity index ${identity} out of range`);
  return {
    kind: 'pod',
    display,
    labels: id.labels,
    identity,
    reserved: [],
    range: ipRange(ip),
    names: [],
    ports: model.identityPorts[identity] ?? [],
    nodeName,
    nodeLabels: null,
    namespace: id.namespace,
  };
}

function nodeParty(model: EngineModel, name: string | null, ip: string | null, display: string, other: Endpoint, notes: string[]): Party {
  const otherNode = nodeOf(other, model);
  let role: ReservedEntity;
  if (name !== null && otherNode !== null) role = name === otherNode ? 'host' : 'remote-node';
  else if (other.kind === 'endpoint' || other.kind === 'ip') {
    role = 'remote-node';
    notes.push(`the node of ${name === null || otherNode === null ? (name === null ? display : other.display) : display} is not known; ${display} is treated as a remote node (it would be "host" for pods on the same node)`);
  } else role = 'host';
  const node = name !== null ? model.nodes.get(name) : undefined;
  const address = ip ?? node?.ips[0] ?? null;
  // An apiserver on this node: the node's identity carries reserved:kube-apiserver too (apiserver.ts).
  const reserved: ReservedEntity[] = isApiserverAddress(model, address) ? [role, 'kube-apiserver'] : [role];
  return {
    kind: 'reserved',
    display,
    labels: reservedLabels(reserved),
    identity: -1,
    reserved,
    range: ipRange(address),
    names: [],
    ports: [],
    nodeName: name,
    nodeLabels: node?.labels ?? {},
    namespace: null,
  };
}

export function toParty(model: EngineModel, e: Endpoint, other: Endpoint, notes: string[], names: readonly string[] = []): Party {
  switch (e.kind) {
    case 'endpoint': {
      const idx = e.identity !== null ? model.identityIndex.get(e.identity) : undefined;
      const labels = idx !== undefined ? (model.identities[idx]?.labels ?? labelSet([])) : labelsFromStrings(e.labels);
      const ports = e.ports.length > 0 || idx === undefined ? e.ports : (model.identityPorts[idx] ?? []);
      return {
        kind: 'pod',
        display: e.display,
        labels,
        identity: idx ?? -1,
        reserved: [],
        range: ipRange(e.ip),
        names: [],
        ports,
        nodeName: e.nodeName,
        nodeLabels: null,
        namespace: e.namespace,
      };
    }
    case 'node':
      return nodeParty(model, e.name ?? (e.ip !== null ? (model.nodeByIp.get(e.ip) ?? null) : null), e.ip, e.display, other, notes);
    case 'entity': {
      if (e.entity === 'world')
        return { kind: 'outside', display: e.display, labels: worldLabels, identity: -1, reserved: ['world'], range: null, names, ports: [], nodeName: null, nodeLabels: null, namespace: null };
      return {
        kind: 'reserved',
        display: e.display,
        labels: reservedLabels([e.entity]),
        identity: -1,
        reserved: [e.entity],
        range: null,
        names: [],
        ports: [],
        nodeName: null,
        nodeLabels: e.entity === 'host' || e.entity === 'remote-node' ? {} : null,
        namespace: null,
      };
    }
    case 'ip': {
      const pod = model.podByIp.get(e.ip);
      if (pod) {
        const key = model.identityTable.byPod.get(`${pod.namespace}/${pod.name}`);
        const idx = key !== undefined ? model.identityIndex.get(key as IdentityKey) : undefined;
        if (idx !== undefined) return podParty(model, idx, `${pod.namespace}/${pod.name} (${e.ip})`, e.ip, pod.nodeName);
      }
      const node = model.nodeByIp.get(e.ip);
      if (node !== undefined) return nodeParty(model, node, e.ip, `node ${node} (${e.ip})`, other, notes);
      // An apiserver outside the cluster: a CIDR (world) identity with reserved:kube-apiserver (apiserver.ts).
      const reserved: ReservedEntity[] = isApiserverAddress(model, e.ip) ? ['world', 'kube-apiserver'] : ['world'];
      return { kind: 'outside', display: e.display, labels: reserved.length > 1 ? reservedLabels(reserved) : worldLabels, identity: -1, reserved, range: ipRange(e.ip), names, ports: [], nodeName: null, nodeLabels: null, namespace: null };
    }
    case 'fqdn':
      return {
        kind: 'outside',
        display: e.display,
        labels: worldLabels,
        identity: -1,
        reserved: ['world'],
        range: ipRange(e.ip),
        names: [e.name, ...names],
        ports: [],
        nodeName: null,
        nodeLabels: null,
        namespace: null,
      };
    default:
      return assertNever(e, 'endpoint');
  }
}
