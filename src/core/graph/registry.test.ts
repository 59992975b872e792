import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/testing.ts';
import { workloadKey } from '../model/cluster.ts';
import { makeGrouping } from './grouping.ts';
import { buildRegistry, workloadNodeId } from './registry.ts';

describe('buildRegistry', () => {
  const base = buildCluster({ namespaces: { shop: { tenant: 'acme' } }, pods: [{ ns: 'shop', name: 'web-7d9f-abcde', labels: { app: 'web' } }] });
  const deployment = workloadKey('shop', 'Deployment', 'web');
  const cluster = {
    ...base,
    workloads: [{ ...(base.workloads[0] as (typeof base.workloads)[number]), key: deployment, kind: 'Deployment' as const, name: 'web' }],
    pods: base.pods.map((p) => ({ ...p, workload: deployment })),
  };

  const evidence = { identities: [], labels: [], ips: [], names: [], clusters: [] };

  it("puts a flow peer naming a pod on its workload's node, and one naming an unknown pod on a node of its own", () => {
    const reg = buildRegistry(cluster, makeGrouping(cluster, 'tenant'));
    expect(reg.flowPeerId({ kind: 'pod', key: 'shop/Pod/web-7d9f-abcde', namespace: 'shop', name: 'web-7d9f-abcde', evidence })).toBe(workloadNodeId(deployment));
    const stray = reg.flowPeerId({ kind: 'pod', key: 'shop/Pod/gone', namespace: 'shop', name: 'gone', evidence });
    expect(stray).toBe(workloadNodeId('shop/Pod/gone'));
    expect(reg.leaves.get(stray)).toMatchObject({ kind: 'workload', label: 'gone', group: 'g:t:acme', namespace: 'shop' });
  });

  it('gives every workload of a namespace the same group id', () => {
    const g = makeGrouping(cluster, 'tenant');
    expect(g.groupOf('shop')).toBe('g:t:acme');
    expect(g.groupOf('shop')).toBe(g.groupOf('shop'));
    expect(g.groupOf('other')).toBe('g:platform');
  });
});
