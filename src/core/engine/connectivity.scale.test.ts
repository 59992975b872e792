/**
 * Issue #3's acceptance cluster (5,000 workloads, 200 tenants, 1,000 policies) through the real
 * loader: what connectivity returns at that size. How fast is the benchmark's business
 * (`npm run bench -- engine`, bench/engine.ts), not a unit test's.
 */
import { describe, it, expect } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster, synthPresets } from '../synth/cluster.ts';
import { compile } from './compile.ts';
import { connectivity, type Connectivity } from './connectivity.ts';
import { formatPortSet, isEmpty } from './PortSet.ts';

const ruleText = (r: { kind: string; namespace: string | null; name: string; path: string }): string => `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`;

/** One line per edge, in the order connectivity returns them. */
function digest(conn: Connectivity): string[] {
  return conn.edges.map((e) => `${e.from}>${e.to} ${formatPortSet(e.allowed)} ${e.egress.mode}:${e.egress.allowedBy.map(ruleText).join(',')}!${e.egress.deniedBy.map(ruleText).join(',')} ${e.ingress.mode}:${e.ingress.allowedBy.map(ruleText).join(',')}!${e.ingress.deniedBy.map(ruleText).join(',')}`);
}

describe('connectivity at scale', () => {
  it('5,000 workloads in 200 tenants with 1,000 policies: every identity, no truncation, deterministic, denied pairs a superset', () => {
    const { cluster } = loadInputs(generateCluster({ ...synthPresets['5k'], format: 'json' }).files);
    expect(cluster.workloads.length).toBe(5000);
    expect(cluster.policies.length).toBe(1000);

    const model = compile(cluster);
    const conn = connectivity(model);
    expect(conn.truncated).toBe(false);
    expect(conn.peers.filter((p) => p.kind === 'identity').length).toBe(model.identities.length);
    expect(model.identities.length).toBeGreaterThanOrEqual(5000);
    // Tenants are isolated: far fewer edges than pairs, but every workload reaches something.
    expect(conn.edges.length).toBeGreaterThan(100_000);
    expect(conn.edges.length).toBeLessThan(conn.peers.length * conn.peers.length * 0.05);
    expect(conn.edges.every((e) => !isEmpty(e.allowed))).toBe(true);

    // The same model (and a second compile) gives the same edges in the same order.
    const again = digest(connectivity(compile(cluster)));
    expect(again).toEqual(digest(conn));

    // What the app asks for: the same edges (same order) plus pairs where only a deny matched.
    const withDenied = connectivity(model, { includeDenied: true });
    expect(withDenied.truncated).toBe(false);
    expect(digest({ ...withDenied, edges: withDenied.edges.filter((e) => !isEmpty(e.allowed)) })).toEqual(digest(conn));
    const denied = withDenied.edges.filter((e) => isEmpty(e.allowed));
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.egress.deniedBy.length + e.ingress.deniedBy.length > 0)).toBe(true);
  }, 120_000); // generous on a loaded machine: speed is measured by the benchmark
});
