import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { connectivity } from './connectivity.ts';
import { buildCluster, ipEndpoint, podEndpoint } from './testing.ts';
import type { QueryProtocol } from './types.ts';
import { ciliumCliDir } from '../../../test/paths.ts';

const corpus = ciliumCliDir;
const builderDir = (v: string) => path.join(corpus, v, 'connectivity/builder/manifests');

/** The connectivity-test workloads (cilium-cli check/deployment.go labels). */
function testCluster(files: string[]) {
  const loaded = loadInputs(
    files.map((f) => ({ name: path.basename(f), data: readFileSync(f, 'utf8') })),
    { defaultNamespace: 'cilium-test' },
  );
  const inventory = buildCluster({
    namespaces: { 'cilium-test': {}, 'kube-system': {} },
    nodes: [
      { name: 'node-1', ip: '172.18.0.2' },
      { name: 'node-2', ip: '172.18.0.3' },
    ],
    pods: [
      { ns: 'cilium-test', name: 'client', labels: { kind: 'client', name: 'client' }, ip: '10.244.1.10', node: 'node-1', hostIP: '172.18.0.2' },
      { ns: 'cilium-test', name: 'client2', labels: { kind: 'client', name: 'client2', other: 'client' }, ip: '10.244.1.11', node: 'node-1', hostIP: '172.18.0.2' },
      { ns: 'cilium-test', name: 'echo-same-node', labels: { kind: 'echo', name: 'echo-same-node' }, ip: '10.244.1.20', node: 'node-1', hostIP: '172.18.0.2', ports: [['http', 8080]] },
      { ns: 'cilium-test', name: 'echo-other-node', labels: { kind: 'echo', name: 'echo-other-node' }, ip: '10.244.2.20', node: 'node-2', hostIP: '172.18.0.3', ports: [['http', 8080]] },
      { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ip: '10.244.0.53', node: 'node-2', hostIP: '172.18.0.3', ports: [['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP']] },
    ],
  });
  return { model: compile({ ...inventory, policies: loaded.cluster.policies, cidrGroups: loaded.cluster.cidrGroups }), loaded };
}

function asker(...names: string[]) {
  const { model, loaded } = testCluster(names.map((n) => path.join(builderDir('v1.20'), n)));
  expect(loaded.cluster.policies.length, JSON.stringify(loaded.diagnostics.slice(0, 3))).toBeGreaterThan(0);
  return (from: string, to: string, port: number, protocol: QueryProtocol = 'TCP') =>
    decide(model, { from: from.includes('/') ? podEndpoint(model, from) : ipEndpoint(from), to: to.includes('/') ? podEndpoint(model, to) : ipEndpoint(to), port, protocol });
}

const C = 'cilium-test/client';
const C2 = 'cilium-test/client2';
const ECHO = 'cilium-test/echo-same-node';
const ECHO2 = 'cilium-test/echo-other-node';
const DNS = 'kube-system/coredns';

describe('cilium-cli connectivity-test policies', () => {
  for (const v of ['v0.16', 'v1.20'])
    it(`${v}: every manifest loads (templates and non-policies reported, never thrown) and can be queried`, () => {
      const files = readdirSync(builderDir(v)).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(40);
      for (const f of files) {
        const { model } = testCluster([path.join(builderDir(v), f)]);
        const conn = connectivity(model);
        expect(conn.truncated).toBe(false);
        const d = decide(model, { from: podEndpoint(model, C), to: podEndpoint(model, ECHO), port: 8080, protocol: 'TCP' });
        expect(['allowed', 'denied']).toContain(d.verdict);
      }
    });

  it('client-egress-to-echo: client reaches echo on 8080 and DNS, nothing else', () => {
    const ask = asker('client-egress-to-echo.yaml');
    expect(ask(C, ECHO, 8080).verdict).toBe('allowed');
    expect(ask(C2, ECHO2, 8080).verdict).toBe('allowed');
    expect(ask(C, DNS, 53, 'UDP').verdict).toBe('allowed');
    expect(ask(C, ECHO, 9090).egress.reason).toBe('default-deny');
    expect(ask(C, '1.1.1.1', 443).verdict).toBe('denied');
    expect(ask(ECHO, C, 8080).verdict).toBe('allowed'); // echo has no policy
  });

  it('deny-all-ingress: everything into every pod of the namespace is dropped', () => {
    const ask = asker('deny-all-ingress.yaml');
    expect(ask(C, ECHO, 8080).ingress.reason).toBe('default-deny');
    expect(ask(C, DNS, 53, 'UDP').verdict).toBe('allowed');
  });

  it('client-egress-to-echo-deny: POLICY_DENY on 8080 to echo', () => {
    const ask = asker('client-egress-to-echo-deny.yaml', 'allow-all-egress.yaml');
    const d = ask(C, ECHO, 8080);
    expect(d.egress.reason).toBe('explicit-deny');
    expect(d.egress.rules[0]?.name).toBe('client-egress-to-echo-deny');
    expect(ask(C, ECHO, 9090).verdict).toBe('allowed');
    // allow-all-egress's toEndpoints names no namespace, so in a CNP it stays in cilium-test (B.3).
    expect(ask(C, DNS, 53, 'UDP').egress.reason).toBe('default-deny');
  });

  it('echo-ingress-from-other-client (+ deny variant)', () => {
    const ask = asker('echo-ingress-from-other-client.yaml');
    expect(ask(C2, ECHO, 8080).verdict).toBe('allowed');
    expect(ask(C, ECHO, 8080).ingress.reason).toBe('default-deny');
    const deny = asker('echo-ingress-from-other-client-deny.yaml', 'allow-all-ingress.yaml');
    expect(deny(C2, ECHO, 8080).ingress.reason).toBe('explicit-deny');
    expect(deny(C, ECHO, 8080).verdict).toBe('allowed');
  });

  it('client-egress-to-entities-world: port 80 to the internet only', () => {
    const ask = asker('client-egress-to-entities-world.yaml');
    expect(ask(C, '1.1.1.1', 80).verdict).toBe('allowed');
    expect(ask(C, '1.1.1.1', 443).verdict).toBe('denied');
    expect(ask(C, ECHO, 8080).verdict).toBe('denied');
    expect(ask(C, DNS, 53, 'UDP').verdict).toBe('allowed');
  });

  it('allow-all-except-world: the cluster is reachable, the internet is not', () => {
    const ask = asker('allow-all-except-world.yaml');
    expect(ask(C, ECHO2, 8080).verdict).toBe('allowed');
    expect(ask(C, '1.1.1.1', 443).verdict).toBe('denied');
    expect(ask(C, '1.1.1.1', 53, 'UDP').verdict).toBe('allowed');
  });

  it('echo-ingress-icmp: ping from the other client only', () => {
    const ask = asker('echo-ingress-icmp.yaml');
    expect(ask(C2, C, 8, 'ICMP').verdict).toBe('allowed');
    expect(ask(C2, C, 128, 'ICMPv6').verdict).toBe('allowed');
    expect(ask(C2, C, 8080).verdict).toBe('denied');
    expect(ask(ECHO, C, 8, 'ICMP').verdict).toBe('denied');
  });
});
