import { describe, expect, it } from 'vitest';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { rawDoc, testCtx } from './testDocs.ts';
import { parseCiliumConfig } from '../k8s/CiliumConfigMap.ts';
import { compile } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { buildCluster, ipEndpoint, podEndpoint } from '../engine/testing.ts';
import type { Endpoint } from '../engine/types.ts';
import type { Policy } from '../model/policy.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { ParseContext } from '../load/parseTypes.ts';

/**
 * `fromNodes` / `toNodes` by Cilium release and agent flag.
 * - From 1.16 (absent from pkg/policy/api/ingress.go in the copy vendored by cilium/cilium-cli at
 *   v1.14.0-snapshot.3 fb2b5866e, present from v1.16.0-pre.0 bccd0dff8): without
 *   --enable-node-selector-labels (off by default) IngressCommonRule/EgressCommonRule.sanitize
 *   return ErrFromToNodesRequiresNodeSelectorOption ("FromNodes/ToNodes rules can only be applied
 *   when the "enable-node-selector-labels" flag is set", pkg/policy/api/rule_validation.go at
 *   v1.20.0-pre.4 2efb257c8533, vendored by cilium/cilium-cli 7ca7fc53c), and one rule failing
 *   Sanitize fails the whole CiliumNetworkPolicy. With the flag the rule applies (nodeLabels.test).
 * - Before 1.16 the CRD has no such field: the API server prunes it, and the item is left without
 *   a peer (here `{}`: it allows nothing, its subject is in default deny).
 */
const text = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-workers, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: be}}
  ingress:
  - fromNodes: [{matchLabels: {role: worker}}]
`;
const parse = (ciliumVersion: string, nodeSelectorLabels?: boolean, nodeSelectorLabelsFrom?: ParseContext['nodeSelectorLabelsFrom']) =>
  parseCiliumPolicy(rawDoc(text, 'p.yaml'), {
    ...testCtx,
    ciliumVersion,
    ...(nodeSelectorLabels !== undefined ? { nodeSelectorLabels } : {}),
    ...(nodeSelectorLabelsFrom !== undefined ? { nodeSelectorLabelsFrom } : {}),
  });

const n2: Endpoint = { kind: 'node', name: 'n2', ip: '172.18.0.2', display: 'n2' };
function verdict(policy: Policy, v: string) {
  const m = compile(
    buildCluster({
      pods: [{ ns: 'shop', name: 'be', labels: { app: 'be' }, node: 'n1', ip: '10.0.1.2' }],
      nodes: [
        { name: 'n1', ip: '172.18.0.1' },
        { name: 'n2', ip: '172.18.0.2', labels: { role: 'worker' } },
      ],
      policies: [policy],
    }),
    { ciliumVersion: v },
  );
  return decide(m, { from: n2, to: podEndpoint(m, 'shop/be'), port: 80, protocol: 'TCP' });
}

describe('fromNodes without --enable-node-selector-labels', () => {
  for (const [v, from, why] of [
    ['1.16', 'cilium-config-default', 'off by default, and the loaded cilium-config does not set it'],
    ['1.19', undefined, 'the loaded cilium-config sets it to false'],
    ['1.19', 'set', 'set off by hand'],
    ['1.20', 'cilium-config', 'the loaded cilium-config sets it to false'],
  ] as const)
    it(`Cilium ${v}, flag off (${from ?? 'false'}): the agent refuses the whole policy, and the error says which flag, why off and the release`, () => {
      const r = parse(v, false, from);
      expect(r.value).toBeNull();
      const e = r.diagnostics.find((d) => d.code === 'needs-node-selector-labels');
      expect(e).toMatchObject({ severity: 'error', path: 'spec.ingress[0].fromNodes', line: 7 });
      expect(e?.message).toContain('enable-node-selector-labels');
      expect(e?.message).toContain(`Cilium ${v}`);
      expect(e?.message).toContain(why);
    });
});

describe('fromNodes with enable-node-selector-labels not known (no cilium-config, not set)', () => {
  it('assumed on, as ClusterNetworkPolicy support is: the policy loads, and a note says it was assumed, the default and what Cilium does with it off', () => {
    const r = parse('1.19');
    expect(r.value).not.toBeNull();
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const n = r.diagnostics.find((d) => d.code === 'assumed-node-selector-labels');
    expect(n).toMatchObject({ severity: 'info', path: 'spec.ingress[0].fromNodes', line: 7 });
    expect(n?.message).toContain('assumed enable-node-selector-labels=true (Cilium 1.19 default: off; no cilium-config loaded)');
    expect(n?.message).toContain('refuses the whole policy ("FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set")');
    expect(verdict(r.value as Policy, '1.19').verdict).toBe('allowed');
  });
});

describe('fromNodes with enable-node-selector-labels assumed: every verdict the policy decides says so', () => {
  const m = () =>
    compile(
      buildCluster({
        pods: [{ ns: 'shop', name: 'be', labels: { app: 'be' }, node: 'n1', ip: '10.0.1.2' }],
        nodes: [
          { name: 'n1', ip: '172.18.0.1' },
          { name: 'n2', ip: '172.18.0.2', labels: { role: 'worker' } },
        ],
        policies: [parse('1.19').value as Policy],
      }),
      { ciliumVersion: '1.19' },
    );
  const said = 'its policy was read with enable-node-selector-labels assumed true (Cilium 1.19 default: off; no cilium-config loaded) for its fromNodes: with it off the agent refuses the whole policy';
  it('allowed by the fromNodes rule: the note names the rule, the assumption, the default and the refusal', () => {
    const d = decide(m(), { from: n2, to: podEndpoint(m(), 'shop/be'), port: 80, protocol: 'TCP' });
    expect(d.verdict).toBe('allowed');
    expect(d.notes).toContain(`CNP shop/from-workers spec.ingress[0] decides this; ${said}, which then decides nothing`);
  });
  it('denied by the default deny the policy enables: said too (with the flag off nothing selects be, and it is allowed)', () => {
    const model = m();
    const d = decide(model, { from: ipEndpoint('203.0.113.9'), to: podEndpoint(model, 'shop/be'), port: 80, protocol: 'TCP' });
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.notes.some((n) => n.startsWith('CNP shop/from-workers spec ') && n.includes(said))).toBe(true);
  });
  it('not said when the flag is known', () => {
    const d = verdict(parse('1.19', true).value as Policy, '1.19');
    expect(d.notes.some((n) => n.includes('enable-node-selector-labels'))).toBe(false);
  });
});

describe('fromNodes with --enable-node-selector-labels', () => {
  it('Cilium 1.19: loads without an error and selects the remote node by its labels', () => {
    const r = parse('1.19', true);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(verdict(r.value as Policy, '1.19').verdict).toBe('allowed');
  });
});

describe('fromNodes before Cilium 1.16', () => {
  it('1.15: the CRD has no fromNodes, the API server prunes it, and the item left ({}) allows nothing: the node is denied', () => {
    const r = parse('1.15', true);
    expect(r.value).not.toBeNull();
    const w = r.diagnostics.find((d) => d.path === 'spec.ingress[0].fromNodes');
    expect(w?.code).toBe('unknown-field');
    expect(w?.message).toMatch(/fromNodes came with Cilium 1\.16/);
    expect(w?.message).toContain('allows nothing');
    const d = verdict(r.value as Policy, '1.15');
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
  });
});

describe('cilium-config enable-node-selector-labels', () => {
  it('is read as the agent reads a boolean flag', () => {
    const cm = (v: string) =>
      parseCiliumConfig(rawDoc(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata:\n  enable-node-selector-labels: "${v}"\n`)).value;
    expect(cm('true')?.nodeSelectorLabels).toBe(true);
    expect(cm('false')?.nodeSelectorLabels).toBe(false);
    expect(cm('yes')?.nodeSelectorLabels).toBeUndefined();
  });
});

describe('the loader passes cilium-config enable-node-selector-labels to the policy parser', () => {
  const config = (v: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
  enable-node-selector-labels: "${v}"
`;
  const noKey = `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {enable-policy: default}
`;
  const load = (files: { name: string; data: string }[], nodeSelectorLabels?: boolean) =>
    loadInputs(files, { ciliumVersion: '1.19', ...(nodeSelectorLabels !== undefined ? { agentSettings: { nodeSelectorLabels } } : {}) });
  const refused = (r: ReturnType<typeof load>, why: string) => {
    expect(r.cluster.policies).toEqual([]);
    const e = r.diagnostics.find((d) => d.code === 'needs-node-selector-labels');
    expect(e).toMatchObject({ file: 'p.yaml', line: 7, severity: 'error' });
    expect(e?.message).toContain(why);
  };
  const p = { name: 'p.yaml', data: text };
  it('true: the fromNodes policy loads; false, or a cilium-config without the key (the default, off): refused with the error', () => {
    const on = load([{ name: 'cm.yaml', data: config('true') }, p]);
    expect(on.cluster.policies.map((x) => x.ref.name)).toEqual(['from-workers']);
    expect(on.diagnostics.filter((d) => d.code === 'assumed-node-selector-labels')).toEqual([]);
    refused(load([{ name: 'cm.yaml', data: config('false') }, p]), 'sets it to false');
    refused(load([{ name: 'cm.yaml', data: noKey }, p]), 'off by default, and the loaded cilium-config does not set it');
  });
  it('no cilium-config: assumed on, the policy loads with the note', () => {
    const r = load([p]);
    expect(r.cluster.policies.map((x) => x.ref.name)).toEqual(['from-workers']);
    expect(r.diagnostics.find((d) => d.code === 'assumed-node-selector-labels')).toMatchObject({ file: 'p.yaml', line: 7, severity: 'info' });
  });
  it('set by hand (--node-selector-labels, the app\'s agent settings): wins over cilium-config and the assumption', () => {
    refused(load([p], false), 'set off by hand');
    refused(load([{ name: 'cm.yaml', data: config('true') }, p], false), 'set off by hand');
    const on = load([{ name: 'cm.yaml', data: noKey }, p], true);
    expect(on.cluster.policies.map((x) => x.ref.name)).toEqual(['from-workers']);
    expect(on.cluster.agentConfig?.overridden).toEqual(['nodeSelectorLabels']);
    expect(on.diagnostics.filter((d) => d.code === 'assumed-node-selector-labels' || d.severity === 'error')).toEqual([]);
  });
});
