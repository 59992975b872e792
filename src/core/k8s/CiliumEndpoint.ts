import type { CiliumEndpointInfo } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject, type Obj } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A CiliumEndpoint (`kubectl get ciliumendpoints -A -o json`): the identity Cilium actually
 * computed for a pod, with its numeric id and labels, and the pod's addresses.
 * @public
 */
export const CLUSTER_LABEL = 'k8s:io.cilium.k8s.policy.cluster=';

export function parseCiliumEndpoint(doc: RawDocument, ctx: ParseContext): ParseResult<CiliumEndpointInfo> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumEndpoint', { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  const status = r.object(doc.value, 'status', ['status']);
  if (!status) r.report([], 'warning', 'missing-field', 'This CiliumEndpoint has no status: its identity and addresses are unknown (kubectl prints them only for live endpoints).');
  const identity = r.object(status, 'identity', ['status', 'identity']);
  const identityId = r.integer(identity, 'id', ['status', 'identity', 'id'], { min: 0, max: 2 ** 32 - 1, code: 'invalid-value', what: 'ignored' });
  const identityLabels: string[] = [];
  r.array(identity, 'labels', ['status', 'identity', 'labels']).forEach((l, i) => {
    if (typeof l === 'string') identityLabels.push(l);
    else r.wrongType(['status', 'identity', 'labels', i], 'a string (source:key=value)', l, 'ignored');
  });
  const net = readNetworking(r, status, ['status']);
  return {
    value: { namespace: meta.namespace, name: meta.name, identityId, identityLabels, ips: net.ips, nodeIP: net.nodeIP, source: sourceOf(doc) },
    diagnostics: r.diagnostics,
  };
}

/** An endpoint's `networking` (cilium.io/v2 EndpointNetworking: `addressing[]` {ipv4, ipv6}, `node`) under `at`; bad addresses said and ignored. */
function readNetworking(r: FieldReader, parent: Obj | null, at: readonly PathSegment[]): { ips: string[]; nodeIP: string | null } {
  const networking = r.object(parent, 'networking', [...at, 'networking']);
  const ips: string[] = [];
  r.array(networking, 'addressing', [...at, 'networking', 'addressing']).forEach((a, i) => {
    const p = [...at, 'networking', 'addressing', i];
    if (!isObject(a)) {
      r.wrongType(p, 'a map', a, 'ignored');
      return;
    }
    for (const fam of ['ipv4', 'ipv6']) {
      const ip = r.string(a, fam, [...p, fam]);
      if (ip === null || ip === '') continue;
      if (parseIp(ip)) ips.push(ip);
      else r.report([...p, fam], 'warning', 'invalid-ip', `"${ip}" is not an IP address: ignored.`);
    }
  });
  return { ips, nodeIP: r.string(networking, 'node', [...at, 'networking', 'node']) };
}

/**
 * A CiliumEndpointSlice (cilium.io/v2alpha1, cluster-scoped: cilium/cilium
 * pkg/k8s/apis/cilium.io/v2alpha1/types.go at a8efa34af3f77326e7d83ff246ae79809cb0fc24,
 * CiliumEndpointSlice {namespace, endpoints}): the operator's batch of one namespace's
 * CiliumEndpoints, each a CoreCiliumEndpoint {name, id (the identity number), networking,
 * encryption, named-ports}: no labels (the loader takes them from the CiliumIdentity of that
 * number). Read under the CiliumEndpoint's rules: a field of the wrong type or a bad address is
 * said at its path and ignored; an endpoint without a name, or a slice without a namespace, is
 * said and not read. Each endpoint's source is its own line.
 */
export function parseCiliumEndpointSlice(doc: RawDocument, ctx: ParseContext): ParseResult<CiliumEndpointInfo[]> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumEndpointSlice', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  const namespace = r.string(doc.value, 'namespace', ['namespace']);
  if (namespace === null || namespace === '') {
    r.report([], 'warning', 'missing-field', `CiliumEndpointSlice ${meta.name} has no namespace: its endpoints belong to no namespace, so they are not read (the operator always sets it).`);
    return { value: null, diagnostics: r.diagnostics };
  }
  const out: CiliumEndpointInfo[] = [];
  r.array(doc.value, 'endpoints', ['endpoints']).forEach((e, i) => {
    const at = ['endpoints', i];
    if (!isObject(e)) {
      r.wrongType(at, 'a map', e, 'ignored');
      return;
    }
    const name = r.string(e, 'name', [...at, 'name']);
    if (name === null || name === '') {
      r.report(at, 'warning', 'missing-name', `This endpoint of CiliumEndpointSlice ${meta.name} has no name: it names no pod, so it is not read.`);
      return;
    }
    const identityId = r.integer(e, 'id', [...at, 'id'], { min: 0, max: 2 ** 32 - 1, code: 'invalid-value', what: 'ignored' });
    const net = readNetworking(r, e, at);
    out.push({ namespace, name, identityId, identityLabels: [], ips: net.ips, nodeIP: net.nodeIP, source: { file: doc.file, document: doc.index, line: doc.position(at).line } });
  });
  return { value: out, diagnostics: r.diagnostics };
}

/** The cluster name an endpoint's identity carries, if any. */
export function endpointClusterName(ep: CiliumEndpointInfo): string | null {
  const l = ep.identityLabels.find((x) => x.startsWith(CLUSTER_LABEL));
  return l ? l.slice(CLUSTER_LABEL.length) : null;
}
