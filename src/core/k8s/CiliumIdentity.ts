import type { CiliumIdentityInfo } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A CiliumIdentity (`kubectl get ciliumidentities -o yaml`, a sysdump's `ciliumidentities-<ts>.yaml`):
 * cluster-scoped, named by its numeric identity, with `security-labels`, the label set Cilium
 * allocated it for, as a map from `source:key` to value (cilium/cilium
 * pkg/k8s/apis/cilium.io/v2/types.go; the operator reads the name with ParseUint(name, 10, 32)).
 * Flows that carry only the number are named from it.
 * @public
 */
export const NAMESPACE_SECURITY_LABEL = 'k8s:io.kubernetes.pod.namespace';

export function parseCiliumIdentity(doc: RawDocument, ctx: ParseContext): ParseResult<CiliumIdentityInfo> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumIdentity', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  if (!/^[0-9]{1,10}$/.test(meta.name) || Number(meta.name) > 2 ** 32 - 1) {
    r.report(['metadata', 'name'], 'warning', 'invalid-value', `CiliumIdentity "${meta.name}" is not named by a numeric identity (Cilium names each one by its number and ignores any other): skipped.`);
    return { value: null, diagnostics: r.diagnostics };
  }
  const raw = doc.value['security-labels'];
  const labels: string[] = [];
  if (raw === undefined || raw === null) {
    r.report([], 'warning', 'missing-field', `CiliumIdentity ${meta.name} has no security-labels: flows with this identity stay unnamed.`);
  } else if (!isObject(raw)) {
    r.wrongType(['security-labels'], 'a map of source:key to value', raw, 'ignored');
  } else {
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string') {
        r.wrongType(['security-labels', k], 'a string', v, 'ignored');
        continue;
      }
      // Cilium's own label form (`k8s:app=web`; a label without value is `reserved:host`).
      labels.push(v === '' ? k : `${k}=${v}`);
    }
  }
  labels.sort();
  const ns = labels.find((l) => l.startsWith(`${NAMESPACE_SECURITY_LABEL}=`));
  return {
    value: { id: Number(meta.name), labels, namespace: ns ? ns.slice(NAMESPACE_SECURITY_LABEL.length + 1) : null, source: sourceOf(doc) },
    diagnostics: r.diagnostics,
  };
}
