/**
 * The PEER grammar shared by the CLI (`--from`, `--to`) and the UI's query box:
 *   ns/name          a pod or a controller (Deployment, StatefulSet…) from the inventory
 *   ns[k=v,k2=v2]    a hypothetical pod in ns with exactly these labels
 *   10.0.0.1, fd00::1  an address: a pod's, a node's, a Service ClusterIP (DNAT'ed to a backend) or outside
 *   fqdn:NAME        an outside DNS name (toFQDNs)
 *   entity:NAME      a reserved identity: world, host, remote-node, kube-apiserver, health, init, ingress, unmanaged
 *   node:NAME        a node (host for its own pods, remote-node for the others)
 * and what the graph shows as node labels:
 *   internet, world  the reserved entity world (`entity:world`)
 *   host, remote-node, kube-apiserver, health, init, unmanaged, ingress   the reserved entity of that name
 *   DNS              the cluster's DNS workload (CoreDNS / kube-dns)
 *   10.0.0.0/8, `10.0.0.0/8, 172.16.0.0/12 (excepted from internet)` (and the older `except 10.0.0.0/8, …`)
 *                    a CIDR node: an address inside the (first) range
 *   api.github.com, *.github.com   an FQDN node (a `*` of a pattern stands for `www`)
 *   NAME             a workload, or a pod (resolving to its workload), by name in any namespace
 * Names are resolved against the inventory (`resolvePeerRef`): a workload or pod named like an
 * entity or a DNS name wins over it, and `ns/name` always disambiguates.
 * @public
 */
import type { Service } from '../model/cluster.ts';
import { formatLabel } from '../model/labels.ts';
import { podIdentityLabels } from '../identity/podIdentity.ts';
import { identityKeyOf } from '../identity/identities.ts';
import { ipcacheCode } from './ipcacheCode.ts';
import { isReservedEntity, reservedEntities } from '../identity/reserved.ts';
import { isClusterDns } from '../model/clusterDns.ts';
import { formatCidr, formatIp, parseCidr as parseCidrText, parseIp } from '../net/cidr.ts';
import type { EngineModel } from './compile.ts';
import type { Endpoint, ReservedEntity } from './types.ts';

export type PeerRef =
  | { readonly kind: 'named'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'labels'; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'ip'; readonly ip: string }
  | { readonly kind: 'fqdn'; readonly name: string }
  | { readonly kind: 'entity'; readonly entity: ReservedEntity }
  | { readonly kind: 'node'; readonly name: string }
  /** `10.0.0.0/8` (or an excepted ranges label `10.0.0.0/8, … (excepted from internet)`, read as its first range). */
  | { readonly kind: 'cidr'; readonly cidr: string }
  /** `DNS`: the cluster's DNS workload. */
  | { readonly kind: 'dns' }
  /** A bare name: a workload or pod in any namespace, else (with a dot) an FQDN, else the entity of that name. */
  | { readonly kind: 'name'; readonly name: string };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const FQDN = /^[-a-zA-Z0-9_.]+\.?$/;

export const peerGrammar = 'ns/name | NAME | ns[k=v,...] | IP | CIDR | fqdn:NAME | DNS-NAME | entity:NAME | internet | DNS | node:NAME';

/** Entities the graph labels by name that are never taken for a workload name (`ingress` is: resolved by name first). */
const BARE_ENTITIES: ReadonlySet<string> = new Set(['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'unmanaged']);
const BARE_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9._]*[a-zA-Z0-9])?$/;
const FQDN_PATTERN = /^(\*\.|\*)?[-a-zA-Z0-9_.*]+\.?$/;

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
    const hint = e === 'cluster' || e === 'cluster-mesh' || e === 'all' ? ` ("${e}" is a class of identities, not one peer; name a pod or another entity)` : '';
    return { ok: false, error: `unknown entity "${e}"; expected one of ${reservedEntities.join(', ')}${hint}` };
  }
  if (s.startsWith('node:')) return { ok: true, value: { kind: 'node', name: s.slice(5) } };
  if (parseIp(s)) return { ok: true, value: { kind: 'ip', ip: s } };
  // What the graph shows: `internet`, entity names, `DNS`, CIDR and FQDN node labels, bare names.
  const lower = s.toLowerCase();
  if (lower === 'internet' || lower === 'world') return { ok: true, value: { kind: 'entity', entity: 'world' } };
  if (BARE_ENTITIES.has(lower) && isReservedEntity(lower)) return { ok: true, value: { kind: 'entity', entity: lower } };
  if (s === 'DNS' || s === 'dns') return { ok: true, value: { kind: 'dns' } };
  const range = /^(?:except\s+)?([0-9a-fA-F.:]+\/\d{1,3})(?:\s*,.*)?$/.exec(s);
  if (range) {
    const c = parseCidrText(range[1] as string);
    if (c === null) return { ok: false, error: `"${range[1]}" is not a CIDR range` };
    return { ok: true, value: { kind: 'cidr', cidr: formatCidr(c) } };
  }
  if (s.includes('*')) {
    return FQDN_PATTERN.test(s) ? { ok: true, value: { kind: 'fqdn', name: s.replace(/\*/g, 'www') } } : { ok: false, error: `"${s}" is not a DNS name or pattern` };
  }
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
  if (slash.length === 1 && BARE_NAME.test(s)) return { ok: true, value: { kind: 'name', name: s } };
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
    case 'cidr':
      return r.cidr;
    case 'dns':
      return 'DNS';
    case 'name':
      return r.name;
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
      // An address only an agent's ipcache knows (ipcachePeer.ts, a chunk of its own: ipcacheCode.ts).
      const cached = model.cluster.agentIpcache ? ipcacheCode.get().ipcachePeer(model, ref.ip, display) : null;
      return { ok: true, value: cached ? { ...cached, service: null } : { endpoint: { kind: 'ip', ip: ref.ip, display }, service: null, notes: [] } };
    }
    case 'fqdn':
      return { ok: true, value: { endpoint: { kind: 'fqdn', name: ref.name, ip: null, display }, service: null, notes: [] } };
    case 'entity':
      return { ok: true, value: { endpoint: { kind: 'entity', entity: ref.entity, display }, service: null, notes: [] } };
    case 'node':
      if (!model.nodes.has(ref.name) && !model.cluster.pods.some((p) => p.nodeName === ref.name)) return { ok: false, error: `no node ${ref.name} in the inventory` };
      return { ok: true, value: { endpoint: nodeEndpoint(model, ref.name, display), service: null, notes: [] } };
    case 'cidr': {
      const c = parseCidrText(ref.cidr);
      if (c === null) return { ok: false, error: `"${ref.cidr}" is not a CIDR range` };
      const width = c.family === 4 ? 32 : 128;
      const ip = formatIp({ family: c.family, value: c.bits < width - 1 ? c.base + 1n : c.base });
      const r = resolvePeerRef(model, { kind: 'ip', ip });
      if (!r.ok) return r;
      return { ok: true, value: { ...r.value, notes: [`${ref.cidr} is a range: ${ip}, an address inside it, stands for it`, ...r.value.notes] } };
    }
    case 'dns': {
      const dns = model.cluster.workloads.filter((w) => w.kind !== 'ReplicaSet' && isClusterDns(w));
      const w = dns.find((x) => x.namespace === 'kube-system') ?? dns[0];
      if (!w) return { ok: false, error: 'no cluster DNS workload (CoreDNS / kube-dns, label k8s-app=kube-dns) in the inventory' };
      const r = workloadPeer(model, w.namespace, w.kind, w.name);
      if (!r.ok) return r;
      return { ok: true, value: { ...r.value, notes: [`DNS is the cluster's DNS service, ${w.namespace}/${w.name}`, ...r.value.notes] } };
    }
    case 'name':
      return resolveBareName(model, ref.name);
  }
}

/** Workloads and pods called `name`, in any namespace, as the workloads they stand for (`ns/Kind/name` keys). */
function workloadsNamed(model: EngineModel, name: string): { namespace: string; kind: string; name: string; via: string | null }[] {
  const out = new Map<string, { namespace: string; kind: string; name: string; via: string | null }>();
  for (const w of model.cluster.workloads) if (w.name === name && w.kind !== 'ReplicaSet' && w.kind !== 'Pod') out.set(w.key, { namespace: w.namespace, kind: w.kind, name: w.name, via: null });
  if (out.size === 0) {
    for (const p of model.cluster.pods) {
      if (p.name !== name) continue;
      const w = p.workload === null ? undefined : model.cluster.workloads.find((x) => x.key === p.workload);
      if (w && w.kind !== 'Pod') out.set(w.key, { namespace: w.namespace, kind: w.kind, name: w.name, via: p.name });
      else out.set(`${p.namespace}/Pod/${p.name}`, { namespace: p.namespace, kind: 'Pod', name: p.name, via: null });
    }
  }
  return [...out.values()];
}

/** A workload by kind and name, shown as `ns/name` as the other forms show it. */
function workloadPeer(model: EngineModel, namespace: string, kind: string, name: string): Parsed<ResolvedPeer> {
  const r = resolveNamed(model, namespace, kind === 'Pod' ? name : `${kind}/${name}`);
  if (!r.ok || r.value.endpoint.kind !== 'endpoint') return r;
  return { ok: true, value: { ...r.value, endpoint: { ...r.value.endpoint, display: `${namespace}/${name}` } } };
}

/** A bare NAME: a workload, else a pod (as its workload), else an FQDN (with a dot) or the entity of that name. */
function resolveBareName(model: EngineModel, name: string): Parsed<ResolvedPeer> {
  const found = workloadsNamed(model, name);
  if (found.length > 1) return { ok: false, error: `"${name}" names ${found.length} workloads: ${found.map((f) => `${f.namespace}/${f.name}`).sort().join(', ')}; give the namespace` };
  const f = found[0];
  if (f !== undefined) {
    const r = workloadPeer(model, f.namespace, f.kind, f.name);
    if (!r.ok || f.via === null) return r;
    return { ok: true, value: { ...r.value, notes: [`${f.via} is a pod of ${f.namespace}/${f.name}`, ...r.value.notes] } };
  }
  if (isReservedEntity(name)) return resolvePeerRef(model, { kind: 'entity', entity: name });
  if (name.includes('.') && FQDN.test(name)) return resolvePeerRef(model, { kind: 'fqdn', name });
  return { ok: false, error: `no workload or pod named "${name}" in the inventory; expected ${peerGrammar}` };
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
  // The graph's own words for outside peers.
  for (const alias of ['internet', 'kube-apiserver', 'host', 'remote-node']) out.add(alias);
  if (model.cluster.workloads.some(isClusterDns)) out.add('DNS');
  for (const w of model.cluster.workloads) if (w.kind !== 'ReplicaSet') out.add(`${w.namespace}/${w.name}`);
  for (const pod of model.cluster.pods) out.add(`${pod.namespace}/${pod.name}`);
  for (const ns of model.cluster.namespaces.keys()) out.add(`${ns}[`);
  return [...out].filter((s) => s.startsWith(p)).sort().slice(0, limit);
}
