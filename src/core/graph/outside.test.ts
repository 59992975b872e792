import { describe, expect, it } from 'vitest';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { buildOutsideCatalog, compareOutside, exceptedRangesName } from './outside.ts';

const policies = policiesFromYaml(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: out, namespace: a }
spec:
  endpointSelector: {}
  egress:
    - toCIDRSet: [{ cidr: 0.0.0.0/0, except: [192.168.0.0/16, 10.0.0.0/8] }]
    - toCIDRSet: [{ cidr: 172.16.0.0/12, except: [172.17.0.0/16, 172.18.0.0/16] }]
`).policies;

describe('outside nodes: ranges named only as except', () => {
  const catalog = buildOutsideCatalog(buildCluster({ namespaces: { a: {} }, policies }));
  const label = (id: string): string | undefined => catalog.nodes.get(id)?.label;

  it('are named by the ranges they hold, then what they are excepted from (not "except …", which reads as "all but these")', () => {
    expect(label('o:world~except')).toBe('10.0.0.0/8, 192.168.0.0/16 (excepted from internet)');
    expect(label('o:cidr:172.16.0.0/12~except')).toBe('172.17.0.0/16, 172.18.0.0/16 (excepted from 172.16.0.0/12)');
    for (const n of catalog.nodes.values()) expect(n.label.startsWith('except')).toBe(false);
  });

  it('an address inside one of the ranges lands on that node; others on the internet', () => {
    expect(catalog.ipId('10.1.2.3')).toBe('o:world~except');
    expect(catalog.ipId('172.17.0.1')).toBe('o:cidr:172.16.0.0/12~except');
    expect(catalog.ipId('8.8.8.8')).toBe('o:world');
  });

  it('one naming function: several outers are all named', () => {
    expect(exceptedRangesName(['10.1.0.0/16', '10.2.0.0/16'], ['10.0.0.0/8', 'internet'])).toBe('10.1.0.0/16, 10.2.0.0/16 (excepted from 10.0.0.0/8 and internet)');
  });

  it('stand after the other ranges in the outside column, as when their name began with "except" (the layout follows this order)', () => {
    const nodes = [...catalog.nodes.values(), { id: 'o:cidr:8.8.8.0/24', kind: 'cidr' as const, label: '8.8.8.0/24' }].sort(compareOutside);
    expect(nodes.map((n) => n.id)).toEqual(['o:world', 'o:cidr:172.16.0.0/12', 'o:cidr:8.8.8.0/24', 'o:world~except', 'o:cidr:172.16.0.0/12~except']);
  });
});
