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
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { cidr, path as connPath, rule, wl, world } from './testing.ts';
import type { ConnectivityInput, GraphModel } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const loaded = loadInputs([
  { name: 'policies.yaml', data: read('policies.yaml') },
  { name: 'inventory.yaml', data: read('inventory.yaml') },
]);
const cluster = loaded.cluster;
const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);

const edgesOf = (g: GraphModel, source: string) => g.edges.filter((e) => e.source === source);
const mailer = 'w:acme-jobs/Deployment/mailer';
/** The private ranges carved out of 0.0.0.0/0 by tenant-egress-baseline. */
const EXCEPT = 'o:world~except';

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
    expect(edgesOf(g, 'w:acme-jobs/Deployment/worker').find((e) => e.target === EXCEPT)?.verdict).toBe('default-deny');
    const smtp = out.find((e) => e.target === 'o:world~25/TCP');
    expect(smtp?.verdict).toBe('explicit-deny');
    expect(smtp?.observed?.flows).toBeGreaterThan(0);
  });

  it('names outside peers from policies: the excepted ranges, the FQDN, the apiserver', () => {
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const id of ['o:world', EXCEPT, 'o:fqdn:smtp.mailgun.org', 'o:entity:kube-apiserver']) expect(ids.has(id)).toBe(true);
    // The four private ranges are named only as `except` of 0.0.0.0/0: one carve-out node.
    expect(g.nodes.find((n) => n.id === EXCEPT)?.label).toBe('10.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16 (excepted from internet)');
    expect([...ids].some((id) => id.startsWith('o:cidr:'))).toBe(false);
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
      expect(out.find((e) => e.target === EXCEPT)).toMatchObject({ verdict: 'default-deny', portsText: 'all ports', members: 1 });
    }
  });
});

describe('app-platform: with the engine', () => {
  const model = compile(cluster);
  const conn = connectivityInput(connectivity(model, { includeDenied: true }), cluster, model.settings);
  const g = buildGraph({ cluster, connectivity: conn, flows }, defaultViewState);
  const find = (s: string, t: string, v: string) => g.edges.find((e) => e.source === s && e.target === t && e.verdict === v);
  const W = (ns: string, name: string) => `w:${ns}/Deployment/${name}`;

  it('draws the expected-verdict table as edges', () => {
    expect(find(W('acme-web', 'frontend'), W('acme-web', 'api'), 'allowed')?.rules.map((r) => r.name)).toContain('same-tenant');
    expect(find(W('platform-ingress', 'envoy'), W('acme-web', 'frontend'), 'allowed')?.portsText).toBe('8080/TCP');
    expect(find(W('acme-web', 'frontend'), W('kube-system', 'coredns'), 'l7-filtered')?.portsText).toBe('53/TCP+UDP');
    expect(find('o:world', W('globex-shop', 'realtime'), 'allowed')?.portsText).toBe('40000-40100/UDP');
    expect(find(W('platform-mgmt', 'deployer'), 'o:entity:kube-apiserver', 'allowed')?.portsText).toBe('6443/TCP');
    expect(find(W('initech-admin', 'admin-panel'), W('initech-blog', 'db'), 'allowed')).toBeDefined();
    // Observed drops on a path policy denies by default.
    expect(find(W('globex-shop', 'storefront'), W('acme-web', 'api'), 'default-deny')?.observed?.flows).toBeGreaterThan(0);
  });

  it('egress exceptions: internet allowed except 25/TCP, the SMTP carve-out and the private ranges denied', () => {
    const mailer = W('acme-jobs', 'mailer');
    expect(find(mailer, 'o:world', 'allowed')?.portsText).toBe('all except 25/TCP');
    const smtp = find(mailer, 'o:world~25/TCP', 'explicit-deny');
    expect(smtp?.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['tenant-egress-baseline spec.egressDeny[0]']);
    expect(smtp?.observed?.flows).toBeGreaterThan(0);
    expect(find(mailer, EXCEPT, 'default-deny')?.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['tenant-egress-baseline spec.egress[1]']);
    expect(find(W('acme-jobs', 'worker'), EXCEPT, 'default-deny')?.observed?.flows).toBeGreaterThan(0);
    expect(find(mailer, 'o:fqdn:smtp.mailgun.org', 'allowed')?.observed?.flows).toBeGreaterThan(0);
  });

  it('ingress from the world is drawn once, from the internet, not again from every range it holds', () => {
    const into = g.edges.filter((e) => e.target === W('globex-shop', 'realtime') && e.verdict === 'allowed');
    expect(into.map((e) => e.source).filter((s) => s.startsWith('o:'))).toEqual(['o:world']);
  });

  it('probes from the local host (allow-localhost) are not drawn as policy paths', () => {
    expect(g.edges.filter((e) => e.source === 'o:entity:host' && e.policy)).toEqual([]);
  });

  it('platform workloads without policy are summarised, not wired to everything', () => {
    const envoy = g.nodes.find((n) => n.id === W('platform-ingress', 'envoy'));
    expect(envoy?.unrestricted).toContain('egress');
    expect(g.edges.filter((e) => e.verdict === 'not-enforced' && e.policy)).toEqual([]);
  });
});
