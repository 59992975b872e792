/**
 * matrixClasses.ts `sameSide`: a big load's matrix keeps one side object per content, so that
 * connectivityInput works out each path body once per content (at 20k: 16,019 side objects of
 * 1,320 contents before).
 */
import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivityInSteps, type ConnSide } from './connectivity.ts';
import { sameSide } from './matrixClasses.ts';
import { emptyPortSet, portRange, union } from './PortSet.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { generateCluster } from '../synth/cluster.ts';

const refA = { policy: 'a' };
const refB = { policy: 'b' };
const side = (over: Partial<ConnSide> = {}): ConnSide => ({ mode: 'policy', allowed: portRange('TCP', 80), allowedBy: [refA as never], deniedBy: [], ...over });

describe('sameSide', () => {
  it('gives the first object of a content for every equal side, and keeps sides that differ in anything apart', () => {
    const one = sameSide<ConnSide>();
    const first = side();
    expect(one(first)).toBe(first);
    expect(one(side())).toBe(first);
    const others = [
      side({ mode: 'allow-any' }),
      side({ allowed: portRange('TCP', 81) }),
      side({ allowed: union(portRange('TCP', 80), portRange('UDP', 80)) }),
      side({ allowedBy: [refB as never] }),
      side({ allowedBy: [{ policy: 'a' } as never] }), // an equal rule item that is another object
      side({ allowedBy: [refA, refB] as never[] }),
      side({ deniedBy: [refA as never] }),
      side({ authFailed: { ports: emptyPortSet, by: [] } }),
      side({ authFailed: { ports: portRange('TCP', 80), by: [refA as never] } }),
    ];
    for (const o of others) expect(one(o)).toBe(o);
    // Each of them is now the object of its own content.
    for (const o of others) expect(one({ ...o })).toBe(o);
  });
});

describe('the matrix of a big load', () => {
  it('holds one side object per content (mode, ports, the same rule items) with the classes', () => {
    const cluster = loadInputs(
      generateCluster({ seed: 7, tenants: 6, namespacesPerTenant: 2, workloads: 90, podsPerWorkload: 2, nodes: 3, cnps: 24, networkPolicies: 6, fqdnPolicies: 3, portRangePolicies: 2, denyPolicies: 4, format: 'json' }).files,
    ).cluster;
    // The first step with classes, then the rest: the load worker's matrix.
    const steps = connectivityInSteps(compile(cluster), { includeDenied: true }, (peers) => peers.map(() => null), true);
    const rest = steps.rest();
    let r = rest.next();
    while (!r.done) r = rest.next();
    const conn = r.value.connectivity;
    const ids = new Map<object, number>();
    const id = (o: object): number => ids.get(o) ?? (ids.set(o, ids.size), ids.size - 1);
    const byContent = new Map<string, Set<ConnSide>>();
    for (const e of conn.edges)
      for (const s of [e.egress, e.ingress]) {
        const key = JSON.stringify([s.mode, s.allowed, s.allowedBy.map(id), s.deniedBy.map(id), s.authFailed ? [s.authFailed.ports, s.authFailed.by.map(id)] : null]);
        const set = byContent.get(key) ?? new Set();
        byContent.set(key, set.add(s));
      }
    expect(byContent.size).toBeGreaterThan(10);
    expect([...byContent.values()].filter((s) => s.size > 1).length).toBe(0);
  });
});
