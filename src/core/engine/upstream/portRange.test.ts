import { describe, expect, it } from 'vitest';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * Port ranges as Cilium turns them into policy-map keys: pkg/policy/l4.go `keysForRange` (port 0,
 * or an endPort not above the port, is one key for that port; otherwise the range's masked
 * prefixes, PortRangeToMaskedPorts, both ends included) and `PortProtocol.sanitize` (an endPort
 * below the port is no error). Read at cilium/cilium v1.20.0-pre.4 2efb257c8533 as vendored by
 * cilium/cilium-cli 7ca7fc53c. Ranges are enforced from 1.16 (an earlier release counts the
 * first port only: decide's notes say so).
 */
const A = '{matchLabels: {id: a}}';
const pods = { a: { id: 'a' }, b: { id: 'b' } };
const ingress = (ports: string) => upstreamModel([rule(A, `ingress: [{toPorts: [{ports: [${ports}]}]}]`)], pods);
const at = (m: ReturnType<typeof ingress>, port: number, proto: 'TCP' | 'UDP' = 'TCP') => reasonOf(m, 'ingress', 'b', 'a', port, proto);

describe('keysForRange', () => {
  it('8080-8090/TCP: both ends and the middle, nothing beside, not UDP', () => {
    const m = ingress("{port: '8080', endPort: 8090, protocol: TCP}");
    for (const p of [8080, 8081, 8088, 8090]) expect(at(m, p), String(p)).toBe('allowed');
    for (const p of [8079, 8091]) expect(at(m, p), String(p)).toBe('default-deny');
    expect(at(m, 8085, 'UDP')).toBe('default-deny');
  });
  it('an unaligned range (1000-1025) covers exactly its ports', () => {
    const m = ingress("{port: '1000', endPort: 1025, protocol: UDP}");
    for (const p of [1000, 1023, 1024, 1025]) expect(at(m, p, 'UDP'), String(p)).toBe('allowed');
    for (const p of [999, 1026]) expect(at(m, p, 'UDP'), String(p)).toBe('default-deny');
  });
  it('port 0 with an endPort is every port of the protocol (one key for port 0)', () => {
    const m = ingress("{port: '0', endPort: 100, protocol: TCP}");
    expect(at(m, 443)).toBe('allowed');
    expect(at(m, 53, 'UDP')).toBe('default-deny');
  });
  it('an endPort below the port is the port alone', () => {
    const m = ingress("{port: '80', endPort: 79, protocol: TCP}");
    expect(at(m, 80)).toBe('allowed');
    expect(at(m, 79)).toBe('default-deny');
  });
  it('1-65535 is every port of the protocol', () => {
    const m = ingress("{port: '1', endPort: 65535, protocol: TCP}");
    for (const p of [1, 32768, 65535]) expect(at(m, p), String(p)).toBe('allowed');
  });
});
