import { describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { entityEndpoint, ipEndpoint, podEndpoint } from '../testing.ts';
import type { Endpoint, ReservedEntity } from '../types.ts';
import { remotePod } from './k8sHarness.ts';
import { rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/api/entity_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts:
 * TestEntityMatches and TestEntitySliceMatches (which identities each entity selects), with the
 * entity table of pkg/policy/api/entity.go as of v1.20.0-pre.4 (`cluster-mesh` added there). Each
 * case is the egress of pod `a` under `toEntities: [...]`, towards one identity: a reserved one,
 * an outside address (reserved:world), a pod of this cluster (`default`, carrying
 * `io.cilium.k8s.policy.cluster=default`) or a pod of another cluster of the mesh.
 * Not ported: "id=foo" without a cluster label (every pod of our model carries one),
 * reserved:none (no identity has it), TestEntityHostAllowsRemoteNode (the
 * host-allows-remote-node option is gone from the releases we model).
 */
const A = '{matchLabels: {id: a}}';
const RESERVED: readonly ReservedEntity[] = ['host', 'remote-node', 'health', 'init', 'ingress', 'unmanaged', 'kube-apiserver'];
type Peer = ReservedEntity | 'outside' | 'local pod' | 'remote pod';
const PEERS: readonly Peer[] = [...RESERVED, 'world', 'outside', 'local pod', 'remote pod'];

function selected(entities: string, ciliumVersion = '1.19'): Peer[] {
  const m = upstreamModel([rule(A, `egress: [{toEntities: [${entities}]}]`)], { a: { id: 'a' }, b: { id: 'b' } }, { ciliumVersion });
  const end = (p: Peer): Endpoint =>
    p === 'outside' ? ipEndpoint('203.0.113.9') : p === 'local pod' ? podEndpoint(m, 'default/b') : p === 'remote pod' ? remotePod('west', 'default', { id: 'b' }) : entityEndpoint(p);
  return PEERS.filter((p) => decide(m, { from: podEndpoint(m, 'default/a'), to: end(p), port: 80, protocol: 'TCP' }).egress.reason === 'allowed');
}

describe('TestEntityMatches', () => {
  it('host: the local node only (not remote-node, world, health, unmanaged)', () => expect(selected('host')).toEqual(['host']));
  it('all: every identity, outside ones included', () => expect(selected('all')).toEqual([...PEERS]));
  it('cluster: every reserved identity but world, and the pods of this cluster', () => expect(selected('cluster')).toEqual([...RESERVED, 'local pod']));
  it('world: outside addresses only', () => expect(selected('world')).toEqual(['world', 'outside']));
  it('none: nothing', () => expect(selected('none')).toEqual([]));
  it('cluster-mesh (1.20): as cluster, plus the pods of every cluster of the mesh', () =>
    expect(selected('cluster-mesh', '1.20')).toEqual([...RESERVED, 'local pod', 'remote pod']));
});

describe('TestEntitySliceMatches', () => {
  it('[host, world]: host and outside addresses', () => expect(selected('host, world')).toEqual(['host', 'world', 'outside']));
  it('[host, health]: host and health', () => expect(selected('host, health')).toEqual(['host', 'health']));
});
