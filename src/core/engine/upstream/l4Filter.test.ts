import { describe, expect, it } from 'vitest';
import { httpPasses, reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/l4_filter_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts:
 * TestL3Wildcarding (what an explicit wildcard peer, an empty non-nil peer list and no peer field
 * select, with and without ports) and the L3/L7 merge cases 1-3 of its table. Upstream's
 * `api.WildcardEndpointSelector` is `fromEndpoints: [{}]` here (in a CCNP it selects every pod;
 * the peers asked are pods). Identities: A (`id=a`, the subject), B, C.
 */
const A = '{matchLabels: {id: a}}';
const pods = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
const item = (peers: string | null, ports: string | null, l7: string | null = null) =>
  `- ${peers !== null ? `fromEndpoints: ${peers}` : ''}${peers !== null && ports !== null ? '\n  ' : ''}${ports !== null ? `toPorts: [{ports: [{port: '${ports.split('/')[0]}', protocol: ${ports.split('/')[1]}}]${l7 !== null ? `, rules: {http: [${l7}]}` : ''}}]` : ''}${peers === null && ports === null ? '{}' : ''}`;
const model = (...items: string[]) => upstreamModel([rule(A, `ingress:\n${items.join('\n')}`)], pods);

describe('TestL3Wildcarding', () => {
  it('A1: the wildcard peer on 80/TCP: everyone on 80/TCP only', () => {
    const m = model(item('[{}]', '80/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
  });
  it('A2: the wildcard peer on port 0/TCP: every TCP port, nothing else', () => {
    const m = model(item('[{}]', '0/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 53, 'UDP')).toBe('default-deny');
  });
  it('A3: the wildcard peer without ports: every port and protocol (0/ANY)', () => {
    const m = model(item('[{}]', null));
    expect(reasonOf(m, 'ingress', 'b', 'a', 53, 'UDP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'c', 'a', 8, 'ICMP')).toBe('allowed');
  });
  it('B1-B3: an empty non-nil fromEndpoints never selects anything, with 80/TCP, 0/TCP or no ports; ingress is still enforced', () => {
    for (const ports of ['80/TCP', '0/TCP', null]) {
      const m = model(item('[]', ports));
      expect(reasonOf(m, 'ingress', 'b', 'a', 80), String(ports)).toBe('default-deny');
    }
  });
  it('C1: no peer field with 80/TCP: every identity on 80/TCP, outside addresses too', () => {
    const m = model(item(null, '80/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', '203.0.113.7', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
  });
  it('C2: no peer field with 0/TCP: every identity on every TCP port', () => {
    const m = model(item(null, '0/TCP'));
    expect(reasonOf(m, 'ingress', 'c', 'a', 8443)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'c', 'a', 8443, 'UDP')).toBe('default-deny');
  });
  it('C3: `ingress: [{}]` selects nothing (but enforces ingress)', () => {
    const m = model(item(null, null));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('default-deny');
  });
});

describe('l4_filter_test.go merge table, cases 1-3', () => {
  it('TestMergeAllowAllL3AndAllowAllL7 1A/1B/1C: two wildcard items, two empty lists, two port-only items on 80/TCP', () => {
    expect(reasonOf(model(item('[{}]', '80/TCP'), item('[{}]', '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(model(item('[]', '80/TCP'), item('[]', '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('default-deny');
    expect(reasonOf(model(item(null, '80/TCP'), item(null, '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('allowed');
  });
  it('TestMergeAllowAllL3AndShadowedL7 2A/2B: a plain 80/TCP next to GET / (either order) lets every request through', () => {
    for (const m of [model(item('[{}]', '80/TCP'), item('[{}]', '80/TCP', '{method: GET, path: /}')), model(item('[{}]', '80/TCP', '{method: GET, path: /}'), item('[{}]', '80/TCP'))]) {
      expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
    }
  });
  it('TestMergeIdenticalAllowAllL3AndRestrictedL7HTTP 3: GET / twice: GET / passes, other requests are refused', () => {
    const m = model(item('[{}]', '80/TCP', '{method: GET, path: /}'), item('[{}]', '80/TCP', '{method: GET, path: /}'));
    expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'b', 'a', 80, 'POST', '/')).toBe(false);
  });
});
