import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { peerEndpoint } from './testing.ts';
import { tierPlatformFiles, tierPlatformRows } from './tierPlatform.fixture.ts';
import type { EngineSettings } from './types.ts';
import { hasPort } from './PortSet.ts';
import { tierPlatformDir } from '../../../test/paths.ts';

const dir = tierPlatformDir;
const loaded = loadInputs(tierPlatformFiles.map((f) => ({ name: f, data: readFileSync(path.join(dir, f), 'utf8') })));

function ask(settings: Partial<EngineSettings>, from: string, to: string, port: number) {
  const model = compile(loaded.cluster, settings);
  const ref = (s: string) => peerEndpoint(model, s);
  return decide(model, { from: ref(from), to: ref(to), port, protocol: 'TCP' });
}

describe('tier-platform fixture: ClusterNetworkPolicy tiers on Cilium 1.20', () => {
  it('loads every policy without errors', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.cluster.tierPolicies?.map((t) => `${t.tier} ${t.priority} ${t.name}`)).toEqual([
      'Baseline 100 acme-baseline',
      'Admin 10 deny-smtp-egress',
      'Baseline 100 globex-baseline',
      'Admin 5 platform-smtp-pass',
    ]);
  });
  for (const row of tierPlatformRows)
    it(`#${row.n} ${row.from} → ${row.to} ${row.port}/TCP: ${row.verdict}`, () => {
      const d = ask({ ciliumVersion: '1.20' }, row.from, row.to, row.port);
      expect(d.verdict).toBe(row.verdict);
      expect(d.egress.reason).toBe(row.egress);
      expect(d.ingress.reason).toBe(row.ingress);
      expect(`${d.egress.text}\n${d.ingress.text}`).toContain(row.says);
    });

  it('Admin Deny beats a Cilium allow; Accept skips the NetworkPolicy tier', () => {
    const d = ask({ ciliumVersion: '1.20' }, 'acme-web/frontend', '203.0.113.10', 465);
    expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'deny-smtp-egress', path: 'spec.egress[0]' }]);
  });

  it('before Cilium 1.20, or with the setting off, the tiers are not enforced and a note says so', () => {
    const old = ask({ ciliumVersion: '1.19' }, 'acme-web/frontend', '203.0.113.10', 25);
    expect(old.verdict).toBe('allowed');
    expect(old.notes.join(' ')).toContain('Cilium 1.19 does not enforce ClusterNetworkPolicy');
    const off = ask({ ciliumVersion: '1.20', clusterNetworkPolicy: false }, 'globex-api/api', 'acme-shop/cart', 8080);
    expect(off.verdict).toBe('allowed');
    expect(off.notes.join(' ')).toContain('setting off');
  });

  /**
   * Cilium 1.20 watches ClusterNetworkPolicy only with enable-k8s-cluster-network-policy=true
   * (option.DaemonConfig EnableK8sClusterNetworkPolicy, default false; pkg/policy/k8s
   * cluster_network_policy.go; cilium/cilium's kCNP conformance preflight requires it). A loaded
   * cilium-config without it: not enforced; with it: enforced; no cilium-config: assumed on, said.
   */
  it('follows cilium-config enable-k8s-cluster-network-policy, off when cilium-config does not set it', () => {
    const cm = (extra: string) => ({ name: 'cm.yaml', data: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata:\n  enable-policy: default\n${extra}` });
    const files = tierPlatformFiles.map((f) => ({ name: f, data: readFileSync(path.join(dir, f), 'utf8') }));
    const verdict = (extra: string | null) => {
      const l = loadInputs(extra === null ? files : [...files, cm(extra)]);
      const m = compile(l.cluster, { ciliumVersion: '1.20' });
      const ref = (s: string) => peerEndpoint(m, s);
      return decide(m, { from: ref('acme-web/frontend'), to: ref('203.0.113.10'), port: 465, protocol: 'TCP' });
    };
    const off = verdict('');
    expect(off.verdict).toBe('allowed');
    expect(off.notes.join(' ')).toContain('enable-k8s-cluster-network-policy');
    expect(verdict('  enable-k8s-cluster-network-policy: "true"\n').verdict).toBe('denied');
    const assumed = verdict(null);
    expect(assumed.verdict).toBe('denied');
    expect(assumed.notes.join(' ')).toMatch(/no cilium-config.*enable-k8s-cluster-network-policy|enable-k8s-cluster-network-policy.*no cilium-config/);
  });

  it('connectivity agrees with decide on every workload pair and port of the fixture', () => {
    const model = compile(loaded.cluster, { ciliumVersion: '1.20' });
    const conn = connectivity(model, { identitiesOnly: true });
    const name = (i: number) => {
      const p = conn.peers[i];
      return p?.kind === 'identity' ? (p.workloads[0] ?? '').replace('/Pod/', '/') : '';
    };
    const edge = new Map(conn.edges.map((e) => [`${name(e.from)}>${name(e.to)}`, e.allowed]));
    const pods = ['acme-web/frontend', 'acme-shop/cart', 'globex-api/api', 'platform-mail/relay', 'monitoring/prometheus'];
    let checked = 0;
    for (const a of pods)
      for (const b of pods)
        for (const port of [25, 8080, 9090]) {
          const d = ask({ ciliumVersion: '1.20' }, a, b, port);
          const set = edge.get(`${a}>${b}`);
          const inSet = set !== undefined && hasPort(set, 'TCP', port);
          expect(inSet, `${a} → ${b} ${port}: decide says ${d.verdict}`).toBe(d.verdict === 'allowed');
          checked++;
        }
    expect(checked).toBe(75);
  });
});
