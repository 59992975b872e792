import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv4Range, peerLabel, peerName, workloadPeer } from './peer.ts';

describe('connlist peer names', () => {
  it('names workloads ns/name[Kind] by the top of their owner chain as loaded', () => {
    expect(peerName(workloadPeer({ namespace: 'default', name: 'frontend', kind: 'Deployment' }))).toBe('default/frontend[Deployment]');
    expect(peerName(workloadPeer({ namespace: 'default', name: 'cog-7d77fb55cc', kind: 'ReplicaSet' }))).toBe('default/cog-7d77fb55cc[ReplicaSet]');
    expect(peerName(workloadPeer({ namespace: 'bar', name: 'mybar', kind: 'Pod' }))).toBe('bar/mybar[Pod]');
    expect(peerLabel(workloadPeer({ namespace: 'bar', name: 'mybar', kind: 'Pod' }))).toBe('mybar[Pod]');
  });

  it('names outside ranges a-b[External], even a single address', () => {
    expect(formatIpv4(0xffffffff)).toBe('255.255.255.255');
    expect(formatIpv4Range(0x0a000000, 0x0affffff)).toBe('10.0.0.0-10.255.255.255');
    expect(peerName({ kind: 'external', start: 0, end: 0xffffffff })).toBe('0.0.0.0-255.255.255.255[External]');
    expect(peerName({ kind: 'external', start: 0x01020304, end: 0x01020304 })).toBe('1.2.3.4-1.2.3.4[External]');
    expect(peerLabel({ kind: 'external', start: 0, end: 9 })).toBe('0.0.0.0-0.0.0.9[External]');
  });

  it('names the ingress controller {ingress-controller}', () => {
    expect(peerName({ kind: 'ingress-controller' })).toBe('{ingress-controller}');
  });
});
