/**
 * Builders for lint tests: the Part C cluster (shop, pay, kube-system) plus policies from YAML.
 * @internal
 */
import { buildCluster, policiesFromYaml, type PodSpec } from '../engine/testing.ts';
import { compile } from '../engine/compile.ts';
import type { EngineSettings } from '../engine/types.ts';
import type { Policy } from '../model/policy.ts';
import { lint } from './lint.ts';
import type { Finding, LintCode, LintOptions } from './types.ts';

export const pods: readonly PodSpec[] = [
  { ns: 'shop', name: 'frontend', labels: { app: 'frontend' }, ip: '10.244.1.10', node: 'n1' },
  { ns: 'shop', name: 'backend', labels: { app: 'backend' }, ip: '10.244.2.20', node: 'n2', ports: [['http', 8080, 'TCP']] },
  { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.244.1.30', node: 'n1', ports: [['postgres', 5432, 'TCP']] },
  { ns: 'pay', name: 'api', labels: { app: 'api' }, ip: '10.244.3.40', node: 'n2' },
  { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ip: '10.244.0.53', node: 'n1', ports: [['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP']] },
  // A node agent in the node's network namespace: the host identity, not a pod endpoint.
  { ns: 'shop', name: 'log-agent', labels: { app: 'log-agent' }, ip: '172.18.0.2', node: 'n1', hostNetwork: true },
];

export const nodes = [
  { name: 'n1', ip: '172.18.0.2' },
  { name: 'n2', ip: '172.18.0.3' },
];

export interface LintCase {
  readonly yaml: string;
  readonly settings?: Partial<EngineSettings>;
  readonly options?: LintOptions;
  /** Applied to parsed policies (e.g. to set fields the parser does not fill yet). */
  readonly edit?: (p: Policy[]) => Policy[];
  readonly noInventory?: boolean;
}

export function lintYaml(c: LintCase): Finding[] {
  const { policies, diagnostics } = policiesFromYaml(c.yaml, { namespace: 'shop', ...(c.settings?.ciliumVersion ? { ciliumVersion: c.settings.ciliumVersion } : {}) });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test policy rejected: ${errors.map((d) => d.message).join('; ')}`);
  const cluster = buildCluster({ namespaces: { shop: { team: 'web' }, pay: { team: 'fin' }, 'kube-system': {} }, pods: c.noInventory ? [] : pods, nodes: c.noInventory ? [] : nodes, policies: c.edit ? c.edit(policies) : policies });
  const model = compile(cluster, c.settings ?? {});
  return lint(cluster, model, model.settings, c.options ?? {});
}

export const codes = (fs: readonly Finding[], code: LintCode): Finding[] => fs.filter((f) => f.code === code);
