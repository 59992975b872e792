import { readYaml } from './yamlDocuments.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import type { SourceDocument } from './sourceDocument.ts';

/**
 * Test helper (used by unit tests of the per-kind parsers): the first document of a YAML text,
 * with real line positions.
 * @internal
 */
export function yamlDoc(text: string, file = 'test.yaml'): SourceDocument {
  const res = readYaml(file, text, DEFAULT_LIMITS);
  const doc = res.documents[0];
  if (!doc) throw new Error(`no document in test YAML: ${JSON.stringify(res.diagnostics)}`);
  return doc;
}

/**
 * Test helper: one rule of the agent's repository as `cilium-dbg policy get` prints it (JSON,
 * labels naming the CiliumNetworkPolicy shop/web-ingress it came from).
 * @internal
 */
export const AGENT_RULE = {
  endpointSelector: { matchLabels: { 'any:app': 'web', 'k8s:io.kubernetes.pod.namespace': 'shop' } },
  ingress: [{ fromEndpoints: [{ matchLabels: { 'any:app': 'lb', 'k8s:io.kubernetes.pod.namespace': 'shop' } }] }],
  labels: [
    { key: 'io.cilium.k8s.policy.derived-from', value: 'CiliumNetworkPolicy', source: 'k8s' },
    { key: 'io.cilium.k8s.policy.name', value: 'web-ingress', source: 'k8s' },
    { key: 'io.cilium.k8s.policy.namespace', value: 'shop', source: 'k8s' },
  ],
};
