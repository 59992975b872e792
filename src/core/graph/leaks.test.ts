import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { findLeaks, isGenericValue, leakReport, leaksIn, otherTenantSecrets, otherTenantStrings } from './leaks.ts';

const docs = (...d: object[]): string => d.map((x) => JSON.stringify(x)).join('\n---\n');
const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const pod = (namespace: string, name: string, ip: string, labels: Record<string, string>, owner?: { kind: string; name: string }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...owner }] } : {}) },
  spec: { containers: [{ name: 'c', image: 'x' }] },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
});

const cluster = loadInputs([
  {
    name: 'inventory.yaml',
    data: docs(
      ns('acme-web', { tenant: 'acme', team: 'storefront-squad' }),
      ns('globex-data', { tenant: 'globex', 'cost-center': '4711' }),
      ns('kube-system', {}),
      pod('acme-web', 'web-0', '10.0.0.5', { app: 'web', 'apps.kubernetes.io/pod-index': '0', shard: '7' }, { kind: 'StatefulSet', name: 'web' }),
      pod('globex-data', 'ledger-0', '10.0.0.51', {
        app: 'ledger',
        'apps.kubernetes.io/pod-index': '0',
        'controller-revision-hash': 'ledger-6d5f8b7c94',
        'statefulset.kubernetes.io/pod-name': 'ledger-0',
        tier: 'backend',
        version: 'v1.4.2',
        'app.kubernetes.io/managed-by': 'Helm',
        canary: 'true',
        zone: 'eu',
        shared: 'web',
        ticket: 'GLX-7731',
      }, { kind: 'StatefulSet', name: 'ledger' }),
      pod('globex-data', 'cart-6f7a8b9c1-k2l3m', 'fd00::51', { app: 'cart', 'pod-template-hash': '6f7a8b9c1' }, { kind: 'ReplicaSet', name: 'cart-6f7a8b9c1' }),
      pod('kube-system', 'coredns-1', '10.0.9.2', { 'k8s-app': 'kube-dns' }),
    ),
  },
]).cluster;

describe('what is a secret of another tenant', () => {
  const secrets = otherTenantSecrets(cluster, 'tenant', 'acme');
  const texts = secrets.map((s) => s.text);

  it('names, addresses and identifying label values', () => {
    expect(texts).toEqual(expect.arrayContaining(['globex', 'globex-data', 'ledger', 'ledger-0', '10.0.0.51', 'cart', 'cart-6f7a8b9c1-k2l3m', 'cart-6f7a8b9c1', 'fd00::51', 'GLX-7731']));
  });

  it('not: derived label values, numbers, booleans, versions, short or common values, values the viewer also has', () => {
    for (const generic of ['0', '4711', 'ledger-6d5f8b7c94', '6f7a8b9c1', 'backend', 'v1.4.2', 'Helm', 'true', 'eu', 'web']) expect(texts).not.toContain(generic);
    // The platform's names are no tenant's secret either.
    expect(texts).not.toContain('coredns-1');
  });

  it('says where each secret comes from', () => {
    const ip = secrets.find((s) => s.text === '10.0.0.51');
    expect(ip).toEqual({ text: '10.0.0.51', tenants: ['globex'], where: ['IP of Pod globex-data/ledger-0'] });
    expect(secrets.find((s) => s.text === 'globex')?.where).toEqual(['label tenant of Namespace globex-data']);
    expect(leakReport([ip!])).toBe('  "10.0.0.51" (tenant globex): IP of Pod globex-data/ledger-0');
  });

  it('the other way round, acme’s numbers are not secrets of acme either', () => {
    const theirs = otherTenantStrings(cluster, 'tenant', 'globex');
    expect(theirs).toEqual(expect.arrayContaining(['acme', 'acme-web', 'web-0', '10.0.0.5', 'storefront-squad']));
    for (const generic of ['7', '0']) expect(theirs).not.toContain(generic);
  });

  it('generic shapes', () => {
    for (const v of ['0', '42', '-1', '3.5', 'true', 'False', 'v1', 'v1beta1', '1.4.2', '2.0.0-rc1', 'a', 'eu', 'prod', 'Backend', 'helm']) expect(isGenericValue(v), v).toBe(true);
    for (const v of ['ledger', 'GLX-7731', 'storefront-squad', 'v1-payments', '1password', 'acme']) expect(isGenericValue(v), v).toBe(false);
  });
});

describe('finding secrets in a text', () => {
  const secrets = otherTenantSecrets(cluster, 'tenant', 'acme');

  it('only whole names: not inside a longer name or address, any case', () => {
    expect(findLeaks('deny-ledger ledgers ledger-01 10.0.0.512 x10.0.0.51', ['ledger', '10.0.0.51'])).toEqual([]);
    expect(findLeaks('<text>Ledger</text>', ['ledger'])).toEqual(['ledger']);
    expect(findLeaks('"w:globex-data/StatefulSet/ledger"', ['globex-data', 'ledger'])).toEqual(['globex-data', 'ledger']);
    expect(findLeaks('seen from 10.0.0.51.', ['10.0.0.51'])).toEqual(['10.0.0.51']);
    expect(findLeaks('10.0.0.51/32', ['10.0.0.51'])).toEqual(['10.0.0.51']);
    // The parts of a dotted name are not whole names: the customer's own api.stripe.com, the SVG namespace.
    expect(findLeaks('api.stripe.com http://www.w3.org/2000/svg', ['stripe', 'w3'])).toEqual([]);
    expect(findLeaks('app=ledger', ['ledger'])).toEqual(['ledger']);
  });

  it('IPv6 addresses', () => {
    expect(leaksIn('peer fd00::51 port 80', secrets).map((s) => s.text)).toEqual(['fd00::51']);
    expect(leaksIn('peer fd00::512', secrets)).toEqual([]);
  });

  it('a picture full of numbers, generic words and the viewer’s own names is clean', () => {
    const svg = '<svg><g data-id="w:acme-web/StatefulSet/web"><text x="0" y="7">web</text></g><text>backend 4711 true v1.4.2 Helm eu ledger-6d5f8b7c94</text></svg>';
    expect(leaksIn(svg, secrets)).toEqual([]);
  });
});

describe('tenants named with common words', () => {
  // Found by leaks.property.test.ts (seed 1110567303): a tenant called "dev" was no secret of
  // the others, since "dev" is a common label value; the tenant's name is an identifier whatever it is.
  const envs = loadInputs([
    {
      name: 'inventory.yaml',
      data: docs(
        ns('dev-ns0', { tenant: 'dev' }),
        ns('aaa-ns0', { tenant: 'aaa' }),
        ns('bbb-ns0', { tenant: 'bbb' }),
        pod('bbb-ns0', 'api-0', '10.0.3.5', { app: 'api', env: 'dev' }),
      ),
    },
  ]).cluster;

  it('the name of another tenant is a secret even when it is a common word', () => {
    const secret = otherTenantSecrets(envs, 'tenant', 'aaa').find((s) => s.text === 'dev');
    expect(secret?.where).toEqual(['label tenant of Namespace dev-ns0']);
  });

  it('but not for a viewer whose own objects use the word', () => {
    expect(otherTenantStrings(envs, 'tenant', 'bbb')).not.toContain('dev');
    expect(otherTenantStrings(envs, 'tenant', 'bbb')).toContain('dev-ns0');
  });
});
