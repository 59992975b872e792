/**
 * The Part C fixture cluster (semantics reference, Part C) as builders, mirroring
 * test/fixtures/semantics/cluster.yaml, plus a query helper for the scenario tests.
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import type { Policy } from '../model/policy.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { compile, type EngineModel } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, fqdnEndpoint, ipEndpoint, podEndpoint } from './testing.ts';
import type { Decision, EngineSettings, Endpoint, L7Request, QueryProtocol } from './types.ts';

/** The same inventory built in code (kept for environments without the YAML loader). */
export function partCClusterBuilt(policies: readonly Policy[]) {
  return buildCluster({
    namespaces: { shop: { team: 'web' }, pay: { team: 'fin' }, 'kube-system': {} },
    nodes: [
      { name: 'node-a', ip: '172.18.0.3' },
      { name: 'node-b', ip: '172.18.0.2' },
    ],
    pods: [
      { ns: 'shop', name: 'frontend', labels: { app: 'frontend' }, ip: '10.244.1.10', node: 'node-a', hostIP: '172.18.0.3' },
      { ns: 'shop', name: 'backend', labels: { app: 'backend' }, ip: '10.244.2.20', node: 'node-a', hostIP: '172.18.0.3', ports: [['http', 8080]] },
      { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.244.1.30', node: 'node-a', hostIP: '172.18.0.3', ports: [[null, 5432]] },
      { ns: 'pay', name: 'api', labels: { app: 'api' }, ip: '10.244.3.40', node: 'node-b', hostIP: '172.18.0.2' },
      { ns: 'pay', name: 'frontend', labels: { app: 'frontend' }, ip: '10.244.3.41', node: 'node-b', hostIP: '172.18.0.2' },
      { ns: 'pay', name: 'worker', labels: { app: 'worker' }, ip: '10.244.3.42', node: 'node-b', hostIP: '172.18.0.2' },
      {
        ns: 'kube-system',
        name: 'coredns',
        labels: { 'k8s-app': 'kube-dns' },
        ip: '10.244.0.53',
        node: 'node-b',
        hostIP: '172.18.0.2',
        ports: [
          ['dns', 53, 'UDP'],
          ['dns-tcp', 53, 'TCP'],
        ],
      },
    ],
    services: [
      {
        namespace: 'shop',
        name: 'backend-svc',
        selector: { app: 'backend' },
        clusterIPs: ['10.96.5.5'],
        ports: [{ name: null, port: 80, targetPort: 8080, protocol: 'TCP' }],
        labels: {},
        source: null,
      },
    ],
    policies,
  });
}

let inventory: Cluster | null = null;

/** Part C inventory loaded from the YAML (text passed in by tests, core code reads no files). */
export function setPartCInventoryYaml(text: string): void {
  inventory = loadInputs([{ name: 'cluster.yaml', data: text }]).cluster;
}

export function partCCluster(policies: readonly Policy[]): Cluster {
  return inventory ? { ...inventory, policies } : partCClusterBuilt(policies);
}

/** `ns/name` → pod, `entity:x`, `fqdn:name[@ip]`, anything else → an IP. */
export function endpointFor(model: EngineModel, ref: string): Endpoint {
  if (ref.startsWith('entity:')) return entityEndpoint(ref.slice(7) as Parameters<typeof entityEndpoint>[0]);
  if (ref.startsWith('fqdn:')) {
    const [name, ip] = ref.slice(5).split('@') as [string, string | undefined];
    return fqdnEndpoint(name, ip ?? null);
  }
  if (ref.includes('/')) return podEndpoint(model, ref);
  return ipEndpoint(ref);
}

export interface Ask {
  readonly port?: number | string | null;
  readonly proto?: QueryProtocol;
  readonly reply?: boolean;
  readonly l7?: L7Request;
  readonly names?: readonly string[];
}

export function asker(policies: readonly Policy[], settings: Partial<EngineSettings> = {}) {
  const model = compile(partCCluster(policies), settings);
  return (from: string, to: string, ask: Ask = {}): Decision =>
    decide(model, {
      from: endpointFor(model, from),
      to: endpointFor(model, to),
      port: ask.port === undefined ? 8080 : ask.port,
      protocol: ask.proto ?? 'TCP',
      ...(ask.reply ? { reply: true } : {}),
      ...(ask.l7 ? { l7: ask.l7 } : {}),
      ...(ask.names ? { destinationNames: ask.names } : {}),
    });
}
