import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';

/**
 * A CIDR with host bits set (10.0.0.1/8): Cilium reads the prefix masked, 10.0.0.0/8
 * (cilium/cilium pkg/labels/cidr.go IPStringToLabel: netip.ParsePrefix, then Prefix.Masked(); the
 * CRD's CIDR pattern does not refuse it), so the rule selects the whole /8, not the one address the
 * author probably meant. We read it the same way, and say so.
 */
const DOCS = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  endpointSelector: {}
  egress:
  - toCIDR: [10.0.0.1/8, 192.168.1.7]
  - toCIDRSet:
    - cidr: 172.16.5.1/12
      except: [172.16.5.1/24]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ipblock, namespace: shop}
spec:
  podSelector: {}
  egress:
  - to:
    - ipBlock: {cidr: 100.64.3.3/10}
---
apiVersion: cilium.io/v2alpha1
kind: CiliumCIDRGroup
metadata: {name: partners}
spec:
  externalCIDRs: [203.0.113.9/24]
`;

describe('a CIDR with host bits set', () => {
  const r = loadInputs([{ name: 'p.yaml', data: DOCS }]);
  const warned = r.diagnostics.filter((d) => d.code === 'cidr-host-bits');

  it('is read as Cilium reads it: masked to its prefix', () => {
    const cnp = r.cluster.policies.find((p) => p.ref.name === 'egress');
    const cidrs = (cnp?.rules ?? []).flatMap((rule) => rule.egress.flatMap((e) => (e.peers.kind === 'list' ? e.peers.items : []).flatMap((p) => (p.kind === 'cidr' ? [[p.cidr.base, p.cidr.bits]] : []))));
    expect(cidrs).toContainEqual([0x0a000000n, 8]);
    expect(cidrs).toContainEqual([0xac100000n, 12]);
  });

  it('is warned about where it is written (file, document, line, field path), naming the prefix Cilium uses', () => {
    expect(warned.map((d) => [d.document, d.line, d.path, d.severity])).toEqual([
      [0, 7, 'spec.egress[0].toCIDR[0]', 'warning'],
      [0, 9, 'spec.egress[1].toCIDRSet[0].cidr', 'warning'],
      [0, 10, 'spec.egress[1].toCIDRSet[0].except[0]', 'warning'],
      [1, 19, 'spec.egress[0].to[0].ipBlock.cidr', 'warning'],
      [2, 25, 'spec.externalCIDRs[0]', 'warning'],
    ]);
    expect(warned[0]?.message).toContain('10.0.0.1/8 has host bits set');
    expect(warned[0]?.message).toContain('10.0.0.0/8');
    expect(warned[3]?.message).toContain('100.64.0.0/10');
    expect(warned.every((d) => d.file === 'p.yaml')).toBe(true);
  });

  it('a bare address and a prefix without host bits are not warned about', () => {
    expect(warned.some((d) => d.message.includes('192.168.1.7'))).toBe(false);
  });
});
