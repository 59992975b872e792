/**
 * The harness for pkg/k8s network_policy_test.go (SOURCES.md): Kubernetes NetworkPolicies as
 * JSON/YAML documents through our parser, identities as pods in namespaces with namespace labels
 * (upstream `makePod(namespace, podLabels, nsLabels)`), and upstream's `policy.LookupFlow`
 * (the sender's egress and the receiver's ingress both pass) as our whole verdict.
 * @internal
 */
import { compile, type EngineModel } from '../compile.ts';
import { decide } from '../decide.ts';
import { buildCluster, ipEndpoint, podEndpoint, policiesFromYaml, type PodSpec } from '../testing.ts';
import type { Endpoint, EngineSettings, QueryProtocol } from '../types.ts';

export interface K8sPod {
  readonly ns: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nsLabels?: Readonly<Record<string, string>>;
}

/** The model: every document (`---` separated) and one pod per name. Throws on a load error. */
export function k8sModel(docs: readonly string[], pods: Readonly<Record<string, K8sPod>>, settings: Partial<EngineSettings> = {}, clusterName = 'default'): EngineModel {
  const { policies, diagnostics } = policiesFromYaml(docs.join('\n---\n'), { ciliumVersion: settings.ciliumVersion ?? '1.19', clusterName });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`upstream case does not load: ${errors.map((d) => d.message).join('; ')}`);
  const namespaces: Record<string, Record<string, string>> = {};
  for (const p of Object.values(pods)) namespaces[p.ns] = { ...namespaces[p.ns], ...p.nsLabels };
  const specs: PodSpec[] = Object.entries(pods).map(([name, p], i) => ({ ns: p.ns, name, labels: p.labels, ip: `10.244.${Math.floor(i / 200)}.${(i % 200) + 10}` }));
  return compile(buildCluster({ name: clusterName, namespaces, pods: specs, policies }), settings);
}

/** Upstream's `LookupFlow` verdict for a flow between two pods (by name) or a pod and an outside address. */
export function flow(m: EngineModel, from: string | Endpoint, to: string | Endpoint, port: number, protocol: QueryProtocol = 'TCP'): 'allowed' | 'denied' {
  const end = (name: string | Endpoint): Endpoint => {
    if (typeof name !== 'string') return name;
    if (/^[\d.]+$|:/.test(name)) return ipEndpoint(name);
    const pod = m.cluster.pods.find((p) => p.name === name);
    if (!pod) throw new Error(`no pod ${name}`);
    return podEndpoint(m, `${pod.namespace}/${name}`);
  };
  return decide(m, { from: end(from), to: end(to), port, protocol }).verdict;
}

/** A pod of another cluster of the mesh (ClusterMesh), by its identity labels. */
export function remotePod(cluster: string, ns: string, labels: Readonly<Record<string, string>>, nsLabels: Readonly<Record<string, string>> = {}): Endpoint {
  const all = [
    ...Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`),
    ...Object.entries({ 'kubernetes.io/metadata.name': ns, ...nsLabels }).map(([k, v]) => `k8s:io.cilium.k8s.namespace.labels.${k}=${v}`),
    `k8s:io.kubernetes.pod.namespace=${ns}`,
    `k8s:io.cilium.k8s.policy.cluster=${cluster}`,
  ];
  return { kind: 'endpoint', identity: null, labels: all, namespace: ns, display: `${cluster}/${ns}`, workload: null, ports: [], ip: null, nodeName: null };
}

/** The load diagnostics of the documents (for cases upstream expects to fail to parse). */
export function loadErrors(docs: readonly string[]): string[] {
  return policiesFromYaml(docs.join('\n---\n')).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}
