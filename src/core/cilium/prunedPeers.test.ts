import { describe, expect, it } from 'vitest';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { rawDoc, testCtx } from './testDocs.ts';
import { compile } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { buildCluster, fqdnEndpoint, podEndpoint } from '../engine/testing.ts';
import type { Policy } from '../model/policy.ts';

/**
 * Peers whose only keys are unknown. The CRD's structural schema prunes unknown fields before it
 * validates (kubectl's default --validate=strict refuses them instead), so the item is read as
 * `{}`; what `{}` then means is the schema's and Cilium's word:
 * - an FQDN selector (`toFQDNs` item, `rules.dns` item) is `oneOf: matchName | matchPattern` in the
 *   CRD from Cilium 1.16 (pkg/policy/api/fqdn.go `+kubebuilder:validation:OneOf`: absent in the
 *   copy vendored by cilium/cilium-cli at v1.16.0-pre.0 bccd0dff8, present at v1.16.0-pre.3
 *   b9baaaf21 and every later one to v1.20.0-pre.4 7ca7fc53c; the generated CRD
 *   pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml at cilium/cilium 02904c9bb25567e06b55639622528a8b8c829f25
 *   has the oneOf on `dns` items): `{}` matches neither branch, so the API server refuses the
 *   object. Before 1.16 the schema takes it and FQDNSelector.sanitize accepts it: it names no name.
 * - an ingress/egress item left empty (`{}`) puts the subjects in default deny and allows nothing
 *   (C8; upstream TestL3Wildcarding C-cases, upstream/l4Filter.test.ts).
 */
const cnp = (egressOrIngress: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
${egressOrIngress}`;

const parse = (text: string, ciliumVersion: string) => parseCiliumPolicy(rawDoc(text, 'p.yaml'), { ...testCtx, ciliumVersion });

describe('an FQDN selector whose only key is unknown', () => {
  const toFqdns = cnp(`  egress:
  - toFQDNs:
    - matchname: api.example.com
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`);
  const dnsRule = cnp(`  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]
    toPorts:
    - ports: [{port: "53", protocol: ANY}]
      rules:
        dns:
        - matchname: api.example.com
`);
  for (const v of ['1.16', '1.19', '1.20'])
    it(`Cilium ${v}: the API server refuses the object (the CRD's oneOf of matchName and matchPattern), naming the pruned field`, () => {
      for (const [text, path] of [
        [toFqdns, 'spec.egress[0].toFQDNs[0]'],
        [dnsRule, 'spec.egress[0].toPorts[0].rules.dns[0]'],
      ] as const) {
        const r = parse(text, v);
        expect(r.value, `${v} ${path}`).toBeNull();
        const e = r.diagnostics.find((d) => d.severity === 'error');
        expect(e?.path).toBe(path);
        expect(e?.code).toBe('empty-fqdn');
        expect(e?.message).toContain('"matchname"');
        expect(e?.message).toContain(`Cilium ${v}`);
        expect(e?.message).toMatch(/API server refuses/);
        // The pruned key itself, with its line.
        const w = r.diagnostics.find((d) => d.code === 'unknown-field');
        expect(w?.path).toBe(`${path}.matchname`);
        expect(w?.line).toBeGreaterThan(0);
      }
    });
  it('Cilium 1.15: the object loads, the selector names no name (a warning naming the pruned field), and the subject is in egress default deny', () => {
    const r = parse(toFqdns, '1.15');
    expect(r.value).not.toBeNull();
    const w = r.diagnostics.find((d) => d.code === 'empty-fqdn');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('"matchname"');
    expect(w?.message).toContain('Cilium 1.15');
    const m = compile(
      buildCluster({ pods: [{ ns: 'shop', name: 'api', labels: { app: 'api' }, ip: '10.0.0.2' }], policies: [r.value as Policy] }),
      { ciliumVersion: '1.15' },
    );
    const d = decide(m, { from: podEndpoint(m, 'shop/api'), to: fqdnEndpoint('api.example.com', '203.0.113.5'), port: 443, protocol: 'TCP' });
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('default-deny');
  });
});

describe('an ingress item whose only key is unknown becomes {}', () => {
  const text = cnp(`  ingress:
  - fromEndpoint: [{matchLabels: {app: web}}]
`);
  it('loads; the subject is in ingress default deny and the item allows nothing; the warning names the field, its line and what is left', () => {
    const r = parse(text, '1.19');
    expect(r.value).not.toBeNull();
    const w = r.diagnostics.find((d) => d.code === 'unknown-field');
    expect(w).toMatchObject({ file: 'p.yaml', document: 0, line: 7, path: 'spec.ingress[0].fromEndpoint', severity: 'warning' });
    expect(w?.message).toContain('did you mean "fromEndpoints"');
    expect(w?.message).toContain('allows nothing');
    const m = compile(
      buildCluster({
        pods: [
          { ns: 'shop', name: 'api', labels: { app: 'api' }, ip: '10.0.0.2' },
          { ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.0.0.3' },
        ],
        policies: [r.value as Policy],
      }),
    );
    const d = decide(m, { from: podEndpoint(m, 'shop/web'), to: podEndpoint(m, 'shop/api'), port: 80, protocol: 'TCP' });
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
  });
});

describe('a toCIDRSet item whose only key is unknown', () => {
  it('is refused on every release: the CRD makes cidr, cidrGroupRef and cidrGroupSelector a oneOf (and CIDRRule.sanitize requires one)', () => {
    for (const v of ['1.14', '1.19', '1.20']) {
      const r = parse(cnp(`  egress:\n  - toCIDRSet: [{cidrr: 10.0.0.0/8}]\n`), v);
      expect(r.value, v).toBeNull();
      expect(r.diagnostics.find((d) => d.severity === 'error')?.path, v).toBe('spec.egress[0].toCIDRSet[0]');
    }
  });
});
