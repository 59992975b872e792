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
export function readNetworking(r: FieldReader, parent: Obj | null, at: readonly PathSegment[]): { ips: string[]; nodeIP: string | null } {
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

/** The cluster name an endpoint's identity carries, if any. */
export function endpointClusterName(ep: CiliumEndpointInfo): string | null {
  const l = ep.identityLabels.find((x) => x.startsWith(CLUSTER_LABEL));
  return l ? l.slice(CLUSTER_LABEL.length) : null;
}
