import type { CiliumEndpointInfo } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta } from './ObjectMeta.ts';
import { readNetworking } from './CiliumEndpoint.ts';

/**
 * A CiliumEndpointSlice (cilium.io/v2alpha1, cluster-scoped: cilium/cilium
 * pkg/k8s/apis/cilium.io/v2alpha1/types.go at a8efa34af3f77326e7d83ff246ae79809cb0fc24,
 * CiliumEndpointSlice {namespace, endpoints}): the operator's batch of one namespace's
 * CiliumEndpoints, each a CoreCiliumEndpoint {name, id (the identity number), networking,
 * encryption, named-ports}: no labels (the loader takes them from the CiliumIdentity of that
 * number). Read under the CiliumEndpoint's rules: a field of the wrong type or a bad address is
 * said at its path and ignored; an endpoint without a name, or a slice without a namespace, is
 * said and not read. Each endpoint's source is its own line. In the rare readers' chunk
 * (load/rareReaders.ts), with the loader's merge of them (load/endpointSlices.ts).
 * @internal
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
