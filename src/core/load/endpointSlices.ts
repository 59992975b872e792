import type { CiliumEndpointInfo, CiliumIdentityInfo } from '../model/cluster.ts';
import type { Diagnostic, SourceRef } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';

/**
 * The endpoints of CiliumEndpointSlices (k8s/CiliumEndpoint.ts parseCiliumEndpointSlice) joined to
 * the endpoint inventory: each pod without a CiliumEndpoint is added, its identity's labels taken
 * from the CiliumIdentity of its number (a slice carries the number only: cilium/cilium
 * pkg/k8s/apis/cilium.io/v2alpha1/types.go CoreCiliumEndpoint); a pod with one keeps its
 * CiliumEndpoint's (it has the labels), warned when the two give different identities. One note
 * sums it up, naming the identity numbers no CiliumIdentity was loaded for (those endpoints keep
 * their number, without labels: no selector matches them until the identities are loaded).
 * @internal
 */

interface Keyed<T> {
  readonly value: T;
  readonly source: SourceRef;
}

/** Numbers named in the note; the rest are counted. */
const SHOWN = 5;

export function mergeSliceEndpoints(slices: ReadonlyMap<string, Keyed<CiliumEndpointInfo>>, endpoints: Map<string, Keyed<CiliumEndpointInfo>>, identities: ReadonlyMap<string, Keyed<CiliumIdentityInfo>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const added: string[] = [];
  const unnamed = new Set<number>();
  let first: SourceRef | null = null;
  for (const [key, { value: ep, source }] of slices) {
    first ??= source;
    const cep = endpoints.get(key);
    if (cep) {
      if (ep.identityId !== null && cep.value.identityId !== null && ep.identityId !== cep.value.identityId) {
        out.push(lineDiagnostic(source.file, source.document, source.line, 1, 'warning', 'endpoint-slice-identity', `This CiliumEndpointSlice gives ${key} identity ${ep.identityId}, its CiliumEndpoint (${cep.source.file} line ${cep.source.line}) ${cep.value.identityId}: the two were saved at different times (the operator batches CiliumEndpoints into slices after a delay). netpol-viz keeps the CiliumEndpoint's.`));
      }
      continue;
    }
    const labels = ep.identityId === null ? undefined : identities.get(String(ep.identityId).padStart(10, '0'))?.value.labels;
    if (ep.identityId !== null && labels === undefined) unnamed.add(ep.identityId);
    endpoints.set(key, { value: labels === undefined ? ep : { ...ep, identityLabels: labels }, source });
    added.push(key);
  }
  if (first === null) return out;
  const parts = [`${slices.size} ${slices.size === 1 ? 'endpoint' : 'endpoints'}`, `${slices.size - added.length} with a CiliumEndpoint loaded (its own kept)`];
  if (added.length > 0) parts.push(`${added.length} had no CiliumEndpoint loaded (${added.slice(0, 3).join(', ')}${added.length > 3 ? ', …' : ''}): added, with the slice's identity number and addresses`);
  if (unnamed.size > 0) {
    const ids = [...unnamed].sort((a, b) => a - b);
    parts.push(`no CiliumIdentity was loaded for ${ids.length} identity ${ids.length === 1 ? 'number' : 'numbers'} (${ids.slice(0, SHOWN).join(', ')}${ids.length > SHOWN ? ', …' : ''}): those endpoints have no labels, so no selector matches them; load the sysdump's ciliumidentities (or \`kubectl get ciliumidentities -o yaml\`) with them`);
  }
  out.unshift(lineDiagnostic(first.file, -1, first.line, 1, 'info', 'cilium-endpoint-slices', `CiliumEndpointSlices (the operator's batches of CiliumEndpoints, which the agents read when enable-cilium-endpoint-slice is on): ${parts.join('; ')}.`));
  return out;
}
