import { describe, expect, it } from 'vitest';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { ingestTexts } from './ingest.ts';
import { policyDerivedFrom, recordedAttribution, recordedPolicyKey, versionAtLeast } from './attribution.ts';

/** A policy item exactly as `hubble observe -o json` prints it (Cilium 1.18+, GetPolicyFromLabels). */
const cnp = {
  name: 'same-tenant',
  namespace: 'acme-web',
  labels: [
    'k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy',
    'k8s:io.cilium.k8s.policy.name=same-tenant',
    'k8s:io.cilium.k8s.policy.namespace=acme-web',
    'k8s:io.cilium.k8s.policy.uid=0b6f5c1e-4a7d-4c52-9d8e-2f1a3b4c5d6e',
  ],
  revision: '42',
  kind: 'CiliumNetworkPolicy',
};
const ccnp = {
  name: 'tenant-egress-baseline',
  labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy', 'k8s:io.cilium.k8s.policy.name=tenant-egress-baseline', 'k8s:io.cilium.k8s.policy.uid=1'],
  revision: '42',
  kind: 'CiliumClusterwideNetworkPolicy',
};

describe('recordedPolicyKey', () => {
  it('names policies by kind, namespace and name, cluster-wide ones without a namespace', () => {
    expect(recordedPolicyKey({ kind: 'CiliumNetworkPolicy', namespace: 'ns', name: 'a' })).toBe('CiliumNetworkPolicy/ns/a');
    expect(recordedPolicyKey({ kind: 'CiliumClusterwideNetworkPolicy', namespace: '', name: 'b' })).toBe('CiliumClusterwideNetworkPolicy/b');
    expect(recordedPolicyKey({ kind: 'NetworkPolicy', namespace: 'ns', name: 'c' })).toBe('NetworkPolicy/ns/c');
  });

  it('names implicit rules by their derived-from label (allow-localhost-ingress has no name or kind)', () => {
    const implicit = { name: '', namespace: '', kind: '', revision: '7', labels: ['reserved:io.cilium.policy.derived-from=allow-localhost-ingress'] };
    expect(policyDerivedFrom(implicit)).toBe('allow-localhost-ingress');
    expect(recordedPolicyKey({ ...implicit, derivedFrom: policyDerivedFrom(implicit) })).toBe('implicit/allow-localhost-ingress');
  });

  it('reads the kind from the derived-from label when the flow has no kind (Hubble before Cilium 1.18)', () => {
    const r = parseFlowRecord({ flow: { verdict: 'FORWARDED', traffic_direction: 'EGRESS', egress_allowed_by: [{ ...cnp, kind: undefined }] } });
    expect(r.kind === 'flow' && r.flow.egressAllowedBy[0]?.kind).toBe('CiliumNetworkPolicy');
  });
});

describe('recordedAttribution', () => {
  it('collects allowed-by and denied-by keys per side and in all, with policy_log texts', () => {
    const src = { ID: 11, identity: 20013, namespace: 'acme-web', pod_name: 'frontend-1', workloads: [{ name: 'frontend', kind: 'Deployment' }] };
    const dst = { ID: 12, identity: 20026, namespace: 'acme-web', pod_name: 'api-1', workloads: [{ name: 'api', kind: 'Deployment' }] };
    const l4 = { TCP: { source_port: 40000, destination_port: 9000, flags: { SYN: true } } };
    const lines = [
      { verdict: 'FORWARDED', traffic_direction: 'EGRESS', event_type: { type: 5 }, egress_allowed_by: [cnp, ccnp], policy_log: ['tenant-traffic'] },
      { verdict: 'FORWARDED', traffic_direction: 'INGRESS', event_type: { type: 5 }, ingress_allowed_by: [cnp], policy_log: [''] },
      { verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENY', traffic_direction: 'EGRESS', event_type: { type: 5 }, egress_denied_by: [ccnp] },
      { verdict: 'FORWARDED', traffic_direction: 'EGRESS', event_type: { type: 4 } },
    ].map((f, i) => JSON.stringify({ flow: { time: `2026-11-20T09:00:0${i}Z`, uuid: `u${i}`, source: src, destination: dst, l4, ...f } }));
    const [edge] = ingestTexts([{ name: 'f.jsonl', text: lines.join('\n') }]).edges;
    expect(edge).toBeDefined();
    const r = recordedAttribution(edge!);
    expect(r).toEqual({
      allowedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline', 'CiliumNetworkPolicy/acme-web/same-tenant'],
      deniedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline'],
      egress: { allowedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline', 'CiliumNetworkPolicy/acme-web/same-tenant'], deniedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline'] },
      ingress: { allowedBy: ['CiliumNetworkPolicy/acme-web/same-tenant'], deniedBy: [] },
      policyLog: ['tenant-traffic'],
      policyVerdictEvents: 3,
    });
    // The sample carries the same keys per flow.
    const denied = edge!.sample.find((s) => s.verdict === 'DROPPED');
    expect(denied).toMatchObject({ recordedAllowedBy: [], recordedDeniedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline'], eventType: 5, sourceIdentity: 20013, destinationIdentity: 20026 });
  });
});

describe('versionAtLeast', () => {
  it('compares major.minor, tolerating a v prefix and patch levels', () => {
    expect(versionAtLeast('1.19', '1.20')).toBe(false);
    expect(versionAtLeast('1.20', '1.20')).toBe(true);
    expect(versionAtLeast('v1.20.1', '1.20')).toBe(true);
    expect(versionAtLeast('1.9', '1.20')).toBe(false);
    expect(versionAtLeast('2.0', '1.20')).toBe(true);
  });
});
