import { describe, expect, it } from 'vitest';
import { loadInputs } from './loadInputs.ts';
import { classifyInputName } from './inputNames.ts';

/**
 * CiliumNodeConfigs (cilium.io/v2, namespaced: cilium/cilium pkg/k8s/apis/cilium.io/v2/cnc_types.go
 * at 51efe2d53488974d3c4e9a04c56d7b42016d9f54, CiliumNodeConfig {spec: {nodeSelector, defaults}}): cilium-config keys
 * overridden on the nodes the selector matches. netpol-viz decides with one set of settings for
 * every node, so each is listed with the keys it sets, a warning when one of them changes verdicts.
 */

const CNC = `apiVersion: v1
kind: List
items:
- apiVersion: cilium.io/v2
  kind: CiliumNodeConfig
  metadata: {name: strict-nodes, namespace: kube-system}
  spec:
    nodeSelector:
      matchLabels: {pool: pci}
    defaults:
      enable-policy: always
      policy-audit-mode: "true"
      bpf-lb-algorithm: maglev
- apiVersion: cilium.io/v2alpha1
  kind: CiliumNodeConfig
  metadata: {name: lb-tuning, namespace: kube-system}
  spec:
    nodeSelector: {}
    defaults: {bpf-lb-algorithm: maglev}
- apiVersion: cilium.io/v2
  kind: CiliumNodeConfig
  metadata: {name: broken, namespace: kube-system}
  spec:
    nodeSelector: {}
    defaults: [enable-policy]
- apiVersion: cilium.io/v2
  kind: CiliumNodeConfig
  metadata: {name: unselected, namespace: kube-system}
  spec:
    defaults: {enable-policy: never}
`;

describe('CiliumNodeConfigs', () => {
  it("a sysdump's ciliumnodeconfigs listing is read", () => {
    expect(classifyInputName('cilium-sysdump-20261120-091500/ciliumnodeconfigs-20261120-091500.yaml')).toEqual({ read: true, sysdump: true });
  });

  it('each listed with what it sets; verdict settings warned (not applied per node), others an info; a damaged one said at its field', () => {
    const name = 'ciliumnodeconfigs-20261120-091500.yaml';
    const r = loadInputs([{ name, data: CNC }]);
    const said = r.diagnostics.filter((d) => d.file === name).map((d) => [d.severity, d.code, d.line, d.path]);
    expect(said).toEqual([
      ['warning', 'node-config-verdict-settings', 4, 'items[0]'],
      ['info', 'node-config', 14, 'items[1]'],
      ['error', 'invalid-type', 25, 'items[2].spec.defaults'],
      ['info', 'node-config', 26, 'items[3]'],
    ]);
    // cnc_types.go: without a nodeSelector a CiliumNodeConfig applies to no node.
    expect(r.diagnostics.filter((d) => d.code === 'node-config')[1]?.message).toContain('has no nodeSelector: it applies to no node');
    const warn = r.diagnostics.find((d) => d.code === 'node-config-verdict-settings')?.message ?? '';
    expect(warn).toContain('kube-system/strict-nodes');
    expect(warn).toContain('enable-policy=always, policy-audit-mode=true');
    expect(warn).toContain('pool=pci');
    expect(warn).toContain("cilium-config's on every node");
    expect(r.diagnostics.filter((d) => d.code === 'node-config')[0]?.message).toContain('sets bpf-lb-algorithm for the agents on every node: none changes a verdict');
    expect(r.cluster.sources.find((s) => s.file === name)?.counts).toEqual({ CiliumNodeConfig: 3 });
  });
});
