import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlatformDir } from '../../../test/paths.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildSearchIndex, searchIndex, type SearchHit } from './searchIndex.ts';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: acme-web
spec:
  selector:
    app: api
  clusterIP: 10.96.12.34
  clusterIPs: [10.96.12.34]
  ports:
    - port: 80
      targetPort: 9000
`;

const files = [...['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(appPlatformDir, n), 'utf8') })), { name: 'svc.yaml', data: SERVICE }];
const cluster = loadInputs(files, {}).cluster;
const index = buildSearchIndex(cluster);
const first = (q: string): SearchHit | undefined => searchIndex(index, q)[0];

describe('searchIndex on the app-platform cluster', () => {
  it('finds a pod by name, standing for its workload', () => {
    const h = first('api-k5c294fmw-ckr2k');
    expect(h).toMatchObject({ kind: 'pod', label: 'acme-web/api-k5c294fmw-ckr2k', detail: 'pod of Deployment acme-web/api', workloads: ['acme-web/Deployment/api'], rank: 0 });
  });

  it('finds a pod by IP', () => {
    expect(first('10.244.0.26')).toMatchObject({ kind: 'pod-ip', label: '10.244.0.26', detail: 'acme-web/api-k5c294fmw-ckr2k', workloads: ['acme-web/Deployment/api'] });
  });

  it('finds a policy by name, standing for the workloads it selects', () => {
    const hits = searchIndex(index, 'mailer-smtp-relay');
    expect(hits.map((h) => [h.kind, h.label])).toEqual([['policy', 'CNP acme-jobs/mailer-smtp-relay']]);
    expect(hits[0]?.workloads).toEqual(['acme-jobs/Deployment/mailer']);
    expect(hits[0]?.policy).toBe('CiliumNetworkPolicy/acme-jobs/mailer-smtp-relay');
    // A clusterwide policy selects across tenants.
    expect(first('tenant-egress-baseline')?.workloads.length).toBeGreaterThan(5);
  });

  it('finds workloads by a pod label and by a namespace label (key=value)', () => {
    expect(first('app=api')).toMatchObject({ kind: 'label', workloads: ['acme-web/Deployment/api'] });
    const tenant = first('tenant=acme');
    expect(tenant?.kind).toBe('namespace-label');
    expect([...(tenant?.workloads ?? [])].sort()).toEqual(cluster.workloads.filter((w) => w.namespace.startsWith('acme-')).map((w) => w.key).sort());
  });

  it('finds a Service by name and by ClusterIP, standing for its backends', () => {
    expect(first('10.96.12.34')).toMatchObject({ kind: 'service-ip', workloads: ['acme-web/Deployment/api'] });
    const byName = searchIndex(index, 'acme-web/api').find((h) => h.kind === 'service');
    expect(byName).toMatchObject({ label: 'acme-web/api', detail: 'backends: api', workloads: ['acme-web/Deployment/api'] });
  });

  it('finds the pods inside a CIDR', () => {
    const h = first('10.244.0.24/30');
    expect(h).toMatchObject({ kind: 'cidr', workloads: ['acme-web/Deployment/api'] });
    expect(h?.detail).toBe('1 pod address of 1 workload');
  });

  it('finds outside peers (FQDN, CIDR nodes) of the graph by their label', () => {
    const hits = searchIndex(index, 'mailgun', 10, [{ id: 'o:fqdn:smtp.mailgun.org', kind: 'fqdn', label: 'smtp.mailgun.org' }]);
    expect(hits.map((h) => [h.kind, h.detail, h.nodes])).toEqual([['outside', 'DNS name', ['o:fqdn:smtp.mailgun.org']]]);
  });

  it('ranks exact before prefix before substring, and is empty for an empty query', () => {
    const hits = searchIndex(index, 'acme-web/api');
    expect(hits[0]?.rank).toBe(0);
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort());
    expect(searchIndex(index, '   ')).toEqual([]);
    expect(searchIndex(index, 'nothing-like-this')).toEqual([]);
  });

  it('counts a namespace\'s workloads in words that agree in number', () => {
    const one = buildSearchIndex(loadInputs([{ name: 'ns.yaml', data: ONE_WORKLOAD }], {}).cluster);
    expect(searchIndex(one, 'solo').find((h) => h.kind === 'namespace')?.detail).toBe('1 workload');
    expect(searchIndex(one, 'empty-ns').find((h) => h.kind === 'namespace')?.detail).toBe('0 workloads');
    expect(searchIndex(index, 'acme-web').find((h) => h.kind === 'namespace')?.detail).toMatch(/^\d+ workloads$/);
  });
});

const ONE_WORKLOAD = `apiVersion: v1
kind: Namespace
metadata: { name: solo }
---
apiVersion: v1
kind: Namespace
metadata: { name: empty-ns }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: only, namespace: solo }
spec:
  selector: { matchLabels: { app: only } }
  template: { metadata: { labels: { app: only } }, spec: { containers: [{ name: c, image: x }] } }
`;
