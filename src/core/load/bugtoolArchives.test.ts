import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { loadInputs } from './loadInputs.ts';
import { tarArchive } from './archiveTesting.ts';
import { AGENT_RULE } from './testing.ts';

/**
 * A cilium-bugtool archive inside a sysdump. cilium-cli runs `cilium-bugtool --archiveType=gz`
 * in each agent (cilium-cli sysdump/sysdump.go submitCiliumBugtoolTasks), copies
 * `cilium-bugtool-<pod>-<ts>.tar.gz` out and unpacks it without its top folder; the tarball stays
 * in the sysdump when unpacking failed (a copy cut short, say), and users attach bugtool
 * archives of their own (`cilium-bugtool` alone writes `.tar`: `cilium-bugtool-<time>-<n>.tar`,
 * bugtool/cmd/root.go). Inside: `<top>/cmd/<command>.md` and `<top>/conf/…`.
 */
const TS = '20261120-091500';
const DIR = `cilium-sysdump-${TS}`;
const TOP = 'cilium-bugtool-20261120-091502.123+0000-UTC-3046286391';

const CNP = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicyList
items:
- apiVersion: cilium.io/v2
  kind: CiliumNetworkPolicy
  metadata: {name: web-ingress, namespace: shop}
  spec:
    endpointSelector: {matchLabels: {app: web}}
    ingress: [{fromEndpoints: [{matchLabels: {app: lb}}]}]
`;


const DEBUGINFO = JSON.stringify(
  {
    'cilium-version': '1.16.3 3dc1c5a1 2024-10-22T10:55:23+00:00 go version go1.22.8 linux/amd64',
    'endpoint-list': [
      {
        id: 1234,
        status: {
          identity: { id: 50123, labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'] },
          'external-identifiers': { 'k8s-namespace': 'shop', 'k8s-pod-name': 'web-7d4b9-abcde' },
          networking: { addressing: [{ ipv4: '10.0.1.17' }] },
        },
      },
    ],
    policy: { policy: JSON.stringify([AGENT_RULE], null, 2), revision: 12 },
  },
  null,
  2,
);

/** What one agent's bugtool archive holds (a few of its ~150 files; those netpol-viz reads, and noise). */
function bugtoolTar(top = TOP): Uint8Array {
  return tarArchive([
    { name: `${top}/cmd/cilium-debuginfo-20261120-091503.5+0000-UTC.json`, data: DEBUGINFO },
    { name: `${top}/cmd/cilium-debuginfo-20261120-091503.5+0000-UTC.md`, data: '# Cilium debug information\n' },
    { name: `${top}/cmd/cilium-dbg-policy-get.md`, data: `${JSON.stringify([AGENT_RULE], null, 2)}\nRevision: 12\n` },
    { name: `${top}/cmd/cilium-dbg-status---verbose.md`, data: 'KVStore: Disabled\n' },
    { name: `${top}/cmd/cilium-dbg-ip-list--n--o-json.md`, data: '[{"cidr":"10.0.1.17/32","identity":50123}]\n' },
    { name: `${top}/cmd/envoy-config.json`, data: '{"configs":[]}' },
    { name: `${top}/conf/kernel-config`, data: 'CONFIG_BPF=y\n' },
  ]);
}

const sysdump = (bugtool: { name: string; data: Uint8Array }): Uint8Array =>
  zipSync({
    [`${DIR}/ciliumnetworkpolicies-${TS}.yaml`]: strToU8(CNP),
    [`${DIR}/logs-cilium-x7k2p-cilium-agent-${TS}.log`]: strToU8('level=info\n'),
    [bugtool.name]: bugtool.data,
  });

const codes = (r: ReturnType<typeof loadInputs>): string[] => r.diagnostics.map((d) => d.code);

describe('cilium-bugtool archives inside a sysdump are opened', () => {
  const variants: [string, string, Uint8Array][] = [
    ['a .tar.gz left by a failed unpack (cilium-cli 0.12 and later)', `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`, new Uint8Array(gzipSync(bugtoolTar()))],
    ['a .tar (cilium-cli 0.10/0.11, or bugtool run by hand)', `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar`, bugtoolTar()],
    ['a .zip', `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.zip`, zipSync({ [`${TOP}/cmd/cilium-debuginfo-20261120-091503.5+0000-UTC.json`]: strToU8(DEBUGINFO) })],
  ];
  for (const [what, name, data] of variants) {
    it(`${what}: the agent's endpoints and rules are read, the rest of it is skipped`, () => {
      const r = loadInputs([{ name: 'sysdump.zip', data: sysdump({ name, data }) }]);
      const inside = r.cluster.sources.filter((s) => s.file.includes('/cmd/'));
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.every((s) => s.file.startsWith(`sysdump.zip/${name}/`))).toBe(true);
      const counts = inside.reduce<Record<string, number>>((a, s) => {
        for (const [k, n] of Object.entries(s.counts)) a[k] = (a[k] ?? 0) + n;
        return a;
      }, {});
      expect(counts['AgentEndpoint']).toBe(1);
      expect(counts['AgentPolicyRule']).toBeGreaterThanOrEqual(1);
      expect(codes(r)).not.toContain('nested-archive');
      expect(codes(r)).not.toContain('agent-policy-not-loaded');
      expect(r.cluster.endpoints.map((e) => e.identityId)).toEqual([50123]);
      expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    });
  }

  it('in a sysdump zipped again (a support case): still opened, four levels down', () => {
    const inner = sysdump({ name: `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`, data: new Uint8Array(gzipSync(bugtoolTar())) });
    const r = loadInputs([{ name: 'case.zip', data: zipSync({ [`case-1234/${DIR}.zip`]: inner }) }]);
    expect(r.cluster.endpoints.map((e) => e.identityId)).toEqual([50123]);
    expect(codes(r)).not.toContain('nested-archive');
  });

  it('a bugtool archive with none of the outputs netpol-viz reads: an info naming what it looked for, not a warning', () => {
    const tar = tarArchive([{ name: `${TOP}/cmd/cilium-dbg-status---verbose.md`, data: 'KVStore: Disabled\n' }]);
    const r = loadInputs([{ name: 'sysdump.zip', data: sysdump({ name: `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`, data: new Uint8Array(gzipSync(tar)) }) }]);
    const note = r.diagnostics.find((d) => d.file.endsWith('.tar.gz'));
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('cilium-debuginfo');
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a bugtool tarball cut short (the copy out of the pod failed): what came before the cut is read, the cut is an error', () => {
    const full = new Uint8Array(gzipSync(bugtoolTar()));
    const r = loadInputs([{ name: 'sysdump.zip', data: sysdump({ name: `${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`, data: full.subarray(0, Math.floor(full.length * 0.6)) }) }]);
    expect(r.cluster.policies.map((p) => p.ref.name)).toEqual(['web-ingress']);
    const damaged = r.diagnostics.filter((d) => d.severity === 'error');
    expect(damaged.length).toBeGreaterThan(0);
    expect(damaged.every((d) => d.file.startsWith(`sysdump.zip/${DIR}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`))).toBe(true);
  });
});

describe('bounds on reading archives: a diagnostic when one stops reading, what came before stays loaded', () => {
  const many = (n: number): Record<string, Uint8Array> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`d/np-${String(i).padStart(3, '0')}.yaml`, strToU8(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np-${i}, namespace: shop}\nspec: {podSelector: {}}\n`)]));

  it('nesting deeper than maxArchiveDepth', () => {
    let z = zipSync({ 'np.yaml': strToU8('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deep, namespace: shop}\nspec: {podSelector: {}}\n') });
    for (let i = 0; i < 6; i++) z = zipSync({ [`level-${i}.zip`]: z });
    const r = loadInputs([{ name: 'deep.zip', data: z }]);
    expect(r.cluster.policies).toEqual([]);
    const d = r.diagnostics.find((x) => x.code === 'nested-archive');
    expect(d?.file).toMatch(/^deep\.zip\/level-5\.zip\/level-4\.zip\/level-3\.zip\/level-2\.zip/);
  });

  it('gzip inside gzip without end is cut at the same depth (no endless unpacking)', () => {
    let g: Uint8Array = strToU8('apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    for (let i = 0; i < 8; i++) g = new Uint8Array(gzipSync(g));
    const r = loadInputs([{ name: 'a.yaml.gz', data: g }]);
    expect(codes(r)).toContain('nested-archive');
  });

  it('more members than maxArchiveMembers', () => {
    const r = loadInputs([{ name: 'many.zip', data: zipSync(many(30)) }], { limits: { maxArchiveMembers: 10 } });
    expect(r.cluster.policies).toHaveLength(10);
    const d = r.diagnostics.filter((x) => x.code === 'archive-limit');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error' });
    expect(d[0]?.message).toContain('10 files');
  });

  it('more bytes than maxArchiveBytes', () => {
    const r = loadInputs([{ name: 'many.zip', data: zipSync(many(30)) }], { limits: { maxArchiveBytes: 1000 } });
    const n = r.cluster.policies.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(30);
    expect(r.diagnostics.filter((x) => x.code === 'archive-limit')).toHaveLength(1);
  });

  it('a zip bomb: unpacking to more than maxArchiveRatio times the archive, past archiveRatioFromBytes', () => {
    const bomb = zipSync({ 'np.yaml': strToU8('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: first, namespace: shop}\nspec: {podSelector: {}}\n'), 'zeros.yaml.gz': new Uint8Array(gzipSync(gzipSync(new Uint8Array(16 << 20)))) });
    const r = loadInputs([{ name: 'bomb.zip', data: bomb }], { limits: { archiveRatioFromBytes: 1 << 20 } });
    expect(r.cluster.policies.map((p) => p.ref.name)).toEqual(['first']);
    const d = r.diagnostics.filter((x) => x.code === 'archive-limit');
    expect(d).toHaveLength(1);
    expect(d[0]?.file).toBe('bomb.zip/zeros.yaml.gz');
    expect(d[0]?.message).toMatch(/times/);
  });
});
