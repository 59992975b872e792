/**
 * Small builders for engine tests: a Cluster from terse pod/node/service descriptions, policies
 * from YAML through the real parsers, and query endpoints. Not used by the product itself.
 * @internal
 */
import { parseAllDocuments } from 'yaml';
import type { Cluster, ContainerPort, L4Protocol, Namespace, Node, Pod, Service, Workload } from '../model/cluster.ts';
import { workloadKey } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { VersionGap } from '../model/versionGap.ts';
import { versionGapsOf } from '../cilium/versionGaps.ts';
import type { RawDocument } from '../load/types.ts';
import { parseCiliumPolicy } from '../cilium/CiliumNetworkPolicy.ts';
import { parseNetworkPolicy } from '../netpol/NetworkPolicy.ts';
import { formatLabel } from '../model/labels.ts';
import type { EngineModel } from './compile.ts';
import type { Endpoint } from './types.ts';
import { parsePeerRef, resolvePeerRef } from './peerRef.ts';

export interface PodSpec {
  readonly ns: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip?: string;
  readonly node?: string;
  readonly hostIP?: string;
  readonly ports?: readonly (readonly [name: string | null, port: number, protocol?: L4Protocol])[];
  readonly serviceAccount?: string;
  readonly hostNetwork?: boolean;
}

export interface ClusterSpec {
  readonly name?: string;
  readonly namespaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly pods?: readonly PodSpec[];
  readonly nodes?: readonly { readonly name: string; readonly ip: string; readonly labels?: Readonly<Record<string, string>> }[];
  readonly services?: readonly Service[];
  readonly policies?: readonly Policy[];
  readonly versionGaps?: readonly VersionGap[];
}

/** One bare pod per PodSpec, each its own workload (kind Pod). */
export function buildCluster(spec: ClusterSpec): Cluster {
  const namespaces = new Map<string, Namespace>();
  for (const [name, labels] of Object.entries(spec.namespaces ?? {})) namespaces.set(name, { name, labels, annotations: {}, source: null });
  const workloads: Workload[] = [];
  const pods: Pod[] = [];
  for (const p of spec.pods ?? []) {
    if (!namespaces.has(p.ns)) namespaces.set(p.ns, { name: p.ns, labels: {}, annotations: {}, source: null });
    const ports: ContainerPort[] = (p.ports ?? []).map(([name, port, protocol]) => ({ name, port, protocol: protocol ?? 'TCP' }));
    const key = workloadKey(p.ns, 'Pod', p.name);
    const common = { namespace: p.ns, name: p.name, annotations: {}, serviceAccount: p.serviceAccount ?? 'default', ports, hostNetwork: p.hostNetwork ?? false, source: null };
    workloads.push({ ...common, key, kind: 'Pod', podLabels: p.labels, labels: p.labels, podAnnotations: {}, replicas: null });
    pods.push({
      ...common,
      labels: p.labels,
      ips: p.ip ? [p.ip] : [],
      nodeName: p.node ?? null,
      hostIP: p.hostIP ?? null,
      owners: [],
      workload: key,
      phase: 'Running',
    });
  }
  const nodes: Node[] = (spec.nodes ?? []).map((n) => ({ name: n.name, labels: n.labels ?? {}, ips: [n.ip], source: null }));
  return {
    name: spec.name ?? 'default',
    namespaces,
    workloads,
    pods,
    endpoints: [],
    services: spec.services ?? [],
    nodes,
    cidrGroups: [],
    policies: spec.policies ?? [],
    ...(spec.versionGaps && spec.versionGaps.length > 0 ? { versionGaps: spec.versionGaps } : {}),
    sources: [],
    diagnostics: [],
  };
}

class TestDocument implements RawDocument {
  readonly pathPrefix = '';
  constructor(
    readonly file: string,
    readonly index: number,
    readonly value: unknown,
  ) {}
  position(): { line: number; column: number } {
    return { line: 0, column: 0 };
  }
}

/** Parses CNP/CCNP/NetworkPolicy YAML through the real parsers. */
export function policiesFromYaml(
  text: string,
  opts: { namespace?: string; clusterName?: string; ciliumVersion?: string; nodeSelectorLabels?: boolean } = {},
): { policies: Policy[]; diagnostics: Diagnostic[]; versionGaps: VersionGap[] } {
  const ctx = {
    defaultNamespace: opts.namespace ?? 'default',
    clusterName: opts.clusterName ?? 'default',
    ciliumVersion: opts.ciliumVersion ?? '1.19',
    ...(opts.nodeSelectorLabels !== undefined ? { nodeSelectorLabels: opts.nodeSelectorLabels } : {}),
  };
  const policies: Policy[] = [];
  const diagnostics: Diagnostic[] = [];
  const versionGaps: VersionGap[] = [];
  parseAllDocuments(text).forEach((d, i) => {
    const value: unknown = d.toJS();
    if (value === null || typeof value !== 'object') return;
    const doc = new TestDocument('<test>', i, value);
    const kind = (value as { kind?: unknown }).kind;
    const parse = (c: typeof ctx) => (kind === 'NetworkPolicy' ? parseNetworkPolicy(doc, c) : parseCiliumPolicy(doc, c));
    const r = parse(ctx);
    if (r.value) policies.push(r.value);
    diagnostics.push(...r.diagnostics);
    versionGaps.push(...versionGapsOf(r, ctx.ciliumVersion, (v) => parse({ ...ctx, ciliumVersion: v })));
  });
  return { policies, diagnostics, versionGaps };
}

/** A query endpoint for a pod of the model by `ns/name`. */
export function podEndpoint(model: EngineModel, ref: string): Endpoint {
  const [ns, name] = ref.split('/') as [string, string];
  const pod = model.cluster.pods.find((p) => p.namespace === ns && p.name === name);
  if (!pod) throw new Error(`no pod ${ref}`);
  const identity = model.identityTable.byPod.get(ref) ?? null;
  const idx = identity !== null ? model.identityIndex.get(identity) : undefined;
  const labels = idx !== undefined ? [...(model.identities[idx]?.labels.values() ?? [])].map(formatLabel) : [];
  return { kind: 'endpoint', identity, labels, namespace: ns, display: ref, workload: pod.workload, ports: pod.ports, ip: pod.ips[0] ?? null, nodeName: pod.nodeName };
}

/** A query endpoint as the CLI and the app's path query read it (`ns/name`, an address, `entity:…`, `fqdn:…`); throws on text they refuse. */
export function peerEndpoint(model: EngineModel, text: string): Endpoint {
  const p = parsePeerRef(text);
  if (!p.ok) throw new Error(p.error);
  const r = resolvePeerRef(model, p.value);
  if (!r.ok) throw new Error(r.error);
  return r.value.endpoint;
}

export const ipEndpoint = (ip: string): Endpoint => ({ kind: 'ip', ip, display: ip });
export const entityEndpoint = (entity: Extract<Endpoint, { kind: 'entity' }>['entity']): Endpoint => ({ kind: 'entity', entity, display: `entity:${entity}` });
export const fqdnEndpoint = (name: string, ip: string | null = null): Endpoint => ({ kind: 'fqdn', name, ip, display: `fqdn:${name}` });
