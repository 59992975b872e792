import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadInputs } from '../load/loadInputs.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { formatPortSet } from '../engine/PortSet.ts';
import type { PolicyKey } from '../model/policy.ts';
import { policyText, draftName } from './editable.ts';
import { runWhatIf, whatIfBase } from './whatIf.ts';
import type { Draft } from './types.ts';
import { appPlatformDir, tierPlatformDir } from '../../../test/paths.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;
const flows = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(path.join(appPlatformDir, 'flows.jsonl'), 'utf8') }]);
const base = whatIfBase(cluster, flows);
const EGRESS = 'CiliumClusterwideNetworkPolicy//tenant-egress-baseline' as PolicyKey;
const egress = cluster.policies.find((p) => p.key === EGRESS);

function withoutSmtpDeny(): string {
  const doc = parse(policyText(egress!)!) as { spec: Record<string, unknown> };
  delete doc.spec['egressDeny'];
  return stringify(doc);
}

describe('runWhatIf on the app-platform fixture', () => {
  it('an untouched draft changes nothing', () => {
    const text = policyText(egress!)!;
    const r = runWhatIf(base, { documents: [{ id: 'd1', replaces: EGRESS, name: draftName(egress!.ref), text }], removed: [] });
    expect(r.outcome.documents[0]?.diagnostics).toEqual([]);
    expect(r.outcome.changes).toEqual([]);
    expect(r.outcome.observed).toEqual([]);
  });

  it('removing the SMTP egressDeny opens 25/TCP to the internet for every tenant workload, and unblocks the mailer flows', () => {
    const draft: Draft = { documents: [{ id: 'd1', replaces: EGRESS, name: draftName(egress!.ref), text: withoutSmtpDeny() }], removed: [] };
    const r = runWhatIf(base, draft);
    expect(r.outcome.engineError).toBeNull();
    expect(r.outcome.counts).toMatchObject({ newlyAllowed: 0, newlyDenied: 0, portsChanged: 50, breaks: 0 });
    expect(new Set(r.outcome.changes.map((c) => formatPortSet(c.opened)))).toEqual(new Set(['TCP 25']));
    expect(r.outcome.changes.every((c) => formatPortSet(c.closed) === 'No Connections')).toBe(true);
    expect(r.outcome.observed.map((o) => `${o.source} → ${o.destination} ${o.port}/${o.protocol} ${o.effect} ${o.dropped}`)).toEqual([
      'acme-jobs/Deployment/mailer → ip:198.51.100.25 25/TCP unblocks 6',
    ]);
    expect(r.after.policies).toHaveLength(cluster.policies.length);
  });

  it('deleting a policy closes what only it allowed and lists the observed flows that would break', () => {
    const r = runWhatIf(base, { documents: [], removed: ['CiliumNetworkPolicy/acme-web/same-tenant' as PolicyKey] });
    expect(r.outcome.removed.map((p) => p.name)).toEqual(['same-tenant']);
    expect(r.outcome.counts).toMatchObject({ newlyAllowed: 0, newlyDenied: 12, portsChanged: 0, breaks: 3, unblocks: 0 });
    expect(r.outcome.observed.map((o) => `${o.source} → ${o.destination} ${o.port}/${o.protocol} ${o.effect}`)).toEqual([
      'acme-web/Deployment/frontend → acme-web/Deployment/api 9000/TCP breaks',
      'acme-jobs/Deployment/worker → acme-web/Deployment/api 9000/TCP breaks',
      'acme-web/Deployment/api → acme-jobs/Deployment/worker 9090/TCP breaks',
    ]);
  });

  it("deleting a workload's only egress policy lifts its default deny: paths open, none close", () => {
    const r = runWhatIf(base, { documents: [], removed: ['CiliumNetworkPolicy/platform-mgmt/deployer-to-apiserver' as PolicyKey] });
    expect(r.outcome.counts.newlyDenied).toBe(0);
    expect(r.outcome.counts.newlyAllowed).toBeGreaterThan(0);
    expect(r.outcome.changes.every((c) => c.from.display === 'platform-mgmt/deployer' && formatPortSet(c.closed) === 'No Connections')).toBe(true);
  });

  it('a draft with a syntax error reports it with its own name and line, and the policy it edits is then gone', () => {
    const r = runWhatIf(base, { documents: [{ id: 'd1', replaces: EGRESS, name: 'what-if: CCNP tenant-egress-baseline', text: 'kind: [\n' }], removed: [] });
    const d = r.outcome.documents[0]?.diagnostics[0];
    expect(d).toMatchObject({ file: 'what-if: CCNP tenant-egress-baseline', severity: 'error' });
    expect(d?.line).toBeGreaterThan(0);
    expect(r.outcome.removed.map((p) => p.name)).toEqual(['tenant-egress-baseline']);
  });
});

describe('runWhatIf with policy tiers (ClusterNetworkPolicy, Cilium 1.20)', () => {
  const tierRead = (name: string) => ({ name, data: readFileSync(path.join(tierPlatformDir, name), 'utf8') });
  const tierCluster = loadInputs(['inventory.yaml', 'policies.yaml'].map(tierRead)).cluster;
  const tierBase = whatIfBase(tierCluster, null, { ciliumVersion: '1.20' });
  const smtp = 'ClusterNetworkPolicy//deny-smtp-egress' as PolicyKey;

  it('a proposed Admin Deny closes what it matches, on every pod it selects', () => {
    const text = [
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      'metadata: {name: no-metrics-scraping}',
      'spec:',
      '  tier: Admin',
      '  priority: 1',
      '  subject: {namespaces: {matchLabels: {tenant: acme}}}',
      '  ingress:',
      '  - {name: deny-9090, action: Deny, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: 9090}}}]}',
    ].join('\n');
    const r = runWhatIf(tierBase, { documents: [{ id: 'd1', replaces: null, name: 'new.yaml', text }], removed: [] });
    expect(r.outcome.documents[0]?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.outcome.documents[0]?.policies).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'no-metrics-scraping' }]);
    expect(r.after.tierPolicies).toHaveLength(5);
    const closed = r.outcome.changes.filter((c) => formatPortSet(c.closed).includes('9090'));
    expect(closed.length).toBeGreaterThan(0);
    expect(r.outcome.changes.every((c) => formatPortSet(c.opened) === 'No Connections')).toBe(true);
  });

  it('removing the Admin SMTP deny opens SMTP for the tenants', () => {
    const r = runWhatIf(tierBase, { documents: [], removed: [smtp] });
    expect(r.outcome.removed).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'deny-smtp-egress' }]);
    expect(r.after.tierPolicies?.map((t) => t.name)).not.toContain('deny-smtp-egress');
    expect(r.outcome.changes.some((c) => formatPortSet(c.opened).includes('TCP 25'))).toBe(true);
  });
});
