import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * Kafka rules and generic L7 rules (`l7proto`/`l7`) by Cilium version. cilium/cilium's
 * pkg/policy/api/l4.go `L7Rules`: Kafka carries "Deprecated: This beta feature is deprecated and
 * will be removed in a future release" from the 1.19 cycle (v1.19.0-pre.0, absent at
 * v1.18.0-pre.3); on main of 2026-05 (v1.20.0-pre.2, 08329adacae3) `L7Rules` holds only `http`
 * and `dns`: Kafka and l7proto/l7 are gone (read in the cilium/cilium copies vendored by
 * cilium/cilium-cli at 024e340cc, 3ce83aa3b and 28724c917). On 1.20 the CRD has no such field,
 * so what reaches the agent is the port without L7 rules: every request on it passes.
 */
const policy = (rules: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: kafka-produce, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: broker}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: client}}]
    toPorts:
    - ports: [{port: '9092', protocol: TCP}]
      rules: ${rules}
`;
const KAFKA = '{kafka: [{role: produce, topic: orders}]}';
const GENERIC = '{l7proto: r2d2, l7: [{cmd: READ}]}';

function run(rules: string, ciliumVersion: string) {
  const { policies, diagnostics } = policiesFromYaml(policy(rules), { ciliumVersion });
  const pods = [
    { ns: 'shop', name: 'broker', labels: { app: 'broker' } },
    { ns: 'shop', name: 'client', labels: { app: 'client' } },
  ];
  const m = compile(buildCluster({ pods, policies }), { ciliumVersion });
  const d = decide(m, { from: podEndpoint(m, 'shop/client'), to: podEndpoint(m, 'shop/broker'), port: 9092, protocol: 'TCP' });
  return { diagnostics, d };
}

describe('Kafka and generic L7 rules by Cilium version', () => {
  it('1.18: Kafka rules filter requests in the proxy (not evaluated offline); no version note', () => {
    const { diagnostics, d } = run(KAFKA, '1.18');
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.l7).toBe('filtered');
    expect(d.ingress.l7Rules.map((s) => s.kind)).toEqual(['kafka']);
    expect(diagnostics.filter((x) => x.code === 'l7-deprecated' || x.code === 'l7-removed')).toEqual([]);
  });
  it('1.19: still filtered, and the policy is told that Kafka rules are deprecated in 1.19 and gone in 1.20', () => {
    const { diagnostics, d } = run(KAFKA, '1.19');
    expect(d.ingress.l7).toBe('filtered');
    const dep = diagnostics.find((x) => x.code === 'l7-deprecated');
    expect(dep?.message).toMatch(/deprecated in Cilium 1\.19/);
    expect(dep?.message).toMatch(/1\.20/);
    expect(d.notes.some((n) => /kafka-produce .*Kafka.*deprecated.*1\.19.*1\.20/.test(n))).toBe(true);
  });
  it('1.20: Kafka rules do not exist any more: the port is allowed without L7 filtering, said at load and in the decision', () => {
    const { diagnostics, d } = run(KAFKA, '1.20');
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.l7).toBe('none');
    const removed = diagnostics.find((x) => x.code === 'l7-removed');
    expect(removed?.severity).toBe('warning');
    expect(removed?.message).toMatch(/Cilium 1\.20/);
    expect(removed?.message).toMatch(/9092\/TCP/);
    expect(d.notes.some((n) => /kafka-produce spec\.ingress\[0\]\.toPorts\[0\]: Cilium 1\.20 has no Kafka rules.*every request/.test(n))).toBe(true);
  });
  it('1.20: generic L7 rules (l7proto/l7) likewise', () => {
    const { diagnostics, d } = run(GENERIC, '1.20');
    expect(d.ingress.l7).toBe('none');
    expect(diagnostics.find((x) => x.code === 'l7-removed')?.message).toMatch(/l7proto/);
    expect(d.notes.some((n) => /Cilium 1\.20 has no generic L7 rules \(l7proto\/l7\)/.test(n))).toBe(true);
  });
  it('1.20: Kafka next to HTTP on one port is no longer two L7 kinds: the HTTP rules stand', () => {
    const { diagnostics, d } = run('{http: [{method: GET}], kafka: [{topic: orders}]}', '1.20');
    expect(diagnostics.filter((x) => x.code === 'multiple-l7-kinds')).toEqual([]);
    expect(d.ingress.l7).toBe('filtered');
    expect(d.ingress.l7Rules.map((s) => s.kind)).toEqual(['http']);
  });
});
