import type { Namespace } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';

/**
 * A Namespace: its labels become `io.cilium.k8s.namespace.labels.*` identity labels, which
 * namespace selectors (NetworkPolicy `namespaceSelector`, CNP namespace-label keys) match.
 * @public
 */
export function parseNamespace(doc: RawDocument, ctx: ParseContext): ParseResult<Namespace> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'Namespace', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  // Since Kubernetes 1.21 the API server sets (and overwrites) this label on every namespace;
  // exports of older clusters and hand-written manifests lack it, yet selectors rely on it.
  const labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
  return { value: { name: meta.name, labels, annotations: meta.annotations, source: sourceOf(doc) }, diagnostics: r.diagnostics };
}
