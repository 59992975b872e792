import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { graphInputsOf } from './graphInputs.ts';
import { OTHERS_GROUP } from './grouping.ts';
import { findLeaks, otherTenantStrings } from './leaks.ts';
import { HIDDEN_NAME_ID } from './redact.ts';
import { redaction } from './redaction.ts';
import { LazyModuleNotLoaded } from '../util/lazyModule.ts';
import type { GraphModel, ViewState } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');

function inputsWith(extraPolicies = '') {
  const files = [
    { name: 'policies.yaml', data: read('policies.yaml') },
    { name: 'inventory.yaml', data: read('inventory.yaml') },
    ...(extraPolicies ? [{ name: 'extra.yaml', data: extraPolicies }] : []),
  ];
  const cluster = loadInputs(files).cluster;
  return graphInputsOf(compile(cluster), ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]));
}

const inputs = inputsWith();
const customer = (tenant: string, base: ViewState = defaultViewState): ViewState => viewReducer(base, { type: 'set-customer-tenant', tenant });
const labels = (g: GraphModel) => g.nodes.map((n) => n.label);

describe('customer view (redaction in the graph model)', () => {
  const g = buildGraph(inputs, customer('acme'));
  const text = JSON.stringify(g);

  it('names the tenant’s own workloads and namespaces', () => {
    for (const name of ['frontend', 'api', 'worker', 'mailer', 'acme-web', 'acme-jobs']) expect(labels(g)).toContain(name);
    expect(g.nodes.find((n) => n.id === 'w:acme-web/Deployment/api')?.namespace).toBe('acme-web');
  });

  it('contains no string of globex or initech anywhere in the model', () => {
    const forbidden = otherTenantStrings(inputs.cluster, 'tenant', 'acme');
    for (const s of ['globex', 'initech', 'globex-shop', 'storefront', 'cart', 'db', 'admin-panel', '10.244.0.54', 'realtime-udp', 'db-only-from-blog', 'cart-from-storefront']) expect(forbidden).toContain(s);
    expect(findLeaks(text, forbidden)).toEqual([]);
  });

  it('other tenants are one anonymous collapsed node, with no workload count', () => {
    const others = g.nodes.filter((n) => n.group === OTHERS_GROUP);
    expect(others.map((n) => [n.id, n.label, n.collapsed, n.workloads])).toEqual([[OTHERS_GROUP, 'other tenants', true, 0]]);
    // The storefront's denied attempts on the API arrive from "other tenants".
    const denied = g.edges.find((e) => e.source === OTHERS_GROUP && e.target === 'w:acme-web/Deployment/api' && e.verdict === 'default-deny');
    expect(denied?.observed?.flows).toBeGreaterThan(0);
    expect(denied?.rules.every((r) => r.namespace === null || r.namespace.startsWith('acme-'))).toBe(true);
  });

  it('platform workloads keep generic names only', () => {
    const platform = g.nodes.filter((n) => n.group === 'g:platform' && n.kind === 'workload').map((n) => [n.id, n.label]);
    expect(platform).toContainEqual(['p:dns', 'DNS']);
    expect(platform).toContainEqual(['p:ingress-proxy', 'ingress proxy']);
    expect(platform).toContainEqual(['p:platform-service', 'platform service']);
    for (const s of ['envoy', 'coredns', 'metrics-agent', 'deployer', 'platform-ingress', 'kube-system', 'deployer-to-apiserver']) expect(text).not.toContain(s);
    expect(g.edges.find((e) => e.source === 'p:ingress-proxy' && e.target === 'w:acme-web/Deployment/frontend')?.verdict).toBe('allowed');
  });

  it('draws only edges that touch the tenant, and no flow keys', () => {
    const own = new Set(g.nodes.filter((n) => n.group === 'g:t:acme').map((n) => n.id));
    expect(g.edges.length).toBeGreaterThan(0);
    for (const e of g.edges) {
      expect(own.has(e.source) || own.has(e.target)).toBe(true);
      expect(e.flowKeys).toEqual([]);
    }
    // Outside peers the tenant reaches stay: the internet, the SMTP carve-out, the mail relay.
    for (const id of ['o:world', 'o:world~25/TCP', 'o:fqdn:smtp.mailgun.org']) expect(g.nodes.some((n) => n.id === id)).toBe(true);
  });

  it('counts only what the customer sees', () => {
    expect(g.counts.workloads).toBe(4);
    expect(g.groups).toEqual([OTHERS_GROUP, 'g:platform', 'g:t:acme']);
  });

  it('is deterministic and survives collapsing the tenant', () => {
    expect(JSON.stringify(buildGraph(inputs, customer('acme')))).toBe(text);
    const c = buildGraph(inputs, viewReducer(customer('acme'), { type: 'toggle-collapsed', group: 'g:t:acme' }));
    expect(c.nodes.some((n) => n.id === 'w:acme-web/Deployment/api')).toBe(false);
    expect(c.edges.some((e) => e.source === 'g:t:acme')).toBe(true);
  });

  it('works for every tenant', () => {
    for (const t of ['globex', 'initech']) {
      const m = buildGraph(inputs, customer(t));
      expect(findLeaks(JSON.stringify(m), otherTenantStrings(inputs.cluster, 'tenant', t))).toEqual([]);
    }
  });

  it('an outside name only another tenant’s policy names is anonymous', () => {
    const extra = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: secret-partner, namespace: globex-shop }
spec:
  endpointSelector: {}
  egress:
    - toFQDNs: [{ matchPattern: "*.mailgun.org" }]
`;
    const withExtra = inputsWith(extra);
    const support = buildGraph(withExtra, defaultViewState);
    expect(support.nodes.some((n) => n.label === '*.mailgun.org')).toBe(true);
    const m = buildGraph(withExtra, customer('acme'));
    expect(JSON.stringify(m)).not.toContain('*.mailgun.org');
    expect(findLeaks(JSON.stringify(m), otherTenantStrings(withExtra.cluster, 'tenant', 'acme'))).toEqual([]);
    // Its own policy's name (smtp.mailgun.org) still shows.
    expect(m.nodes.some((n) => n.id === 'o:fqdn:smtp.mailgun.org' || n.id === HIDDEN_NAME_ID)).toBe(true);
  });

  it('entering the customer view forgets collapsed groups and node filters (they go into URLs)', () => {
    const v = viewReducer({ ...defaultViewState, collapsed: ['g:t:globex'], filters: { ...defaultViewState.filters, namespaces: ['globex-shop'], search: 'cart' } }, { type: 'set-customer-tenant', tenant: 'acme' });
    expect(v.collapsed).toEqual([]);
    expect(v.filters.namespaces).toEqual([]);
    expect(v.filters.search).toBe('');
  });

  it('the support view is unchanged', () => {
    const s = buildGraph(inputs, defaultViewState);
    expect(labels(s)).toContain('storefront');
    expect(s.groups).toEqual(['g:platform', 'g:t:acme', 'g:t:globex', 'g:t:initech']);
  });
});

describe('the redaction is a lazy chunk in the browser (redaction.ts)', () => {
  it('the full view builds without it; a customer view throws until it is loaded, then is redacted', async () => {
    const putBack = redaction.unloadForTests();
    try {
      expect(labels(buildGraph(inputs, defaultViewState))).toContain('db');
      expect(() => buildGraph(inputs, customer('acme'))).toThrow(LazyModuleNotLoaded);
      await redaction.load();
      const g = buildGraph(inputs, customer('acme'));
      expect(labels(g)).toContain('frontend');
      expect(JSON.stringify(g)).not.toContain('globex');
    } finally {
      putBack();
    }
  });
});
