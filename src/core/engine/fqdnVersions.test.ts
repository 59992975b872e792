import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, fqdnEndpoint, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * `toFQDNs` and DNS rules with a `**.` prefix through decide(): multi-level from Cilium 1.19
 * (cilium/cilium#43420, pkg/fqdn/matchpattern `subdomainWildcardSpecifierPrefix`), one label
 * before (1.18 `escapeRegexpCharacters`: every `*` run is `[-a-zA-Z0-9_]*`).
 */
const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: to-github, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "**.github.com"}]}}]
  - toFQDNs: [{matchPattern: "**.github.com"}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`;
const pods: PodSpec[] = [
  { ns: 'shop', name: 'client', labels: { app: 'client' } },
  { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' } },
];
const model = (v: string) => compile(buildCluster({ pods, policies: policiesFromYaml(yaml, { ciliumVersion: v }).policies }), { ciliumVersion: v });

describe('toFQDNs matchPattern **. by Cilium version', () => {
  for (const [v, deep] of [['1.18', 'denied'], ['1.19', 'allowed']] as const) {
    it(`${v}: a.b.github.com is ${deep}, api.github.com allowed`, () => {
      const m = model(v);
      const ask = (name: string) => decide(m, { from: podEndpoint(m, 'shop/client'), to: fqdnEndpoint(name, '140.82.112.3'), port: 443, protocol: 'TCP' });
      expect(ask('api.github.com').verdict).toBe('allowed');
      const d = ask('a.b.github.com');
      expect(d.verdict).toBe(deep);
      if (deep === 'denied') expect(d.egress.nearMisses.map((n) => n.text).join('\n')).toContain('before 1.19 a leading ** matches within one label only');
      // Allowed on 1.19 by a behaviour older releases do not have: the explanation says from which release.
      if (deep === 'allowed') expect(d.notes).toContain('to-github spec.egress[1] matchPattern "**.github.com": from Cilium 1.19 a leading ** matches names of any depth; before 1.19 one label only, like *');
      const q = decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'kube-system/coredns'), port: 53, protocol: 'UDP', l7: { kind: 'dns', query: 'a.b.github.com' } });
      expect(q.l7?.verdict).toBe(deep);
    });
  }
});
