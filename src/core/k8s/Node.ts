import type { Node } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A Node: its labels (`nodeSelector` of host policies, `fromNodes`/`toNodes`) and addresses
 * (traffic from a node IP has the host or remote-node identity).
 * @public
 */
export function parseNode(doc: RawDocument, ctx: ParseContext): ParseResult<Node> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'Node', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  const status = r.object(doc.value, 'status', ['status']);
  const ips: string[] = [];
  r.array(status, 'addresses', ['status', 'addresses']).forEach((a, i) => {
    const p = ['status', 'addresses', i];
    if (!isObject(a)) {
      r.wrongType(p, 'a map', a);
      return;
    }
    const type = r.string(a, 'type', [...p, 'type']);
    const address = r.string(a, 'address', [...p, 'address']);
    if ((type === 'InternalIP' || type === 'ExternalIP') && address && !ips.includes(address)) {
      if (parseIp(address)) ips.push(address);
      else r.report([...p, 'address'], 'warning', 'invalid-ip', `"${address}" is not an IP address: ignored.`);
    }
  });
  return { value: { name: meta.name, labels: meta.labels, ips, source: sourceOf(doc) }, diagnostics: r.diagnostics };
}
