import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { agentImageOf, agentVersionOf, helmReleaseVersionOf, isCiliumConfigMap } from './CiliumConfig.ts';
import { parseCiliumConfig } from './CiliumConfigMap.ts';

const CM = `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
  cluster-name: prod-eu
  enable-policy: always
  policy-cidr-match-mode: nodes
  policy-audit-mode: "true"
  allow-localhost: policy
  enable-ipv4: "true"
`;

describe('cilium-config', () => {
  it('is recognised by kind and name only', () => {
    expect(isCiliumConfigMap(yamlDoc(CM).value)).toBe(true);
    expect(isCiliumConfigMap(yamlDoc(CM.replace('cilium-config', 'other')).value)).toBe(false);
    expect(isCiliumConfigMap(yamlDoc(CM.replace('ConfigMap', 'Secret')).value)).toBe(false);
  });

  it('reads the settings the engine models, with where each came from', () => {
    const r = parseCiliumConfig(yamlDoc(CM, 'cm.yaml'));
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ enforcementMode: 'always', policyCidrMatchMode: 'nodes', auditMode: true, allowLocalhost: 'policy', clusterName: 'prod-eu', enableIPv4: true });
    expect(r.value?.read.map((s) => `${s.key}=${s.value}@${s.source.line}`)).toEqual([
      'cluster-name=prod-eu@5',
      'enable-policy=always@6',
      'policy-cidr-match-mode=nodes@7',
      'policy-audit-mode=true@8',
      'allow-localhost=policy@9',
      'enable-ipv4=true@10',
    ]);
  });

  it('maps Cilium defaults and warns about values the agent refuses', () => {
    const r = parseCiliumConfig(yamlDoc(CM.replace('enable-policy: always', 'enable-policy: sometimes').replace('allow-localhost: policy', 'allow-localhost: auto').replace('policy-cidr-match-mode: nodes', 'policy-cidr-match-mode: ""')));
    expect(r.value?.enforcementMode).toBeUndefined();
    expect(r.value?.allowLocalhost).toBe('always');
    expect(r.value?.policyCidrMatchMode).toBe('default');
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-agent-setting', line: 6, path: 'data.enable-policy' })]);
  });
});

describe('enable-k8s-cluster-network-policy (Cilium 1.20 ClusterNetworkPolicy, off by default)', () => {
  it('is read when set; a cilium-config without it is marked as read, so the agent default (off) applies', () => {
    const on = parseCiliumConfig(yamlDoc(`${CM}  enable-k8s-cluster-network-policy: "true"\n`));
    expect(on.value?.clusterNetworkPolicy).toBe(true);
    expect(on.value?.read.map((s) => s.key)).toContain('enable-k8s-cluster-network-policy');
    const absent = parseCiliumConfig(yamlDoc(CM));
    expect(absent.value?.clusterNetworkPolicy).toBeUndefined();
    expect(absent.value?.fromConfigMap).toBe(true);
  });
});

describe('the agent version from the cilium DaemonSet', () => {
  const ds = (image: string, name = 'cilium'): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: kube-system}
spec:
  template:
    spec:
      initContainers: [{name: config, image: "quay.io/cilium/cilium:v1.14.0"}]
      containers:
      - name: cilium-agent
        image: "${image}"
`;
  it('takes major.minor from the cilium-agent image tag, digest or not', () => {
    expect(agentVersionOf(yamlDoc(ds('quay.io/cilium/cilium:v1.16.5@sha256:758ca0793f5995bb938a2fa219dcce63dc0b3fa7345f7ce9ce0bef0c7d4b')).value)).toEqual({ version: '1.16', image: 'quay.io/cilium/cilium:v1.16.5@sha256:758ca0793f5995bb938a2fa219dcce63dc0b3fa7345f7ce9ce0bef0c7d4b', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] });
    expect(agentVersionOf(yamlDoc(ds('registry.local:5000/cilium/cilium:1.19.0-pre.1')).value)?.version).toBe('1.19');
  });
  it('gives nothing for other DaemonSets or untagged images', () => {
    expect(agentVersionOf(yamlDoc(ds('quay.io/cilium/cilium:v1.16.5', 'cilium-envoy')).value)).toBeNull();
    expect(agentVersionOf(yamlDoc(ds('quay.io/cilium/cilium@sha256:758ca0793f59')).value)).toBeNull();
    expect(agentVersionOf(yamlDoc(ds('quay.io/cilium/cilium:latest')).value)).toBeNull();
  });
});

describe('the Cilium version from the Helm release metadata (cilium sysdump: cilium-helm-metadata-<ts>.yaml, helm get metadata)', () => {
  const META = `name: cilium
chart: cilium
version: 1.16.3
appVersion: 1.16.3
namespace: kube-system
revision: 4
status: deployed
deployedAt: "2024-11-20T09:15:00Z"
`;
  it('takes major.minor of the cilium chart, which versions with Cilium', () => {
    expect(helmReleaseVersionOf(yamlDoc(META).value)).toEqual({ version: '1.16', value: '1.16.3', path: ['version'] });
  });
  it('gives nothing for another chart or a Kubernetes object', () => {
    expect(helmReleaseVersionOf(yamlDoc(META.replace('chart: cilium', 'chart: tetragon')).value)).toBeNull();
    expect(helmReleaseVersionOf(yamlDoc('apiVersion: v1\nkind: ConfigMap\nchart: cilium\nversion: 1.16.3\n').value)).toBeNull();
  });
});

describe('the cilium-agent image even when its tag names no version', () => {
  it('gives the image and where it is written', () => {
    const ds = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: cilium}\nspec:\n  template:\n    spec:\n      containers: [{name: cilium-agent, image: "quay.io/cilium/cilium@sha256:758c"}]\n';
    expect(agentImageOf(yamlDoc(ds).value)).toEqual({ image: 'quay.io/cilium/cilium@sha256:758c', path: ['spec', 'template', 'spec', 'containers', 0, 'image'] });
    expect(agentImageOf(yamlDoc(ds.replace('name: cilium}', 'name: other}')).value)).toBeNull();
  });
});
