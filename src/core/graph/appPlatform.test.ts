/**
 * The graph on the shared app-platform fixture (tenants acme, globex, initech; the
 * tenant-egress-baseline CCNP allows the internet except private ranges and SMTP 25).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fullPortSet, portRange, subtract } from '../engine/PortSet.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { cidr, path as connPath, rule, wl, world } from './testing.ts';
import type { ConnectivityInput, GraphModel } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';

const dir = path.resolve(__dirname, '../../../../shared/fixtures/app-platform');
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const loaded = loadInputs([
  { name: 'policies.yaml', data: read('policies.yaml') },
  { name: 'inventory.yaml', data: read('inventory.yaml') },
]);
const cluster = loaded.cluster;
const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);

const edgesOf = (g: GraphModel, source: string) => g.edges.filter((e) => e.source === source);
const mailer = 'w:acme-jobs/Deployment/mailer';

describe('app-platform: flows only (before the engine has run)', () => {
  const g = buildGraph({ cluster, connectivity: null, flows }, defaultViewState);

  it('shows the three tenants and the platform', () => {
    expect(g.groups).toEqual(['g:platform', 'g:t:acme', 'g:t:globex', 'g:t:initech']);
    expect(g.nodes.find((n) => n.id === 'ns:kube-system')?.parent).toBe('g:platform');
    expect(g.nodes.find((n) => n.id === 'w:kube-system/Deployment/coredns')?.dns).toBe(true);
  });

  it('the mailer reaches the internet, and SMTP 25 is a separate denied carve-out edge', () => {
    const out = edgesOf(g, mailer);
    // The mailer's allowed mail goes through the relay it names by FQDN.
    expect(out.find((e) => e.target === 'o:fqdn:smtp.mailgun.org')?.verdict).toBe('allowed');
    expect(edgesOf(g, 'w:acme-web/Deployment/api').find((e) => e.target === 'o:fqdn:api.stripe.com')?.verdict).toBe('allowed');
    // The worker's metadata-service call lands on the excepted range that holds it.
    expect(edgesOf(g, 'w:acme-jobs/Deployment/worker').find((e) => e.target === 'o:cidr:169.254.0.0/16')?.verdict).toBe('default-deny');
    const smtp = out.find((e) => e.target === 'o:world~25/TCP');
    expect(smtp?.verdict).toBe('explicit-deny');
    expect(smtp?.observed?.flows).toBeGreaterThan(0);
  });

  it('names outside peers from policies: the excepted ranges, the FQDN, the apiserver', () => {
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const id of ['o:world', 'o:cidr:10.0.0.0/8', 'o:cidr:169.254.0.0/16', 'o:fqdn:smtp.mailgun.org', 'o:entity:kube-apiserver']) expect(ids.has(id)).toBe(true);
  });

  it('flags the AUDIT flow as a mismatch', () => {
    expect(g.edges.some((e) => e.mismatch === 'observed-allowed-predicted-denied' && e.source === 'w:initech-blog/Deployment/blog')).toBe(true);
  });

  it('collapsing a tenant aggregates its edges', () => {
    const c = buildGraph({ cluster, connectivity: null, flows }, viewReducer(defaultViewState, { type: 'toggle-collapsed', group: 'g:t:acme' }));
    expect(c.nodes.some((n) => n.id === mailer)).toBe(false);
    expect(c.edges.some((e) => e.source === 'g:t:acme' && e.target === 'o:world~25/TCP')).toBe(true);
    expect(c.edges.some((e) => e.source === 'g:t:acme' && e.target === 'o:fqdn:smtp.mailgun.org')).toBe(true);
  });
});

describe('app-platform: tenant-egress-baseline as connectivity paths', () => {
  // What connectivity() gives for tenant-egress-baseline: internet minus 25/TCP allowed
  // (egress[1] toCIDRSet), 25/TCP explicitly denied (egressDeny[0]), each `except` range denied.
  const tenantWorkloads = cluster.workloads.filter((w) => cluster.namespaces.get(w.namespace)?.labels['tenant'] !== undefined);
  const smtp = portRange('TCP', 25);
  const egress1 = rule('tenant-egress-baseline', 'spec.egress[1]');
  const connectivity: ConnectivityInput = {
    paths: tenantWorkloads.flatMap((w) => [
      connPath(wl(w.key), world, { allowed: subtract(fullPortSet, smtp), explicitDenied: smtp, allowRules: [egress1], denyRules: [rule('tenant-egress-baseline', 'spec.egressDeny[0]')] }),
      ...['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'].map((c) =>
        connPath(wl(w.key), cidr(c), { defaultDenied: fullPortSet, defaultDenyFrom: [egress1], nearMisses: [{ rule: egress1, why: 'in-except', text: `${c} is excepted` }] }),
      ),
    ]),
    enforcement: tenantWorkloads.map((w) => ({ workload: w.key, ingress: true, egress: true })),
  };
  const g = buildGraph({ cluster, connectivity, flows: null }, defaultViewState);

  it('every tenant workload: internet "all except 25/TCP", never just allowed', () => {
    for (const w of tenantWorkloads) {
      const out = edgesOf(g, `w:${w.key}`);
      expect(out.find((e) => e.target === 'o:world')?.portsText).toBe('all except 25/TCP');
      expect(out.find((e) => e.target === 'o:world~25/TCP')?.verdict).toBe('explicit-deny');
      expect(out.filter((e) => e.target.startsWith('o:cidr:') && e.verdict === 'default-deny').map((e) => e.target).sort()).toEqual([
        'o:cidr:10.0.0.0/8',
        'o:cidr:169.254.0.0/16',
        'o:cidr:172.16.0.0/12',
        'o:cidr:192.168.0.0/16',
      ]);
    }
  });
});
