/**
 * The PEER grammar shared by the CLI (`--from`, `--to`) and the UI's query box:
 *   ns/name          a pod or a controller (Deployment, StatefulSet…) from the inventory
 *   ns[k=v,k2=v2]    a hypothetical pod in ns with exactly these labels
 *   10.0.0.1, fd00::1  an address: a pod's, a node's, a Service ClusterIP (DNAT'ed to a backend) or outside
 *   fqdn:NAME        an outside DNS name (toFQDNs)
 *   entity:NAME      a reserved identity: world, host, remote-node, kube-apiserver, health, init, ingress, unmanaged
 *   node:NAME        a node (host for its own pods, remote-node for the others)
 * @public
 */
import type { Service } from '../model/cluster.ts';
import { formatLabel } from '../model/labels.ts';
import { parseIp } from '../net/cidr.ts';
import { podIdentityLabels } from '../identity/podIdentity.ts';
import { identityKeyOf } from '../identity/identities.ts';
import { isReservedEntity, reservedEntities } from '../identity/reserved.ts';
import type { EngineModel } from './compile.ts';
import type { Endpoint, ReservedEntity } from './types.ts';

export type PeerRef =
  | { readonly kind: 'named'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'labels'; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'ip'; readonly ip: string }
  | { readonly kind: 'fqdn'; readonly name: string }
  | { readonly kind: 'entity'; readonly entity: ReservedEntity }
  | { readonly kind: 'node'; readonly name: string };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const FQDN = /^[-a-zA-Z0-9_.]+\.?$/;

export const peerGrammar = 'ns/name | ns[k=v,...] | IP | fqdn:NAME | entity:NAME | node:NAME';

export function parsePeerRef(text: string): Parsed<PeerRef> {
  const s = text.trim();
  if (s === '') return { ok: false, error: `empty peer; expected ${peerGrammar}` };
  if (s.startsWith('fqdn:')) {
    const name = s.slice(5);
    return FQDN.test(name) ? { ok: true, value: { kind: 'fqdn', name } } : { ok: false, error: `"${name}" is not a DNS name` };
  }
  if (s.startsWith('entity:')) {
    const e = s.slice(7);
    if (isReservedEntity(e)) return { ok: true, value: { kind: 'entity', entity: e } };
    const hint = e === 'cluster' || e === 'all' ? ` ("${e}" is a class of identities, not one peer; name a pod or another entity)` : '';
    return { ok: false, error: `unknown entity "${e}"; expected one of ${reservedEntities.join(', ')}${hint}` };
  }
  if (s.startsWith('node:')) return { ok: true, value: { kind: 'node', name: s.slice(5) } };
  if (parseIp(s)) return { ok: true, value: { kind: 'ip', ip: s } };
  const bracket = /^([^[\]/]+)\[(.*)\]$/.exec(s);
  if (bracket) {
    const [, ns, body] = bracket as unknown as [string, string, string];
    const labels: Record<string, string> = {};
    for (const part of body.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return { ok: false, error: `label "${part}" in ${s} must be key=value` };
      labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    return { ok: true, value: { kind: 'labels', namespace: ns, labels } };
  }
  const slash = s.split('/');
  if (slash.length === 2 && NAME.test(slash[0] as string) && (slash[1] as string) !== '')
    return { ok: true, value: { kind: 'named', namespace: slash[0] as string, name: slash[1] as string } };
  return { ok: false, error: `cannot read peer "${s}"; expected ${peerGrammar}` };
}

export function formatPeerRef(r: PeerRef): string {
  switch (r.kind) {
    case 'named':
      return `${r.namespace}/${r.name}`;
    case 'labels':
      return `${r.namespace}[${Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(',')}]`;
    case 'ip':
      return r.ip;
    case 'fqdn':
      return `fqdn:${r.name}`;
    case 'entity':
      return `entity:${r.entity}`;
    case 'node':
      return `node:${r.name}`;
  }
}

export interface ResolvedPeer {
  readonly endpoint: Endpoint;
  /** Set when the address was a Service ClusterIP: the endpoint is one of its backends. */
  readonly service: Service | null;
  readonly notes: readonly string[];
}

function labelStrings(model: EngineModel, key: string | null): string[] {
  if (key === null) return [];
  const idx = model.identityIndex.get(key as never);
  const id = idx !== undefined ? model.identities[idx] : undefined;
  return id ? [...id.labels.values()].map(formatLabel) : [];
}

function nodeEndpoint(model: EngineModel, name: string | null, display: string): Endpoint {
  const ip = name !== null ? (model.nodes.get(name)?.ips[0] ?? null) : null;
  return { kind: 'node', name, ip, display };
}

function resolveNamed(model: EngineModel, ns: string, name: string): Parsed<ResolvedPeer> {
  const display = `${ns}/${name}`;
  const pod = model.cluster.pods.find((p) => p.namespace === ns && p.name === name);
  if (pod) {
    if (pod.hostNetwork) return { ok: true, value: { endpoint: nodeEndpoint(model, pod.nodeName, `${display} (hostNetwork)`), service: null, notes: [`${display} uses the host network: it has its node's identity`] } };
    const key = model.identityTable.byPod.get(display) ?? null;
    return {
      ok: true,
      value: {
        endpoint: { kind: 'endpoint', identity: key, labels: labelStrings(model, key), namespace: ns, display, workload: pod.workload, ports: pod.ports, ip: pod.ips[0] ?? null, nodeName: pod.nodeName },
        service: null,
        notes: [],
      },
    };
  }
  const ws = model.cluster.workloads.filter((w) => w.namespace === ns && (w.name === name || `${w.kind}/${w.name}` === name));
  const w = ws.find((x) => x.kind !== 'Pod' && x.kind !== 'ReplicaSet') ?? ws[0];
  if (!w) return { ok: false, error: `no pod or workload ${display} in the inventory` };
  const pods = model.cluster.pods.filter((p) => p.workload === w.key);
  const nodesOf = [...new Set(pods.map((p) => p.nodeName))];
  if (w.hostNetwork) return { ok: true, value: { endpoint: nodeEndpoint(model, nodesOf.length === 1 ? (nodesOf[0] ?? null) : null, `${display} (hostNetwork)`), service: null, notes: [] } };
  const keys = model.identityTable.byWorkload.get(w.key) ?? [];
  const key = keys[0] ?? null;
  const notes = keys.length > 1 ? [`${display}'s pods have ${keys.length} different identities (labels differ); using the first`] : [];
  return {
    ok: true,
    value: {
      endpoint: {
        kind: 'endpoint',
        identity: key,
        labels: labelStrings(model, key),
        namespace: ns,
        display,
        workload: w.key,
        ports: w.ports,
        ip: pods[0]?.ips[0] ?? null,
        nodeName: nodesOf.length === 1 ? (nodesOf[0] ?? null) : null,
      },
      service: null,
      notes,
    },
  };
}

export function resolvePeerRef(model: EngineModel, ref: PeerRef): Parsed<ResolvedPeer> {
  const display = formatPeerRef(ref);
  switch (ref.kind) {
    case 'named':
      return resolveNamed(model, ref.namespace, ref.name);
    case 'labels': {
      const ns = model.cluster.namespaces.get(ref.namespace);
      const notes = ns ? [] : [`namespace ${ref.namespace} is not in the inventory: its labels are unknown`];
      const labels = podIdentityLabels({ namespace: ref.namespace, podLabels: ref.labels, namespaceLabels: ns?.labels ?? {}, serviceAccount: 'default', clusterName: model.cluster.name });
      const key = identityKeyOf(labels);
      const known = model.identityIndex.has(key);
      return {
        ok: true,
        value: {
          endpoint: { kind: 'endpoint', identity: known ? key : null, labels: [...labels.values()].map(formatLabel), namespace: ref.namespace, display, workload: null, ports: [], ip: null, nodeName: null },
          service: null,
          notes,
        },
      };
    }
    case 'ip': {
      const pod = model.podByIp.get(ref.ip);
      if (pod) return resolveNamed(model, pod.namespace, pod.name);
      const node = model.nodeByIp.get(ref.ip);
      if (node !== undefined) return { ok: true, value: { endpoint: { kind: 'node', name: node, ip: ref.ip, display: `node ${node} (${ref.ip})` }, service: null, notes: [] } };
      const svc = model.cluster.services.find((s) => s.clusterIPs.includes(ref.ip));
      if (svc) {
        if (svc.selector === null) return { ok: false, error: `${ref.ip} is the ClusterIP of ${svc.namespace}/${svc.name}, which has no selector; give a backend address instead` };
        const sel = svc.selector;
        const backend = model.cluster.pods.find((p) => p.namespace === svc.namespace && Object.entries(sel).every(([k, v]) => p.labels[k] === v));
        if (!backend) return { ok: false, error: `${ref.ip} is the ClusterIP of ${svc.namespace}/${svc.name}, but no loaded pod backs it` };
        const r = resolveNamed(model, backend.namespace, backend.name);
        if (!r.ok) return r;
        return { ok: true, value: { ...r.value, service: svc, notes: [`${ref.ip} is the ClusterIP of Service ${svc.namespace}/${svc.name}: policy sees the backend ${backend.namespace}/${backend.name} after DNAT`] } };
      }
      return { ok: true, value: { endpoint: { kind: 'ip', ip: ref.ip, display }, service: null, notes: [] } };
    }
    case 'fqdn':
      return { ok: true, value: { endpoint: { kind: 'fqdn', name: ref.name, ip: null, display }, service: null, notes: [] } };
    case 'entity':
      return { ok: true, value: { endpoint: { kind: 'entity', entity: ref.entity, display }, service: null, notes: [] } };
    case 'node':
      if (!model.nodes.has(ref.name) && !model.cluster.pods.some((p) => p.nodeName === ref.name)) return { ok: false, error: `no node ${ref.name} in the inventory` };
      return { ok: true, value: { endpoint: nodeEndpoint(model, ref.name, display), service: null, notes: [] } };
  }
}

/** Port after Service DNAT: the target port (number or name) of the Service port matching `port`. */
export function serviceTargetPort(svc: Service, port: number, protocol: string): number | string | null {
  const sp = svc.ports.find((p) => p.port === port && p.protocol === protocol);
  if (!sp) return null;
  return sp.targetPort ?? sp.port;
}

/** Suggestions for a partly typed PEER (the UI's autocomplete uses the same grammar). */
export function peerRefCompletions(model: EngineModel, partial: string, limit = 20): string[] {
  const out = new Set<string>();
  const p = partial.trim();
  if ('entity:'.startsWith(p) || p.startsWith('entity:')) for (const e of reservedEntities) out.add(`entity:${e}`);
  if ('node:'.startsWith(p) || p.startsWith('node:')) for (const n of model.nodes.keys()) out.add(`node:${n}`);
  for (const w of model.cluster.workloads) if (w.kind !== 'ReplicaSet') out.add(`${w.namespace}/${w.name}`);
  for (const pod of model.cluster.pods) out.add(`${pod.namespace}/${pod.name}`);
  for (const ns of model.cluster.namespaces.keys()) out.add(`${ns}[`);
  return [...out].filter((s) => s.startsWith(p)).sort().slice(0, limit);
}
