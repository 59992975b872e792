import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster } from '../synth/cluster.ts';
import type { Cluster } from '../model/cluster.ts';
import { compile } from './compile.ts';
import { connectivity, type ConnEdge, type ConnectivityOptions } from './connectivity.ts';
import { isEmpty } from './PortSet.ts';
import { partCCluster, setPartCInventoryYaml } from './partC.fixture.ts';
import { policiesFromYaml } from './testing.ts';
import type { EngineSettings } from './types.ts';
import { appPlatformDir, semanticsDir } from '../../../test/paths.ts';

const semantics = semanticsDir;
setPartCInventoryYaml(readFileSync(path.join(semantics, 'cluster.yaml'), 'utf8'));
const partCPolicies = policiesFromYaml(readFileSync(path.join(semantics, 'policies.yaml'), 'utf8')).policies;

function appPlatform(): Cluster {
  const dir = appPlatformDir;
  return loadInputs(['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }))).cluster;
}

/** A small synthetic cluster with every policy shape of the generator (denies, FQDNs, ranges, KNPs). */
function smallSynthetic(): Cluster {
  const synth = generateCluster({ seed: 11, tenants: 6, namespacesPerTenant: 2, workloads: 80, nodes: 3, ccnps: 8, cnps: 40, networkPolicies: 12, fqdnPolicies: 7, portRangePolicies: 3, denyPolicies: 9, internetEgressShare: 0.5 });
  return loadInputs(synth.files).cluster;
}

const byPair = (a: ConnEdge, b: ConnEdge): number => a.from - b.from || a.to - b.to;

/** The pruned result and the exhaustive one (every pair evaluated), edges sorted. */
function both(cluster: Cluster, options: ConnectivityOptions, settings: Partial<EngineSettings> = {}) {
  const model = compile(cluster, settings);
  const pruned = connectivity(model, options);
  const full = connectivity(model, { ...options, exhaustive: true });
  return {
    pruned: { ...pruned, edges: [...pruned.edges].sort(byPair) },
    full: { ...full, edges: [...full.edges].sort(byPair) },
  };
}

const settingsVariants: readonly Partial<EngineSettings>[] = [{}, { enforcementMode: 'always' }, { allowLocalhost: 'policy' }, { enforcementMode: 'never' }];

describe('connectivity pruning gives the same result as evaluating every pair', () => {
  it('app-platform fixture, with and without denied pairs, under every enforcement setting', () => {
    const cluster = appPlatform();
    for (const settings of settingsVariants)
      for (const includeDenied of [false, true]) {
        const { pruned, full } = both(cluster, { includeDenied }, settings);
        expect(full.truncated).toBe(false);
        expect(pruned).toEqual(full);
      }
  });

  it('keeps a pair only an egress deny names when the destination does not admit the source', () => {
    // frontend's egress allows and denies backend:8080 (nothing left, a deny matched); backend's
    // ingress is in default deny and admits only db. The ingress side prunes frontend, the
    // egress deny must bring it back.
    const { policies } = policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fe-out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress: [{toEndpoints: [{matchLabels: {app: backend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]
  egressDeny: [{toEndpoints: [{matchLabels: {app: backend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: be-in, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress: [{fromEndpoints: [{matchLabels: {app: db}}]}]`);
    const { pruned, full } = both(partCCluster(policies), { includeDenied: true });
    expect(pruned).toEqual(full);
    const name = (i: number): string => {
      const p = pruned.peers[i];
      return p?.kind === 'identity' ? (p.workloads[0] ?? '') : '';
    };
    const edge = pruned.edges.find((e) => name(e.from) === 'shop/Pod/frontend' && name(e.to) === 'shop/Pod/backend');
    expect(edge && isEmpty(edge.allowed)).toBe(true);
    expect(edge?.egress.deniedBy.map((r) => r.name)).toEqual(['fe-out']);
    expect(edge?.ingress).toMatchObject({ mode: 'policy', allowedBy: [], deniedBy: [] });
  });

  it('Part C fixtures: every policy alone and all together, under every enforcement setting', () => {
    const sets = [partCPolicies, ...partCPolicies.map((p) => [p])];
    for (const policies of sets)
      for (const settings of settingsVariants)
        for (const includeDenied of [false, true]) {
          const { pruned, full } = both(partCCluster(policies), { includeDenied }, settings);
          expect(pruned, `${policies.map((p) => p.ref.name).join(',')} ${JSON.stringify(settings)} includeDenied=${includeDenied}`).toEqual(full);
        }
  });

  it('Part C fixtures: random combinations of policies (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...partCPolicies], { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...settingsVariants),
        fc.boolean(),
        (policies, settings, identitiesOnly) => {
          const { pruned, full } = both(partCCluster(policies), { includeDenied: true, identitiesOnly }, settings);
          expect(pruned).toEqual(full);
        },
      ),
      { numRuns: 60, seed: 8 },
    );
  });

  it('a small synthetic multi-tenant cluster, with and without denied pairs', () => {
    const cluster = smallSynthetic();
    const counts: number[] = [];
    for (const includeDenied of [false, true]) {
      const { pruned, full } = both(cluster, { includeDenied });
      expect(pruned.edges.length).toBeGreaterThan(1000);
      expect(pruned).toEqual(full);
      counts.push(pruned.edges.length);
    }
    // Denied pairs are really there (the case the pruning used to be switched off for).
    expect(counts[1]).toBeGreaterThan(counts[0] as number);
  });

  it('maxEdges truncates the pruned and the exhaustive evaluation at the same edge', () => {
    const cluster = appPlatform();
    const { pruned, full } = both(cluster, { includeDenied: true, maxEdges: 40 });
    expect(pruned.truncated).toBe(true);
    expect(pruned).toEqual(full);
  });
});
