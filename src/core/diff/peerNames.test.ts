import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { parseCidr, parseIp, rangePrefixes } from '../net/cidr.ts';
import { runWhatIf, whatIfBase } from '../whatif/whatIf.ts';
import { appPlatformDir } from '../../../test/paths.ts';
import { peerNamer, rangeText } from './peerNames.ts';
import type { DiffPeer } from './types.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const extra = {
  name: 'corp.yaml',
  data: [
    'apiVersion: cilium.io/v2alpha1',
    'kind: CiliumCIDRGroup',
    'metadata:',
    '  name: corp-vpn',
    'spec:',
    '  externalCIDRs: ["192.0.2.0/24"]',
    '---',
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata:',
    '  name: to-corp',
    '  namespace: acme-web',
    'spec:',
    '  endpointSelector: {matchLabels: {app: api}}',
    '  egress:',
    '    - toCIDR: ["192.0.2.0/24"]',
    '',
  ].join('\n'),
};
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml'), extra]).cluster;
const range = (start: string, end: string): DiffPeer => ({ kind: 'range', key: `range:4:${start}-${end}`, family: 4, start, end, display: `${start}-${end}` });

describe('rangePrefixes', () => {
  it('covers exactly the range with the fewest aligned prefixes', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), (a, b) => {
        const [lo, hi] = [BigInt(Math.min(a, b)), BigInt(Math.max(a, b))];
        const prefixes = rangePrefixes(4, lo, hi, 64) ?? [];
        let at = lo;
        for (const p of prefixes) {
          const c = parseCidr(p)!;
          expect(c.base).toBe(at);
          at = c.base + (1n << BigInt(32 - c.bits));
        }
        expect(at - 1n).toBe(hi);
      }),
    );
    expect(rangeText(4, '10.0.0.0', '10.255.255.255')).toBe('10.0.0.0/8');
    expect(rangeText(4, '0.0.0.0', '9.255.255.255')).toBe('0.0.0.0/5, 8.0.0.0/7');
    expect(rangeText(4, '11.0.0.0', '169.253.255.255')).toBe('11.0.0.0 – 169.253.255.255');
    expect(rangeText(4, '198.51.100.25', '198.51.100.25')).toBe('198.51.100.25');
    expect(parseIp('::1')).not.toBeNull();
    expect(rangeText(6, '2001:db8::', '2001:db8::ffff')).toBe('2001:db8::/112');
  });
});

describe('peerNamer', () => {
  const name = peerNamer(cluster);
  it('names a range as the graph does (the range a policy names, else the internet), with its CIDR groups, the range secondary', () => {
    expect(name(range('192.0.2.0', '192.0.2.255'))).toEqual({ name: '192.0.2.0/24 · CIDR group corp-vpn', detail: '192.0.2.0/24' });
    expect(name(range('11.0.0.0', '169.253.255.255'))).toEqual({ name: 'internet', detail: '11.0.0.0 – 169.253.255.255' });
    expect(name({ kind: 'entity', key: 'entity:world', entity: 'world', display: 'entity:world' })).toEqual({ name: 'internet', detail: 'entity world' });
    expect(name({ kind: 'entity', key: 'entity:kube-apiserver', entity: 'kube-apiserver', display: 'entity:kube-apiserver' })).toEqual({ name: 'kube-apiserver', detail: 'entity' });
    expect(name({ kind: 'fqdn', key: 'fqdn:api.example.com', name: 'api.example.com', display: 'fqdn:api.example.com' })).toEqual({ name: 'api.example.com', detail: 'DNS name' });
  });

  it('a what-if names the outside ends of its changes, a range only the draft names by the draft’s range', () => {
    const draft = {
      documents: [
        {
          id: '1',
          replaces: null,
          name: 'new',
          text: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: to-partner\n  namespace: acme-jobs\nspec:\n  endpointSelector: {matchLabels: {app: mailer}}\n  egress:\n    - toCIDR: ["10.20.0.0/16"]\n',
        },
      ],
      removed: [],
    };
    const r = runWhatIf(whatIfBase(cluster, null), draft);
    const partner = r.outcome.changes.filter((c) => c.to.kind === 'range' && c.to.start === '10.20.0.0');
    expect(partner).toHaveLength(1);
    expect(r.outcome.peerNames[partner[0]!.to.key]).toEqual({ name: '10.20.0.0/16', detail: '10.20.0.0/16' });
    // Every outside end is named; workloads are not (their display is their name).
    for (const c of r.outcome.changes) for (const p of [c.from, c.to]) expect(r.outcome.peerNames[p.key] !== undefined, p.key).toBe(p.kind !== 'identity');
  });
});
