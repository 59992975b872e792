import type { Pod } from '../model/cluster.ts';
import type { SourceRef } from '../model/diagnostic.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf, type OwnerRef } from './ObjectMeta.ts';
import { readPodSpec } from './PodSpec.ts';

/**
 * A Pod as `kubectl get pods -o yaml` prints it, before its workload is known (the owner chain
 * is resolved once every document is read: see ownerChain.ts). The model's Pod, without its
 * workload, with the owner references as read.
 * @public
 */
export interface PodRecord extends Omit<Pod, 'owners' | 'workload' | 'source'> {
  readonly owners: readonly OwnerRef[];
  readonly source: SourceRef;
}

export function parsePod(doc: RawDocument, ctx: ParseContext): ParseResult<PodRecord> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'Pod', { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  const spec = r.object(doc.value, 'spec', ['spec']);
  const podSpec = readPodSpec(r, spec, ['spec']);
  const status = r.object(doc.value, 'status', ['status']);
  const ips: string[] = [];
  const addIp = (ip: string | null, path: (string | number)[]): void => {
    if (ip === null || ip === '' || ips.includes(ip)) return;
    if (!parseIp(ip)) {
      r.report(path, 'warning', 'invalid-ip', `"${ip}" is not an IP address: ignored (flows to this pod cannot be matched by this address).`);
      return;
    }
    ips.push(ip);
  };
  r.array(status, 'podIPs', ['status', 'podIPs']).forEach((p, i) => {
    if (isObject(p)) addIp(r.string(p, 'ip', ['status', 'podIPs', i, 'ip']), ['status', 'podIPs', i, 'ip']);
    else r.wrongType(['status', 'podIPs', i], 'a map with ip', p);
  });
  addIp(r.string(status, 'podIP', ['status', 'podIP']), ['status', 'podIP']);
  return {
    value: {
      namespace: meta.namespace,
      name: meta.name,
      labels: meta.labels,
      annotations: meta.annotations,
      ips,
      nodeName: podSpec.nodeName,
      hostIP: r.string(status, 'hostIP', ['status', 'hostIP']),
      hostNetwork: podSpec.hostNetwork,
      serviceAccount: podSpec.serviceAccount,
      ports: podSpec.ports,
      owners: meta.owners,
      phase: r.string(status, 'phase', ['status', 'phase']),
      source: sourceOf(doc),
    },
    diagnostics: r.diagnostics,
  };
}
