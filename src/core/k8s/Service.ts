import type { L4Protocol, Service, ServicePort } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { LABEL_RULES, readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A Service: its selector and ports (for `toServices` peers and for naming flows to cluster IPs).
 * @public
 */
const PROTOCOLS: readonly L4Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function parseService(doc: RawDocument, ctx: ParseContext): ParseResult<Service> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'Service', { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  const spec = r.object(doc.value, 'spec', ['spec']);
  // No selector: endpoints are managed by hand (or by a controller), not by labels.
  const selector = r.object(spec, 'selector', ['spec', 'selector']) ? r.stringMap(spec, 'selector', ['spec', 'selector'], LABEL_RULES) : null;
  const clusterIPs: string[] = [];
  const addIp = (ip: string | null, path: (string | number)[]): void => {
    if (ip === null || ip === '' || ip === 'None' || clusterIPs.includes(ip)) return;
    if (parseIp(ip)) clusterIPs.push(ip);
    else r.report(path, 'warning', 'invalid-ip', `"${ip}" is not an IP address: the API server rejects it; ignored.`);
  };
  r.array(spec, 'clusterIPs', ['spec', 'clusterIPs']).forEach((ip, i) => {
    if (typeof ip === 'string') addIp(ip, ['spec', 'clusterIPs', i]);
    else r.wrongType(['spec', 'clusterIPs', i], 'a string', ip);
  });
  addIp(r.string(spec, 'clusterIP', ['spec', 'clusterIP']), ['spec', 'clusterIP']);
  const ports: ServicePort[] = [];
  r.array(spec, 'ports', ['spec', 'ports']).forEach((p, i) => {
    const pp = ['spec', 'ports', i];
    if (!isObject(p)) {
      r.wrongType(pp, 'a map (a service port)', p);
      return;
    }
    const port = r.integer(p, 'port', [...pp, 'port'], { min: 1, max: 65535, code: 'invalid-port', what: 'the API server rejects the Service; this port is ignored' });
    if (port === null) return;
    let protocol: L4Protocol = 'TCP';
    const proto = r.string(p, 'protocol', [...pp, 'protocol']);
    if (proto !== null) {
      const known = PROTOCOLS.find((x) => x === proto);
      if (known) protocol = known;
      else r.report([...pp, 'protocol'], 'error', 'invalid-protocol', `Protocol "${proto}" is not TCP, UDP or SCTP: the API server rejects the Service; treated as TCP.`);
    }
    const tp = p['targetPort'];
    let targetPort: number | string | null = null;
    if (typeof tp === 'number' && Number.isInteger(tp)) targetPort = tp;
    else if (typeof tp === 'string') targetPort = /^\d+$/.test(tp) ? Number(tp) : tp.toLowerCase();
    else if (tp !== undefined && tp !== null) r.wrongType([...pp, 'targetPort'], 'a port number or name', tp);
    ports.push({ name: r.string(p, 'name', [...pp, 'name']), port, targetPort, protocol });
  });
  return {
    value: { namespace: meta.namespace, name: meta.name, selector, clusterIPs, ports, labels: meta.labels, source: sourceOf(doc) },
    diagnostics: r.diagnostics,
  };
}
