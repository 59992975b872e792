import type { SourceRef } from '../model/diagnostic.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A Service's backend addresses as Endpoints (`subsets[].addresses[].ip`) or an EndpointSlice
 * (`endpoints[].addresses[]`, its Service named by the `kubernetes.io/service-name` label) list
 * them. For a Service without a selector these are the only record of its backends (an external
 * database, a manually managed backend), and Cilium turns them into CIDR selectors for
 * `toServices` (semantics A.8).
 * @public
 */
export interface ServiceBackends {
  readonly namespace: string;
  readonly service: string;
  readonly ips: readonly string[];
  readonly source: SourceRef;
}

export function parseEndpoints(doc: RawDocument, ctx: ParseContext, kind: 'Endpoints' | 'EndpointSlice'): ParseResult<ServiceBackends> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, kind, { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  const ips: string[] = [];
  const add = (ip: unknown, path: (string | number)[]): void => {
    if (typeof ip !== 'string') return r.wrongType(path, 'an IP address', ip, 'ignored');
    if (!parseIp(ip)) return r.report(path, 'warning', 'invalid-ip', `"${ip}" is not an IP address: ignored.`);
    if (!ips.includes(ip)) ips.push(ip);
  };
  let service = meta.name;
  if (kind === 'Endpoints') {
    r.array(doc.value, 'subsets', ['subsets']).forEach((sub, i) => {
      if (!isObject(sub)) return;
      r.array(sub, 'addresses', ['subsets', i, 'addresses']).forEach((a, j) => {
        if (isObject(a)) add(a['ip'], ['subsets', i, 'addresses', j, 'ip']);
      });
    });
  } else {
    const owner = meta.labels['kubernetes.io/service-name'];
    if (!owner) {
      r.report(['metadata', 'labels'], 'info', 'endpointslice-no-service', 'This EndpointSlice has no kubernetes.io/service-name label: it belongs to no Service, so no policy reaches it through toServices.');
      return { value: null, diagnostics: r.diagnostics };
    }
    service = owner;
    r.array(doc.value, 'endpoints', ['endpoints']).forEach((ep, i) => {
      if (!isObject(ep)) return;
      r.array(ep, 'addresses', ['endpoints', i, 'addresses']).forEach((a, j) => add(a, ['endpoints', i, 'addresses', j]));
    });
  }
  return { value: { namespace: meta.namespace, service, ips, source: sourceOf(doc) }, diagnostics: r.diagnostics };
}
