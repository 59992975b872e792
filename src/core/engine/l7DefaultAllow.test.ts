import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * L7 rules in a policy with `enableDefaultDeny: false` (cilium/cilium, Apache-2.0). Cilium
 * cilium/cilium#38841 ("Add an L7 allow-all rule when EnableDefaultDeny is false";
 * pkg/policy/rule_test.go TestDNSWildcardInDefaultAllow: a wildcard `matchPattern: "*"` is added)
 * makes the L7 rules of an endpoint not in default deny only make requests visible. It is in 1.18.0
 * and was backported to 1.17.4 (cilium/cilium#39375) and 1.16.10 (#39382): release notes "Fixes a
 * bug where layer-7 rules would override enableDefaultDeny: false, incorrectly dropping traffic".
 * Earlier patch releases still refuse every other request (issue cilium/cilium#38676); the engine
 * takes a 1.16 / 1.17 cluster as its latest patch release and says so.
 */
const yaml = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: observe, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  enableDefaultDeny: {egress: false, ingress: false}
  egress:
  - toEndpoints: [{matchLabels: {app: dns}}]
    toPorts: [{ports: [{port: '53', protocol: ANY}], rules: {dns: [{matchPattern: example.com}]}}]
  ingress:
  - toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]
`;
const pods = [
  { ns: 'shop', name: 'web', labels: { app: 'web' } },
  { ns: 'shop', name: 'dns', labels: { app: 'dns' } },
  { ns: 'shop', name: 'client', labels: { app: 'client' } },
];

function model(ciliumVersion: string) {
  const { policies } = policiesFromYaml(yaml, { ciliumVersion });
  return compile(buildCluster({ pods, policies }), { ciliumVersion });
}
const dnsQuery = (m: ReturnType<typeof model>, query: string) =>
  decide(m, { from: podEndpoint(m, 'shop/web'), to: podEndpoint(m, 'shop/dns'), port: 53, protocol: 'UDP', l7: { kind: 'dns', query } });
const httpGet = (m: ReturnType<typeof model>, path: string) =>
  decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'shop/web'), port: 80, protocol: 'TCP', l7: { kind: 'http', method: 'GET', path } });

describe('L7 rules of a default-allow policy', () => {
  it('Cilium 1.18: other DNS queries and HTTP requests are allowed, the explanation says why', () => {
    const m = model('1.18');
    const dns = dnsQuery(m, 'other.org');
    expect(dns.verdict).toBe('allowed');
    expect(dns.l7?.verdict).toBe('allowed');
    expect(dns.l7?.text).toContain('enableDefaultDeny');
    expect(dns.l7?.text).toContain('1.18');
    expect(dns.egress.l7).toBe('unrestricted');
    const http = httpGet(m, '/admin');
    expect(http.verdict).toBe('allowed');
    expect(http.l7?.text).toContain('observe');
  });
  it('Cilium 1.18: the requests the rules name are allowed as well', () => {
    const m = model('1.18');
    expect(dnsQuery(m, 'example.com').verdict).toBe('allowed');
    expect(httpGet(m, '/public').verdict).toBe('allowed');
  });
  for (const [v, patch] of [['1.16', '1.16.10'], ['1.17', '1.17.4']] as const)
    it(`Cilium ${v}: other requests are allowed (the fix is in ${patch}); the note says earlier patch releases refused them`, () => {
      const m = model(v);
      const dns = dnsQuery(m, 'other.org');
      expect(dns.verdict).toBe('allowed');
      expect(dns.l7?.verdict).toBe('allowed');
      expect(dns.notes.join(' ')).toContain(patch);
      expect(dns.notes.join(' ')).toContain('#38676');
      expect(httpGet(m, '/admin').verdict).toBe('allowed');
      expect(httpGet(m, '/public').verdict).toBe('allowed');
    });
});
