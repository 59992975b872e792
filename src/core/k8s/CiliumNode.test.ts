import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from '../engine/compile.ts';
import { resolvePeerRef } from '../engine/peerRef.ts';
import { ciliumNodeFile } from '../../../test/paths.ts';

/**
 * CiliumNodes (a sysdump's `ciliumnodes-<ts>.yaml`): the addresses Cilium gives a node's identity
 * (host on the node itself, remote-node elsewhere) that its Node does not list, the
 * CiliumInternalIP (cilium_host) above all, are read as the node's.
 */
const FIXTURE = readFileSync(ciliumNodeFile, 'utf8');
const [NODE = '', CILIUM_NODE = ''] = FIXTURE.split('\n---\n');
const FILE = 'kind-control-plane.yaml';

describe('CiliumNode', () => {
  it("adds the CiliumInternalIP its Node lacks (not the health address), said in a note at the CiliumNode", () => {
    const r = loadInputs([{ name: FILE, data: FIXTURE }]);
    expect(r.cluster.nodes.map((n) => [n.name, n.ips])).toEqual([['kind-control-plane', ['172.18.0.2', '10.244.0.148']]]);
    expect(r.cluster.nodes[0]?.source).toMatchObject({ file: FILE, document: 0, line: 1 });
    const note = r.diagnostics.filter((d) => d.code === 'ciliumnode-addresses');
    expect(note.map((d) => [d.severity, d.file, d.document, d.line])).toEqual([['info', FILE, 1, 66]]);
    expect(note[0]?.message).toContain('1 node addresses their Node objects do not list (kind-control-plane: 10.244.0.148)');
    expect(r.cluster.sources[0]?.counts).toEqual({ Node: 1, CiliumNode: 1 });
  });

  it("a path query to the cilium_host address is the node (host / remote-node), not an outside address", () => {
    const model = compile(loadInputs([{ name: FILE, data: FIXTURE }]).cluster);
    const r = resolvePeerRef(model, { kind: 'ip', ip: '10.244.0.148' });
    expect(r.ok && r.value.endpoint).toMatchObject({ kind: 'node', name: 'kind-control-plane' });
    const without = resolvePeerRef(compile(loadInputs([{ name: FILE, data: NODE }]).cluster), { kind: 'ip', ip: '10.244.0.148' });
    expect(without.ok && without.value.endpoint.kind).toBe('ip');
  });

  it('without its Node, the CiliumNode is the node: name, labels and addresses, said in a note', () => {
    const r = loadInputs([{ name: 'ciliumnodes.yaml', data: CILIUM_NODE }]);
    expect(r.cluster.nodes.map((n) => [n.name, n.ips, n.labels['kubernetes.io/hostname']])).toEqual([['kind-control-plane', ['172.18.0.2', '10.244.0.148'], 'kind-control-plane']]);
    expect(r.diagnostics.filter((d) => d.code === 'ciliumnode-without-node').map((d) => [d.severity, d.line])).toEqual([['info', 1]]);
  });

  it('a damaged address is said at its field and the others are read; a CiliumNode without a name is refused, the rest loads', () => {
    const damaged = `apiVersion: cilium.io/v2
kind: CiliumNode
metadata: {name: worker-1}
spec:
  addresses:
  - {type: CiliumInternalIP, ip: 10.244.1.x}
  - {type: InternalIP, ip: 172.18.0.9}
---
apiVersion: cilium.io/v2
kind: CiliumNode
metadata: {labels: {a: b}}
spec: {addresses: [{type: InternalIP, ip: 172.18.0.10}]}
`;
    const r = loadInputs([{ name: 'ciliumnodes.yaml', data: damaged }]);
    expect(r.cluster.nodes.map((n) => [n.name, n.ips])).toEqual([['worker-1', ['172.18.0.9']]]);
    const bad = r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.severity, d.code, d.file, d.document, d.line, d.path]);
    expect(bad).toContainEqual(['warning', 'invalid-ip', 'ciliumnodes.yaml', 0, 6, 'spec.addresses[0].ip']);
    expect(bad.some(([, , , doc]) => doc === 1)).toBe(true);
    expect(r.cluster.sources[0]?.skipped).toEqual({ CiliumNode: 1 });
  });
});
