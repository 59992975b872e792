import { describe, expect, it } from 'vitest';
import type { WorkloadKey } from '../../core/model/cluster.ts';
import { appPlatform } from '../query/testing.ts';
import { bandwidthOf, workloadPolicies } from './policyView.ts';

describe('workloadPolicies on app-platform', () => {
  const { model, cluster } = appPlatform();
  it('mailer: baseline egress with the SMTP deny, its own relay policy', () => {
    const p = workloadPolicies(model, 'acme-jobs/Deployment/mailer' as WorkloadKey);
    expect(p.identities).toBe(1);
    const names = p.egress.map((r) => r.ref.name);
    expect(names).toContain('tenant-egress-baseline');
    expect(names).toContain('mailer-smtp-relay');
    const baseline = p.egress.find((r) => r.ref.name === 'tenant-egress-baseline');
    const deny = baseline?.entries.find((e) => e.action === 'deny');
    expect(deny).toMatchObject({ path: 'spec.egressDeny[0]', ports: '25/TCP' });
    expect(baseline?.entries.some((e) => e.peers.includes('0.0.0.0/0 except 10.0.0.0/8'))).toBe(true);
    expect(baseline?.entries.some((e) => e.l7?.startsWith('DNS:'))).toBe(true);
    const relay = p.egress.find((r) => r.ref.name === 'mailer-smtp-relay');
    expect(relay?.entries[0]?.peers).toContain('FQDN matchName smtp.mailgun.org');
    expect(relay?.source).toMatch(/^policies\.yaml:\d+$/);
  });
  it('ingress rules of a tenant workload name the baseline and the same-tenant policy', () => {
    const p = workloadPolicies(model, 'acme-web/Deployment/api' as WorkloadKey);
    expect(p.ingress.map((r) => r.ref.name)).toEqual(expect.arrayContaining(['tenant-ingress-baseline', 'same-tenant']));
    expect(p.ingress.every((r) => r.defaultDeny)).toBe(true);
    // Selectors read as written: no label sources, no local-cluster requirement added on import.
    const baseline = p.ingress.find((r) => r.ref.name === 'tenant-ingress-baseline');
    expect(baseline?.entries[0]?.peers).toBe('pods namespace=platform-ingress, app=envoy');
  });
  it('bandwidth annotations on the pod template', () => {
    const withBw = cluster.workloads.find((w) => bandwidthOf(w.podAnnotations).length > 0);
    expect(withBw).toBeDefined();
    expect(bandwidthOf(withBw?.podAnnotations ?? {})[0]?.annotation).toMatch(/^kubernetes\.io\/(egress|ingress)-bandwidth$/);
    expect(bandwidthOf({})).toEqual([]);
  });
});
