import type { CidrGroup } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { hostBitsWarning, parseCidr } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A CiliumCIDRGroup (cluster-scoped): named CIDR lists that `fromCIDRSet`/`toCIDRSet` refer to by
 * `cidrGroupRef` or select by label.
 * @public
 */
export function parseCiliumCIDRGroup(doc: RawDocument, ctx: ParseContext): ParseResult<CidrGroup> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumCIDRGroup', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  const spec = r.object(doc.value, 'spec', ['spec']);
  const cidrs: string[] = [];
  r.array(spec, 'externalCIDRs', ['spec', 'externalCIDRs']).forEach((c, i) => {
    const p = ['spec', 'externalCIDRs', i];
    if (typeof c !== 'string') {
      r.wrongType(p, 'a CIDR string', c, 'the API server rejects the group; this entry is ignored');
      return;
    }
    const parsed = parseCidr(c, false);
    if (!parsed) {
      r.report(p, 'error', 'invalid-cidr', `"${c}" is not a CIDR (a.b.c.d/n or x::/n): the CRD validation rejects the group; this entry is ignored, so policies referring to the group match less.`);
      return;
    }
    const hostBits = hostBitsWarning(parsed);
    if (hostBits !== null) r.report(p, 'warning', 'cidr-host-bits', hostBits);
    cidrs.push(c);
  });
  return { value: { name: meta.name, labels: meta.labels, cidrs, source: sourceOf(doc) }, diagnostics: r.diagnostics };
}
