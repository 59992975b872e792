import { describe, it, expect } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { syntheticCluster } from './synthetic.ts';

describe('connectivity at scale', () => {
  it('5,000 workloads in 200 tenants with 1,000 policies in under 3 s (compile + connectivity)', () => {
    const cluster = syntheticCluster({ tenants: 200, perTenant: 25, policiesPerTenant: 5 });
    expect(cluster.workloads.length).toBe(5001);
    expect(cluster.policies.length).toBe(1001);
    const t0 = performance.now();
    const model = compile(cluster);
    const conn = connectivity(model);
    const ms = performance.now() - t0;
    console.log(`compile+connectivity: ${ms.toFixed(0)} ms, ${model.identities.length} identities, ${conn.peers.length} peers, ${conn.edges.length} edges`);
    expect(conn.truncated).toBe(false);
    expect(ms).toBeLessThan(3000);
  });
});
