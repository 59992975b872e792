import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { loadInputs } from '../load/loadInputs.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { parsePeerRef, resolvePeerRef } from '../engine/peerRef.ts';
import type { Endpoint } from '../engine/types.ts';
import { generateCluster, synthPresets, type SynthParams } from './cluster.ts';
import { INTERNET_LABEL } from './clusterInventory.ts';

/** A small cluster that still has every policy shape. */
const small: Partial<SynthParams> = {
  seed: 7,
  tenants: 6,
  namespacesPerTenant: 2,
  workloads: 64,
  podsPerWorkload: 2,
  nodes: 3,
  ccnps: 6,
  cnps: 30,
  networkPolicies: 8,
  fqdnPolicies: 7,
  portRangePolicies: 2,
  denyPolicies: 3,
  internetEgressShare: 0.5,
};

function items(text: string): Record<string, unknown>[] {
  return (parse(text) as { items: Record<string, unknown>[] }).items;
}

describe('generateCluster', () => {
  it('is deterministic: the same seed gives byte-identical files, another seed other files', () => {
    const a = generateCluster(small);
    const b = generateCluster(small);
    expect(b.files).toEqual(a.files);
    const c = generateCluster({ ...small, seed: 8 });
    expect(c.files.map((f) => f.data)).not.toEqual(a.files.map((f) => f.data));
    expect(generateCluster({ ...small, format: 'json' }).files).toEqual(generateCluster({ ...small, format: 'json' }).files);
  });

  it('has the asked sizes', () => {
    const c = generateCluster(small);
    expect(c.counts).toMatchObject({ tenants: 6, namespaces: 6 * 2 + 3, workloads: 64, pods: 128, nodes: 3, ccnps: 6, cnps: 30, networkPolicies: 8, policies: 44 });
    const all = c.files.flatMap((f) => items(f.data));
    const kinds = new Map<string, number>();
    for (const o of all) kinds.set(String(o['kind']), (kinds.get(String(o['kind'])) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({
      Namespace: 15,
      Node: 3,
      Deployment: 64,
      ReplicaSet: 64,
      Pod: 128,
      CiliumClusterwideNetworkPolicy: 6,
      CiliumNetworkPolicy: 30,
      NetworkPolicy: 8,
    });
  });

  it('gives the 5k preset 5,000 workloads in 200 tenants with 1,000 policies', () => {
    const p = synthPresets['5k'];
    expect(p.workloads).toBe(5000);
    expect(p.tenants).toBe(200);
    expect(p.ccnps + p.cnps + p.networkPolicies).toBe(1000);
  });

  it('splits big Lists into several files of at most maxItemsPerFile items', () => {
    const c = generateCluster({ ...small, maxItemsPerFile: 50 });
    const pods = c.files.filter((f) => f.name.startsWith('pods'));
    expect(pods.map((f) => f.name)).toEqual(['pods-1.yaml', 'pods-2.yaml', 'pods-3.yaml']);
    expect(pods.map((f) => items(f.data).length)).toEqual([50, 50, 28]);
  });

  it('writes the policy shapes of the app-platform fixture', () => {
    const c = generateCluster(small);
    const text = (prefix: string): string => c.files.filter((f) => f.name.startsWith(prefix)).map((f) => f.data).join('');
    const ccnps = text('ccnps');
    expect(ccnps).toContain('name: tenant-egress-baseline');
    expect(ccnps).toContain('name: tenant-ingress-baseline');
    expect(ccnps).toMatch(/cidr: 0\.0\.0\.0\/0\n\s+except:\n\s+- 10\.0\.0\.0\/8/);
    expect(ccnps).toContain('egressDeny:');
    const cnps = items(text('cnps'));
    const specs = cnps.map((o) => JSON.stringify(o['spec']));
    expect(specs.filter((s) => s.includes('toFQDNs'))).toHaveLength(7);
    // Every FQDN allow comes with the DNS rule that lets Cilium learn the addresses.
    for (const s of specs.filter((x) => x.includes('toFQDNs'))) expect(s).toContain('"dns":[');
    expect(specs.filter((s) => s.includes('endPort'))).toHaveLength(2);
    expect(specs.filter((s) => s.includes('Deny'))).toHaveLength(3);
    expect(cnps.filter((o) => (o['metadata'] as { name: string }).name === 'same-tenant')).toHaveLength(12);
  });

  it('labels about the asked share of tenant workloads for internet egress', () => {
    const c = generateCluster({ ...synthPresets['1k'], internetEgressShare: 0.25 });
    const tenantWl = c.inventory.workloads.filter((w) => w.tenant !== null);
    const share = tenantWl.filter((w) => w.labels[INTERNET_LABEL] === 'true').length / tenantWl.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });

  it.each(['yaml', 'json'] as const)('loads through loadInputs (%s) without errors or warnings, every pod under its Deployment', (format) => {
    const c = generateCluster({ ...small, format });
    const r = loadInputs(c.files, { clusterName: 'default' });
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.cluster.namespaces.size).toBe(c.counts.namespaces);
    expect(r.cluster.workloads.filter((w) => w.kind === 'Deployment')).toHaveLength(64);
    expect(r.cluster.workloads).toHaveLength(64);
    expect(r.cluster.pods).toHaveLength(128);
    expect(r.cluster.nodes).toHaveLength(3);
    expect(r.cluster.policies).toHaveLength(44);
    for (const p of r.cluster.pods) expect(p.workload).toMatch(/^[a-z0-9-]+\/Deployment\//);
    const ips = new Set(r.cluster.pods.flatMap((p) => p.ips));
    expect(ips.size).toBe(128);
  });
});

describe('generated policies mean what they say (through the engine)', () => {
  // Only the baselines and same-tenant isolation, so every verdict below is predictable.
  const c = generateCluster({ seed: 3, tenants: 3, namespacesPerTenant: 2, workloads: 40, podsPerWorkload: 1, ccnps: 4, cnps: 6, networkPolicies: 0, fqdnPolicies: 0, portRangePolicies: 0, denyPolicies: 0, internetEgressShare: 0.5 });
  const model = compile(loadInputs(c.files).cluster);
  const [t0, t1] = c.inventory.tenants;
  const wl = c.inventory.workloads;
  const tcpPort = (w: (typeof wl)[number]): number | undefined => w.ports.find((p) => p.protocol === 'TCP')?.port;
  const x = wl.find((w) => w.tenant === t0 && w.internet);
  const sameTenant = wl.find((w) => w.tenant === t0 && w.namespace !== x?.namespace && tcpPort(w) !== undefined);
  const otherTenant = wl.find((w) => w.tenant === t1 && tcpPort(w) !== undefined);
  const offline = wl.find((w) => w.tenant !== null && !w.internet);
  const web = wl.find((w) => w.tenant !== null && w.ports.some((p) => p.port === 8080));

  function ep(m: EngineModel, text: string): Endpoint {
    const p = parsePeerRef(text);
    if (!p.ok) throw new Error(p.error);
    const r = resolvePeerRef(m, p.value);
    if (!r.ok) throw new Error(r.error);
    return r.value.endpoint;
  }
  const verdict = (from: string, to: string, port: number): string => decide(model, { from: ep(model, from), to: ep(model, to), port, protocol: 'TCP' }).verdict;
  const ref = (w: { namespace: string; name: string } | undefined): string => {
    if (!w) throw new Error('the generator did not produce the workload this test needs');
    return `${w.namespace}/${w.name}`;
  };

  it('allows a tenant inside itself, across its namespaces', () => {
    expect(verdict(ref(x), ref(sameTenant), tcpPort(sameTenant as (typeof wl)[number]) as number)).toBe('allowed');
  });
  it('denies one tenant to another', () => {
    expect(verdict(ref(x), ref(otherTenant), tcpPort(otherTenant as (typeof wl)[number]) as number)).toBe('denied');
  });
  it('lets Envoy in on 8080', () => {
    expect(verdict('platform-ingress/envoy', ref(web), 8080)).toBe('allowed');
  });
  it('lets only opted-in workloads out to the internet, never to SMTP 25 or private ranges', () => {
    expect(verdict(ref(x), '93.184.216.34', 443)).toBe('allowed');
    expect(verdict(ref(x), '198.51.100.25', 25)).toBe('denied');
    expect(verdict(ref(x), '10.1.2.3', 443)).toBe('denied');
    expect(verdict(ref(offline), '93.184.216.34', 443)).toBe('denied');
  });
});
