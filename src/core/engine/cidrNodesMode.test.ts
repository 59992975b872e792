import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { policiesFromYaml } from './testing.ts';
import { asker, setPartCInventoryYaml } from './partC.fixture.ts';
import { semanticsDir } from '../../../test/paths.ts';

/**
 * policy-cidr-match-mode=nodes selects the local host as well as the remote nodes by CIDR. Upstream
 * (cilium/cilium v1.20.0-pre.4 2efb257c8533, vendored by cilium/cilium-cli 7ca7fc53c):
 * pkg/policy/types/selector.go CIDRSelector.Matches admits identities with reserved:host or
 * reserved:remote-node when PolicyCIDRMatchesNodes(); pkg/ipcache/metadata.go resolveLabels keeps
 * the cidr labels of node addresses in that mode only, and the host's are merged into identity 1
 * (updateReservedHostLabels). Without the mode neither is CIDR-selectable (C22). Part C cluster:
 * shop/frontend on node-a (172.18.0.3, its host), node-b 172.18.0.2 (a remote node).
 */
setPartCInventoryYaml(readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8'));
const { policies } = policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-nodes-by-cidr, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress: [{toCIDR: [172.18.0.0/16]}]
`);

describe('toCIDR covering the node addresses, by policy-cidr-match-mode', () => {
  for (const [mode, verdict] of [
    ['default', 'denied'],
    ['nodes', 'allowed'],
  ] as const)
    it(`${mode}: the local host (172.18.0.3) and the remote node (172.18.0.2) are both ${verdict}`, () => {
      const ask = asker(policies, { policyCidrMatchMode: mode });
      for (const node of ['172.18.0.3', '172.18.0.2']) expect(ask('shop/frontend', node, { port: 10250 }).verdict, node).toBe(verdict);
    });
});

describe('the host and remote-node entities tell the local node from the others (pkg/policy/api/entity.go: reserved:host, reserved:remote-node)', () => {
  const entity = (e: string) =>
    asker(
      policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-${e}, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress: [{toEntities: [${e}]}]
`).policies,
    );
  it('host: frontend’s own node only; remote-node: the other node only', () => {
    expect(entity('host')('shop/frontend', '172.18.0.3', { port: 10250 }).verdict).toBe('allowed');
    expect(entity('host')('shop/frontend', '172.18.0.2', { port: 10250 }).verdict).toBe('denied');
    expect(entity('remote-node')('shop/frontend', '172.18.0.3', { port: 10250 }).verdict).toBe('denied');
    expect(entity('remote-node')('shop/frontend', '172.18.0.2', { port: 10250 }).verdict).toBe('allowed');
  });
});
