/**
 * Generated policy objects → model Policies, through the real parser (so a generated rule means
 * exactly what Cilium would make of it), and → YAML.
 * @internal
 */
import { stringify } from 'yaml';
import { parseCiliumPolicy } from '../cilium/CiliumNetworkPolicy.ts';
import type { RawDocument } from '../load/types.ts';
import type { EngineModel } from '../engine/compile.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { JsonObject } from './build.ts';

export function parseGenerated(model: EngineModel, obj: JsonObject, index: number): { policy: Policy | null; diagnostics: readonly Diagnostic[] } {
  const doc: RawDocument = { file: '<suggested fix>', index, pathPrefix: '', value: obj, position: () => ({ line: 0, column: 0 }) };
  const r = parseCiliumPolicy(doc, { defaultNamespace: 'default', clusterName: model.cluster.name, ciliumVersion: model.settings.ciliumVersion });
  return { policy: r.value, diagnostics: r.diagnostics };
}

export function toYaml(obj: JsonObject): string {
  return stringify(obj, { lineWidth: 0 });
}

/** A name not taken by another policy of the same kind and namespace. */
export function freeName(model: EngineModel, namespace: string, name: string): string {
  const taken = new Set(model.cluster.policies.filter((p) => p.ref.kind === 'CiliumNetworkPolicy' && p.ref.namespace === namespace).map((p) => p.ref.name));
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name}-${i}`)) return `${name}-${i}`;
}
