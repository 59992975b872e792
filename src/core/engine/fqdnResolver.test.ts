import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { policiesFromYaml } from './testing.ts';
import { asker, setPartCInventoryYaml } from './partC.fixture.ts';
import { semanticsDir } from '../../../test/paths.ts';

/**
 * toFQDNs learns addresses only from the lookups Cilium's DNS proxy sees: those the endpoint sends
 * on a port whose policy-map entry for the resolver's identity carries a DNS rule (semantics
 * reference A.7.3, B.9; cilium/cilium Documentation/security/policy/language.rst "DNS based":
 * "the DNS traffic must be allowed by a policy with a DNS rule (`toPorts.rules.dns`) so the proxy
 * intercepts it"). A DNS rule on port 53 to other peers (here the world) leaves the endpoint's
 * lookups through kube-dns, allowed by a plain L4 rule, unseen: no address of api.github.com is
 * learned from them. Part C cluster: shop/frontend, kube-system/coredns (k8s-app=kube-dns).
 */
setPartCInventoryYaml(readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8'));
const policies = (dnsPeer: string) =>
  policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toFQDNs: [{matchName: api.github.com}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
  - ${dnsPeer}
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
`).policies;

describe('toFQDNs with a DNS rule that does not cover the kube-dns egress', () => {
  it('a DNS rule to the world only: the lookups through kube-dns are not intercepted, so api.github.com is denied, and the explanation says which DNS rule and why', () => {
    const ask = asker(policies('toEntities: [world]'));
    const d = ask('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] });
    expect(d.verdict).toBe('denied');
    const miss = d.egress.nearMisses.find((n) => n.why === 'fqdn-no-dns-rule');
    expect(miss?.text).toContain('kube-system/coredns');
    expect(miss?.text).toContain('spec.egress[2]');
  });
  it('the same DNS rule on the kube-dns egress: allowed', () => {
    const ask = asker(policies('toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]'));
    expect(ask('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] }).verdict).toBe('allowed');
  });
  it('a DNS rule with no peer (every peer on port 53, kube-dns included): allowed', () => {
    const ask = asker(
      policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toFQDNs: [{matchName: api.github.com}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
  - toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
`).policies,
    );
    expect(ask('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] }).verdict).toBe('allowed');
  });
  it('a DNS rule to the nodes (a node-local DNS cache on the host network): counted, allowed', () => {
    const ask = asker(policies('toEntities: [host]'));
    expect(ask('shop/frontend', '140.82.112.3', { port: 443, names: ['api.github.com'] }).verdict).toBe('allowed');
  });
});
